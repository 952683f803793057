import Findings

/// FROM is not a valid image reference when the global ARGs keep their defaults.
struct InvalidDefaultArgInFrom: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0143", "invalid-default-arg-in-from", .correctness, .warning,
        summary: "With the ARG defaults, FROM is no valid image reference: the build needs a --build-arg.",
        why: """
            A Dockerfile should build without `--build-arg`: with `ARG TAG` and no default, \
            `FROM busybox:${TAG}` is `busybox:`, which BuildKit refuses (BuildKit: InvalidDefaultArgInFrom). \
            Give the ARG a default, or a default in the reference (`${TAG:-1.36}`). An empty value that \
            leaves a valid reference (`FROM busybox:stable${VARIANT}`) is fine.
            """,
        bad: """
            ARG TAG
            FROM busybox:${TAG}
            """,
        good: """
            ARG TAG=1.36
            FROM busybox:${TAG}
            """)
    static let buildkitChecks = ["InvalidDefaultArgInFrom"]

    func check(_ context: LintContext) -> [Finding] {
        let bases = context.dockerfile.basesWithDefaultsOnly
        // Global ARGs whose default depends on a platform variable (`ARG X=${TARGETPLATFORM#linux/}`): BuildKit
        // knows their value, we do not.
        var platformDependent = UndefinedVariable.platformArgs
        for instruction in context.dockerfile.globalInstructions where instruction.keyword == "ARG" {
            for pair in instruction.pairs
            where UndefinedVariable.references(pair.value ?? "").contains(where: platformDependent.contains) {
                platformDependent.insert(pair.key)
            }
        }
        return context.stages.compactMap { stage in
            guard stage.index < bases.count, let expanded = bases[stage.index] else { return nil }
            // Only bases that use a variable: a constant invalid reference is a different mistake.
            guard let written = stage.from.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).first,
                written.contains("$"),
                !UndefinedVariable.references(String(written)).contains(where: platformDependent.contains),
                !ImageReferenceGrammar.isValid(expanded)
            else { return nil }
            let shown = expanded.isEmpty ? "an empty string" : "'\(expanded)'"
            return context.finding(
                Self.descriptor, stage.from.range,
                "with the ARG defaults, FROM \(written) is \(shown), not a valid image reference",
                hint: "give the ARG a default (`ARG NAME=value`) or use ${NAME:-default}")
        }
    }
}
