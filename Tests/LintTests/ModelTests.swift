import Findings
import Testing

@testable import Lint

@Suite("Model helpers: image references, shell splitting, files linted together")
struct ModelTests {
    @Test(
        "image references split like Docker's",
        arguments: [
            ("python:3.13-slim", "docker.io", "python", "3.13-slim", nil),
            ("ghcr.io/acme/api:1.2", "ghcr.io", "acme/api", "1.2", nil),
            ("localhost:5000/app", "localhost:5000", "app", nil, nil),
            ("acme/api", "docker.io", "acme/api", nil, nil),
            ("alpine@sha256:abc", "docker.io", "alpine", nil, "sha256:abc"),
            (
                "registry.example.com:443/team/app:v1@sha256:def", "registry.example.com:443", "team/app", "v1",
                "sha256:def"
            ),
        ] as [(String, String, String, String?, String?)])
    func references(text: String, registry: String, repository: String, tag: String?, digest: String?) throws {
        let image = try #require(BaseImage(text))
        #expect(image.registry == registry)
        #expect(image.repository == repository)
        #expect(image.tag == tag)
        #expect(image.digest == digest)
    }

    @Test("scratch is no image")
    func scratch() {
        #expect(BaseImage("scratch") == nil)
        #expect(BaseImage("SCRATCH") == nil)
    }

    @Test("an sh -c string or script: operators, quotes, background jobs, keywords, redirections, comments")
    func scriptCommands() {
        let commands = ShellCommand.commands(
            ofScript:
                "if [ -f x ]; then a 'b c' \"d\\\"e\" 2>/dev/null; fi && f & g | h\n# comment\ni=1 j \\\n  k $(l m)")
        #expect(
            commands.map(\.words) == [
                ["[", "-f", "x", "]"], ["a", "b c", "d\"e"], ["f"], ["g"], ["h"], ["j", "k", "$(l m)"],
            ])
        #expect(commands.map(\.isBackground) == [false, false, true, false, false, false])
        #expect(commands.map(\.pipesIntoNext) == [false, false, false, true, false, false])
        #expect(commands.last?.assignments == ["i=1"])
        #expect(commands[1].line == 1 && commands[1].column == 19)
        #expect(commands.last?.line == 3)
        #expect(ShellCommand.commands(ofScript: "").isEmpty)
        #expect(ShellCommand.commands(ofScript: "> /log").isEmpty)
    }

    @Test("wrappers are looked through: sudo, env, exec")
    func wrappers() {
        let command = ShellCommand(words: ["sudo", "-E", "env", "A=1", "/usr/bin/apt-get", "-y", "install", "curl=8.5"])
        #expect(command.name == "apt-get")
        #expect(command.subcommand == "install")
        #expect(command.packageOperands == ["curl"])
        #expect(command.installManager == .apt)
    }

    @Test("a file's findings do not depend on the other files linted in the same run")
    func filesLintedTogether() async {
        let linter = Linter()
        let inputs = [
            ("a/Dockerfile", "golang:1.25"), ("b/Dockerfile", "golang:1.25"), ("c/Dockerfile", "golang:1.24"),
        ]
        .map { path, base in LintInput(text: "FROM \(base)\nRUN go build ./...\n", path: path) }
        let together = await linter.lint(inputs, width: 2).flatMap(\.findings)
        var alone: [Finding] = []
        for input in inputs { alone += linter.lint(input.text, path: input.path) }
        #expect(
            together.map { "\($0.rule) \($0.file ?? "") \($0.message)" }
                == alone.map {
                    "\($0.rule) \($0.file ?? "") \($0.message)"
                })
        #expect(!together.contains { $0.rule == MixedBaseTags.descriptor.id })
    }
}
