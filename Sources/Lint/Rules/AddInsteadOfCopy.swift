import Findings

/// `ADD` copies local files where `COPY` is meant.
struct AddInsteadOfCopy: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0105", "add-instead-of-copy", .publicImages, .info,
        summary: "`ADD` is used for plain local files; `COPY` says what is meant.",
        why: """
            ADD also downloads URLs and unpacks local archives, so a reader (and a future edit) cannot tell \
            what a line does: renaming `app.tar` to `app.tar.gz` silently changes the image. Use COPY for \
            files, and ADD only for what it alone does (archives to unpack, URLs with --checksum, git).
            """,
        bad: """
            FROM alpine:3.21
            ADD config.yml /etc/app/config.yml
            """,
        good: """
            FROM alpine:3.21
            COPY config.yml /etc/app/config.yml
            """)
    static let hadolintCodes = ["DL3020"]

    static let archiveSuffixes = [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".gz", ".bz2", ".xz", ".zst",
    ]

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.instructions.compactMap { instruction in
            guard instruction.keyword == "ADD", instruction.heredocs.isEmpty, instruction.words.count >= 2,
                !instruction.hasFlag("checksum"), !instruction.hasFlag("keep-git-dir")
            else { return nil }
            let sources = instruction.words.dropLast()
            let plain = sources.allSatisfy { source in
                let lower = source.lowercased()
                return !lower.contains("://") && !lower.hasPrefix("git@") && !isSymbolic(source)
                    && !Self.archiveSuffixes.contains { lower.hasSuffix($0) } && !lower.contains("*")
            }
            guard plain else { return nil }
            return context.finding(
                Self.descriptor, instruction.range, "ADD of local files: COPY says what is meant",
                hint: "use COPY")
        }
    }
}
