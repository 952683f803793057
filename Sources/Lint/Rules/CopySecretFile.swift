import Findings

/// COPY or ADD puts a key or credentials file into the image.
struct CopySecretFile: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0113", "copy-secret-file", .secrets, .error,
        summary: "COPY/ADD puts a private key or credentials file (id_rsa, .env, .npmrc, *.pem, …) into the image.",
        why: """
            Whatever is copied stays in that layer, even if a later step deletes it. Private keys, `.env` \
            files, `.npmrc`/`.pypirc` with tokens and cloud credentials then ship to everyone who can pull the \
            image. Mount them only for the step that needs them: `RUN --mount=type=secret` or \
            `--mount=type=ssh`.
            """,
        bad: """
            FROM node:22-slim
            COPY .npmrc /root/.npmrc
            RUN npm ci
            """,
        good: """
            FROM node:22-slim
            RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
            """)

    static let names: Set<String> = [
        "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".env", ".npmrc", ".pypirc", ".netrc", ".git-credentials",
        "credentials", "credentials.json", "service-account.json", "kubeconfig", ".dockercfg", "htpasswd",
        ".htpasswd", "secrets.yml", "secrets.yaml", "secret.json", "id_rsa.key",
    ]
    static let suffixes = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk", ".asc.key"]

    static func isSecretFile(_ path: String) -> Bool {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        if names.contains(name) { return true }
        if name.hasPrefix(".env.") && !name.hasSuffix(".example") && !name.hasSuffix(".sample")
            && !name.hasSuffix(".template")
        {
            return true
        }
        if path.contains(".aws/credentials") || path.contains(".docker/config.json") || path.contains(".ssh/") {
            return !name.hasSuffix(".pub") && name != "known_hosts" && name != "config"
        }
        return suffixes.contains { name.hasSuffix($0) } && !name.contains("cert") && !name.hasSuffix(".pub.pem")
    }

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.instructions.compactMap { instruction in
            guard ["COPY", "ADD"].contains(instruction.keyword), instruction.heredocs.isEmpty,
                instruction.words.count >= 2, !instruction.hasFlag("from")
            else { return nil }
            guard let source = instruction.words.dropLast().first(where: Self.isSecretFile) else { return nil }
            return context.finding(
                Self.descriptor, instruction.range,
                "\(instruction.keyword) puts the secret file \(source) into a layer",
                hint: "mount it for the one step that needs it: RUN --mount=type=secret,id=…,target=…")
        }
    }
}
