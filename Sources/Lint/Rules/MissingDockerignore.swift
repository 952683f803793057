import Findings

/// The Dockerfile copies the whole build context but there is no `.dockerignore` beside it.
struct MissingDockerignore: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0022", "missing-dockerignore", .buildCache, .info,
        summary: "`COPY .` sends the whole directory, but there is no `.dockerignore` next to the Dockerfile.",
        why: """
            Without `.dockerignore`, `COPY . .` copies `.git`, `node_modules`, build output, local `.env` \
            files and editor droppings: the context upload is slow, any of those files changing busts the \
            cache, and secrets end up in the image. Checked when linting files on disk (the Dockerfile's \
            directory is taken as the build context; `NAME.dockerignore` next to the Dockerfile counts too).
            """,
        bad: """
            FROM node:22-slim
            COPY . .
            # and no .dockerignore in this directory
            """,
        good: """
            FROM node:22-slim
            COPY . .
            # with a .dockerignore listing .git, node_modules, .env
            """)

    func check(_ context: LintContext) -> [Finding] {
        guard let probe = context.buildContext else { return [] }
        let copy = context.stages.lazy.flatMap(\.instructions).first(where: SourceBeforeDependencies.copiesWholeContext)
        guard let copy else { return [] }
        let name = context.path.split(separator: "/").last.map(String.init) ?? "Dockerfile"
        if probe.fileExists(".dockerignore") || probe.fileExists(name + ".dockerignore") { return [] }
        return [
            context.finding(
                Self.descriptor, copy.range, "the whole build context is copied and there is no .dockerignore",
                hint: "add a .dockerignore excluding .git, dependencies, build output and secrets")
        ]
    }
}
