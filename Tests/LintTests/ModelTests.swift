import Findings
import Testing

@testable import Lint

@Suite("Model helpers: image references, shell splitting, cross-file checks")
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

    @Test("Dockerfiles linted together are compared for base tags")
    func crossFile() {
        let linter = Linter()
        let contexts = [
            ("a/Dockerfile", "golang:1.25"), ("b/Dockerfile", "golang:1.25"), ("c/Dockerfile", "golang:1.24"),
        ]
        .map { path, base in
            let text = "FROM \(base)\n"
            return LintContext(path: path, source: SourceText(text), dockerfile: DockerfileModel(parsing: text))
        }
        let findings = linter.crossFileFindings(contexts)
        #expect(findings.map { "\($0.rule) \($0.file ?? "")" } == ["SS0080 c/Dockerfile"])
        #expect(Linter(rules: [RootUser()]).crossFileFindings(contexts).isEmpty)
    }
}
