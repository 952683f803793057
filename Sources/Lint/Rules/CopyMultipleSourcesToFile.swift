import Findings

/// COPY/ADD with several sources needs a destination directory ending in `/`.
struct CopyMultipleSourcesToFile: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0132", "copy-multiple-sources-to-file", .correctness, .error,
        summary: "COPY/ADD with several sources must copy into a directory ending in `/`.",
        why: """
            With more than one source the destination must be a directory, written with a trailing slash; \
            otherwise the build fails ("When using COPY with more than one source file, the destination must \
            be a directory and end with a /").
            """,
        bad: """
            FROM node:22-slim
            COPY package.json package-lock.json /app
            """,
        good: """
            FROM node:22-slim
            COPY package.json package-lock.json /app/
            """)
    static let hadolintCodes = ["DL3021"]

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.instructions.compactMap { instruction in
            guard ["COPY", "ADD"].contains(instruction.keyword), instruction.heredocs.isEmpty,
                instruction.words.count > 2, let destination = instruction.words.last, !isSymbolic(destination),
                !destination.hasSuffix("/"), destination != ".", destination != ".."
            else { return nil }
            return context.finding(
                Self.descriptor, instruction.range,
                "\(instruction.words.count - 1) sources are copied to '\(destination)', which does not end in /",
                hint: "write the destination as \(destination)/")
        }
    }
}
