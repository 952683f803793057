import Findings

/// The shipped image is built `FROM --platform=$BUILDPLATFORM`: it is for the build machine's architecture.
struct FinalStageBuildPlatform: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0151", "final-stage-build-platform", .correctness, .warning,
        summary: "The final stage is built `--platform=$BUILDPLATFORM`: the image is for the build machine.",
        why: """
            `--platform=$BUILDPLATFORM` runs a stage natively on the builder, the cross-compile idiom for \
            stages that produce files for `$TARGETPLATFORM`. On the stage the image ships (the final stage, or \
            a stage it is built FROM) it makes a multi-platform build put the builder's amd64 base under the \
            arm64 tag: the image's programs then fail with `exec format error`. Reported on the final stage's \
            own FROM, and on a stage it is built FROM that only names the base image (no RUN: `FROM \
            --platform=$BUILDPLATFORM python AS base` … `FROM base`); not when the final stage extends a build \
            stage that runs steps (a dev or test target on the builder: the authors' choice), nor on a final \
            `scratch` stage with no command, which only exports files (`--output`).
            """,
        bad: """
            FROM --platform=$BUILDPLATFORM golang:1.25 AS build
            ARG TARGETOS TARGETARCH
            RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .
            FROM --platform=$BUILDPLATFORM gcr.io/distroless/static-debian12:nonroot
            COPY --from=build /app /app
            ENTRYPOINT ["/app"]
            """,
        good: """
            FROM --platform=$BUILDPLATFORM golang:1.25 AS build
            ARG TARGETOS TARGETARCH
            RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .
            FROM gcr.io/distroless/static-debian12:nonroot
            COPY --from=build /app /app
            ENTRYPOINT ["/app"]
            """)

    static func isBuildPlatform(_ value: String) -> Bool {
        value == "$BUILDPLATFORM" || value == "${BUILDPLATFORM}"
    }

    func check(_ context: LintContext) -> [Finding] {
        if RootUser.onlyExportsFiles(context) { return [] }
        for stage in context.shippedStages.reversed() {
            guard let platform = stage.from.flag("platform") else { continue }
            // The nearest --platform in the chain decides the image's platform.
            guard Self.isBuildPlatform(platform) else { return [] }
            // An ancestor that RUNs steps is a build stage the final stage extends (a `dev-envs` or test target
            // built on the builder): whether that image is meant for other platforms is the authors' choice. One
            // with no RUN is only a name for the base image, so the final stage is that image for the builder.
            let between = context.shippedStages.filter {
                $0.index >= stage.index && $0.index != context.finalStage?.index
            }
            if between.contains(where: { $0.instructions.contains { $0.keyword == "RUN" } }) { return [] }
            let which = stage.index == context.finalStage?.index ? "the final stage" : "a stage the image is built from"
            return [
                context.finding(
                    Self.descriptor, stage.from.range,
                    "\(which) is built --platform=\(platform): the image is for the build machine's architecture",
                    hint: "drop --platform from the shipped stage; keep it on the stages that cross-compile")
            ]
        }
        return []
    }
}
