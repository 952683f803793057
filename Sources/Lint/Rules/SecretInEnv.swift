import Findings

/// ENV sets a variable whose name says it holds a credential.
struct SecretInEnv: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0110", "secret-in-env", .secrets, .error,
        summary: "ENV sets a password, token or key: it is stored in the image for anyone who pulls it.",
        why: """
            ENV values are part of the image configuration: `docker inspect` and every registry that holds \
            the image show them. Pass credentials at run time (orchestrator secrets, mounted files) and use \
            `RUN --mount=type=secret` for build-time ones. Names are judged like BuildKit's \
            SecretsUsedInArgOrEnv check; values that only reference another variable and placeholders \
            (`SOME_VAL`, `changeme`, `<token>`, `xxxx`) are not reported.
            """,
        bad: """
            FROM alpine:3.21
            ENV DB_PASSWORD=hunter2
            """,
        good: """
            FROM alpine:3.21
            ENV DB_PASSWORD_FILE=/run/secrets/db_password
            """)
    static let buildkitChecks = ["SecretsUsedInArgOrEnv"]

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.instructions.filter { $0.keyword == "ENV" }.flatMap { instruction in
            instruction.pairs.compactMap { pair in
                guard Credentials.isCredentialName(pair.key), let value = pair.value, !value.isEmpty,
                    !value.hasPrefix("$"), !Credentials.isPlaceholder(value)
                else { return nil }
                return context.finding(
                    Self.descriptor, pair.range, "ENV \(pair.key) stores a credential in the image configuration",
                    hint: "pass it at run time (a secret or a mounted file), not in the image")
            }
        }
    }
}
