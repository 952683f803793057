import Findings

/// yum, dnf, microdnf or zypper installs without cleaning their cache in the same RUN.
struct PackageCacheNotCleaned: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0072", "package-cache-not-cleaned", .layerWaste, .info,
        summary: "`yum`/`dnf`/`microdnf`/`zypper install` without `clean all` in the same RUN keeps the cache.",
        why: """
            These package managers keep downloaded metadata and packages under /var/cache; unless the same RUN \
            runs `clean all` (or removes the cache) it ships in the layer. Not reported when a \
            `--mount=type=cache` covers /var/cache.
            """,
        bad: """
            FROM rockylinux:9
            RUN dnf install -y nginx
            """,
        good: """
            FROM rockylinux:9
            RUN dnf install -y nginx && dnf clean all
            """)
    static let hadolintCodes = ["DL3032", "DL3040", "DL3036"]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        // `ONBUILD RUN` triggers too: each is a RUN of the child image's build.
        for instruction in context.allRuns {
            let effects = context.effects(of: instruction)
            guard
                let (index, pair) = effects.installs.first(where: {
                    [.yum, .dnf, .microdnf, .zypper].contains($0.install.manager)
                })
            else { continue }
            let install = pair.command
            if instruction.mounts.contains(where: {
                ($0["type"] == "cache" || $0["type"] == "tmpfs") && ($0["target"] ?? "").hasPrefix("/var/cache")
            }) {
                continue
            }
            // Only a clean after the install counts: `zypper clean && zypper install x` keeps the cache.
            if effects.cleans(.rpm, after: index) { continue }
            findings.append(
                context.finding(
                    Self.descriptor, install.range, "`\(install.name) install` leaves its cache in this layer",
                    hint:
                        "end the RUN with `&& \(install.name == "zypper" ? "zypper clean -a" : "\(install.name) clean all")`"
                ))
        }
        return findings
    }
}
