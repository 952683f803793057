import Findings

/// TLS certificate verification is switched off (`curl -k`, `wget --no-check-certificate`, `pip --trusted-host`,
/// `strict-ssl false`, `GIT_SSL_NO_VERIFY`).
struct TlsVerificationDisabled: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0053", "tls-verification-disabled", .fsSecurity, .error,
        summary: "TLS certificate checks are disabled (`curl -k`, `--no-check-certificate`, `strict-ssl false`, …).",
        why: """
            Without certificate verification anyone on the network path — a proxy, a compromised Wi-Fi, a \
            hostile CI runner neighbour — can replace what the build downloads with their own code. Install \
            the CA certificate you need (`ca-certificates`, or COPY your corporate CA and run \
            `update-ca-certificates`) instead.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN curl -kfsSLo /tmp/tool.tgz https://example.com/tool.tgz
            """,
        good: """
            FROM debian:bookworm-slim
            RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz
            """)

    static let variables: [String: String] = [
        "GIT_SSL_NO_VERIFY": "*", "NODE_TLS_REJECT_UNAUTHORIZED": "0", "PYTHONHTTPSVERIFY": "0",
        "CURL_INSECURE": "", "NPM_CONFIG_STRICT_SSL": "false", "PIP_TRUSTED_HOST": "",
    ]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for (_, command) in context.allRunCommands {
            if let what = reason(command) {
                findings.append(
                    context.finding(
                        Self.descriptor, command.range, "\(what) disables TLS certificate verification",
                        hint: "keep verification on; install the CA certificate you need instead"))
            }
            for assignment in command.assignments where disables(assignment) {
                findings.append(
                    context.finding(
                        Self.descriptor, command.range, "`\(assignment)` disables TLS certificate verification",
                        hint: "keep verification on; install the CA certificate you need instead"))
            }
        }
        for instruction in context.dockerfile.instructions where ["ENV", "ARG"].contains(instruction.keyword) {
            for pair in instruction.pairs where disables("\(pair.key)=\(pair.value ?? "")") && pair.value != nil {
                findings.append(
                    context.finding(
                        Self.descriptor, pair.range,
                        "\(pair.key)=\(pair.value ?? "") disables TLS certificate verification",
                        hint: "remove it; install the CA certificate you need instead"))
            }
        }
        return findings
    }

    private func disables(_ assignment: String) -> Bool {
        // Only the name is looked up first: assignments such as a long PATH are not split or copied.
        let equals = assignment.utf8.firstIndex(of: UInt8(ascii: "="))
        let name = equals.map { assignment[..<$0] } ?? assignment[...]
        guard !name.isEmpty, let expected = Self.variables[name.uppercased()] else { return false }
        let value = equals.map { assignment[assignment.index(after: $0)...].lowercased() } ?? ""
        // git checks only whether GIT_SSL_NO_VERIFY is set (`getenv`): `0`, `false` and empty disable it too.
        if expected == "*" { return true }
        if expected.isEmpty { return !value.isEmpty && value != "0" && value != "false" }
        return value == expected
    }

    private func reason(_ command: ShellCommand) -> String? {
        switch command.name {
        case "curl": return command.has("-k", "--insecure") ? "`curl -k`" : nil
        case "wget": return command.has("--no-check-certificate") ? "`wget --no-check-certificate`" : nil
        case "pip", "pip3", "pip2": return command.has("--trusted-host") ? "`pip --trusted-host`" : nil
        case "npm", "yarn", "pnpm":
            let words = command.arguments
            if words.contains("strict-ssl"), words.contains("false") {
                return "`\(command.name) config set strict-ssl false`"
            }
            if words.contains("--strict-ssl=false") { return "`--strict-ssl=false`" }
            return nil
        case "git":
            let words = command.arguments
            if words.contains(where: { $0.lowercased().hasPrefix("http.sslverify") }),
                words.contains(where: { $0.lowercased().hasSuffix("false") })
            {
                return "`git config http.sslVerify false`"
            }
            return nil
        case "apk": return command.has("--no-check-certificate") ? "`apk --no-check-certificate`" : nil
        default: return nil
        }
    }
}
