import Findings

/// The Dockerfile contains a literal credential: a cloud access key, an API token or private-key material.
struct SecretValueLiteral: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0112", "secret-value-literal", .secrets, .error,
        summary: "A literal credential (AWS key, GitHub/GitLab/Slack/npm token, private key) is in the Dockerfile.",
        why: """
            A credential written in the Dockerfile is in the repository history, in every image built from it \
            and in the build cache. Revoke it now, then pass it with `RUN --mount=type=secret` or at run time.
            """,
        bad: """
            FROM alpine:3.21
            RUN git clone https://ghp_0123456789abcdefghijABCDEFGHIJ0123456789@github.com/acme/app.git
            """,
        good: """
            FROM alpine:3.21
            RUN --mount=type=secret,id=github_token git clone "https://$(cat /run/secrets/github_token)@github.com/acme/app.git"
            """)

    func check(_ context: LintContext) -> [Finding] {
        guard Credentials.mayContainLiteral(context.source.bytes) else { return [] }
        var findings: [Finding] = []
        var inKey = false
        for line in 1...max(1, context.source.lineCount) {
            let bytes = context.source.lineBytes(line)
            if bytes.containsBytes(of: "PRIVATE KEY-----") && bytes.containsBytes(of: "-----BEGIN") {
                inKey = true
                findings.append(
                    context.finding(
                        Self.descriptor, Self.range(ofLine: line, context), "the Dockerfile contains a private key",
                        hint: "remove it and pass it as a build secret"))
                continue
            }
            if inKey {
                if bytes.containsBytes(of: "-----END") { inKey = false }
                continue
            }
            guard let kind = Credentials.literal(inLine: bytes) else { continue }
            findings.append(
                context.finding(
                    Self.descriptor, Self.range(ofLine: line, context), "the Dockerfile contains \(kind)",
                    hint: "revoke it, then pass it as a build secret"))
        }
        return findings
    }

    /// The whole of `line`, columns counted in characters.
    private static func range(ofLine line: Int, _ context: LintContext) -> SourceRange {
        SourceRange(line: line, column: 1, endLine: line, endColumn: context.source.line(line).count + 1)
    }
}
