import Findings

/// Package signature checks are switched off (`--allow-unauthenticated`, `--nogpgcheck`, `--allow-untrusted`).
struct SignatureCheckDisabled: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0054", "signature-check-disabled", .fsSecurity, .error,
        summary:
            "Package signature checks are disabled (`--allow-unauthenticated`, `--nogpgcheck`, `--allow-untrusted`).",
        why: """
            Package signatures are what proves a package comes from the distribution and was not altered by a \
            mirror or a man in the middle. Import the repository's key instead of turning the check off.
            """,
        bad: """
            FROM rockylinux:9-minimal
            RUN microdnf install -y --nogpgcheck nginx && microdnf clean all
            """,
        good: """
            FROM rockylinux:9-minimal
            RUN microdnf install -y nginx && microdnf clean all
            """)

    func check(_ context: LintContext) -> [Finding] {
        context.allRunCommands.compactMap { _, command in
            let flag: String?
            switch command.name {
            case "apt-get", "apt", "aptitude":
                flag =
                    command.has("--allow-unauthenticated")
                    ? "--allow-unauthenticated"
                    : command.has("--force-yes")
                        ? "--force-yes"
                        : command.arguments.contains {
                            $0.contains("AllowUnauthenticated=true") || $0.contains("AllowInsecureRepositories=true")
                        }
                            ? "-o Acquire::AllowInsecureRepositories" : nil
            case "yum", "dnf", "microdnf", "tdnf", "zypper":
                flag =
                    command.has("--nogpgcheck")
                    ? "--nogpgcheck" : command.has("--no-gpg-checks") ? "--no-gpg-checks" : nil
            case "rpm":
                flag = command.has("--nosignature") ? "--nosignature" : command.has("--nodigest") ? "--nodigest" : nil
            case "apk": flag = command.has("--allow-untrusted") ? "--allow-untrusted" : nil
            default: flag = nil
            }
            guard let flag else { return nil }
            return context.finding(
                Self.descriptor, command.range,
                "`\(command.name) \(flag)` installs packages without checking signatures",
                hint: "import the repository's signing key instead")
        }
    }
}
