import Findings

/// ARG declares a build argument whose name says it carries a credential.
struct SecretInArg: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0111", "secret-in-arg", .secrets, .warning,
        summary: "A credential is passed as a build argument instead of a `--mount=type=secret`.",
        why: """
            Build-argument values are recorded in the image history (`docker history`) of every RUN that \
            uses them, and in build caches and logs. `RUN --mount=type=secret,id=npm_token` gives the step \
            the secret as a file that never enters a layer or the history. Names are judged like BuildKit's \
            SecretsUsedInArgOrEnv check.
            """,
        bad: """
            FROM node:22-slim
            ARG NPM_TOKEN
            RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc
            """,
        good: """
            FROM node:22-slim
            RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
            """)
    static let buildkitChecks = ["SecretsUsedInArgOrEnv"]

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.instructions.filter { $0.keyword == "ARG" }.flatMap { instruction in
            instruction.pairs.compactMap { pair in
                guard Credentials.isCredentialName(pair.key) else { return nil }
                return context.finding(
                    Self.descriptor, pair.range, "ARG \(pair.key) passes a credential as a build argument",
                    hint: "use RUN --mount=type=secret,id=\(pair.key.lowercased()) and `docker build --secret`")
            }
        }
    }
}
