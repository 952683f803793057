import Findings

/// `FROM --platform=$TARGETPLATFORM` says what is already the default.
struct RedundantTargetPlatform: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0136", "redundant-target-platform", .correctness, .info,
        summary: "`FROM --platform=$TARGETPLATFORM` is the default and can be dropped.",
        why: """
            Stages are built for the target platform unless told otherwise; the flag only adds noise. \
            (`--platform=$BUILDPLATFORM`, for cross-compiling builder stages, is meaningful.) BuildKit: \
            RedundantTargetPlatform.
            """,
        bad: """
            FROM --platform=$TARGETPLATFORM alpine:3.21
            """,
        good: """
            FROM alpine:3.21
            """)
    static let buildkitChecks = ["RedundantTargetPlatform"]

    func check(_ context: LintContext) -> [Finding] {
        context.stages.compactMap { stage in
            guard let platform = stage.from.flag("platform"),
                platform == "$TARGETPLATFORM" || platform == "${TARGETPLATFORM}"
            else { return nil }
            return context.finding(
                Self.descriptor, stage.from.range, "--platform=\(platform) is the default", hint: "remove the flag")
        }
    }
}
