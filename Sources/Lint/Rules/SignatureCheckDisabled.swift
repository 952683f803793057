import Findings

/// Package signature checks are switched off (`--allow-unauthenticated`, `--nogpgcheck`, `--allow-untrusted`).
struct SignatureCheckDisabled: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0054", "signature-check-disabled", .fsSecurity, .error,
        summary:
            "Package signature checks are disabled (`--allow-unauthenticated`, `--nogpgcheck`, `--allow-untrusted`).",
        why: """
            Package signatures are what proves a package comes from the distribution and was not altered by a \
            mirror or a man in the middle. Import the repository's key instead of turning the check off. \
            Package files mounted from a stage of the same build (`RUN --mount=from=builder,target=/tmp/pkgs \
            apk add --allow-untrusted /tmp/pkgs/*.apk`) are not reported: they never came from a repository.
            """,
        bad: """
            FROM rockylinux:9-minimal
            RUN microdnf install -y --nogpgcheck nginx && microdnf clean all
            """,
        good: """
            FROM rockylinux:9-minimal
            RUN microdnf install -y nginx && microdnf clean all
            """)

    /// Whether an install operand is a package file on disk (`/tmp/packages/x.apk`), not a repository package.
    static func isLocalPackageFile(_ operand: String) -> Bool {
        (operand.hasPrefix("/") || operand.hasPrefix("./"))
            && [".apk", ".rpm", ".deb", "*"].contains { operand.hasSuffix($0) }
    }

    func check(_ context: LintContext) -> [Finding] {
        context.allRunCommands.compactMap { instruction, command in
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
            // Package files built in a stage of the same build and mounted from it (nginx's module images) have
            // no repository signature to check; a file fetched from anywhere else is reported.
            let operands = command.packageOperands
            let stageMounts = instruction.mounts.compactMap { mount in
                mount["from"] != nil && mount["type"] == "bind" ? mount["target"] : nil
            }
            if !operands.isEmpty,
                operands.allSatisfy({ operand in
                    Self.isLocalPackageFile(operand) && stageMounts.contains { operand.hasPrefix($0) }
                })
            {
                return nil
            }
            return context.finding(
                Self.descriptor, command.range,
                "`\(command.name) \(flag)` installs packages without checking signatures",
                hint: "import the repository's signing key instead")
        }
    }
}
