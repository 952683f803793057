import Findings

/// A base image comes from a registry that is not in the configured `trusted-registries`.
struct UntrustedRegistry: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0100", "untrusted-registry", .publicImages, .warning,
        summary: "A base image comes from a registry outside the configured `trusted-registries`.",
        why: """
            A base image is code you run with full trust. When a project lists the registries (or \
            registry/namespace prefixes) it trusts in `.shipshape.yml`, every base must come from one of \
            them — typically an internal mirror with scanned images. Only checked when the list is configured.
            """,
        bad: """
            # .shipshape.yml: trusted-registries: [registry.example.com]
            FROM quay.io/someone/tool:1.0
            """,
        good: """
            # .shipshape.yml: trusted-registries: [registry.example.com]
            FROM registry.example.com/base/debian:12
            """)

    func check(_ context: LintContext) -> [Finding] {
        let trusted = context.configuration.trustedRegistries
        guard !trusted.isEmpty else { return [] }
        return context.stages.compactMap { stage in
            guard let image = stage.baseImage else { return nil }
            let full = image.registry + "/" + image.repository
            let canonical = image.canonicalName
            let ok = trusted.contains { prefix in
                let prefix = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
                return image.registry == prefix || full.hasPrefix(prefix + "/") || canonical.hasPrefix(prefix + "/")
                    || (prefix == "docker.io" && image.registry == "docker.io") || full == prefix
            }
            guard !ok else { return nil }
            return context.finding(
                Self.descriptor, stage.from.range,
                "\(stage.base) comes from \(image.registry), which is not a trusted registry",
                hint: "use an image from \(trusted.joined(separator: ", ")), or add the registry to trusted-registries")
        }
    }
}
