import Findings
import Testing

@testable import Lint

@Suite("Suppression comments")
struct SuppressionTests {
    func rules(_ text: String) -> [String] {
        Linter(rules: [ShellFormCmd(), UntaggedBase(), LatestTag(), AptNoInstallRecommends()])
            .lint(text, path: "Dockerfile").map { "\($0.rule)@\($0.range?.line ?? 0)" }
    }

    @Test("ignore= on the line before an instruction, by id or name, several comment lines")
    func nextInstruction() {
        let text = """
            # shipshape ignore=SS0090
            FROM ubuntu
            # shipshape ignore=shell-form-cmd
            # another comment
            CMD echo hi
            CMD echo again
            """
        #expect(rules(text) == ["SS0002@6"])
    }

    @Test("ignore= covers a finding inside a continued instruction")
    func continued() {
        let text = """
            FROM debian:bookworm-slim
            # shipshape ignore=SS0041
            RUN apt-get update \\
                && apt-get install -y curl
            """
        #expect(rules(text) == [])
    }

    @Test("ignore-file= anywhere")
    func fileWide() {
        let text = """
            FROM ubuntu AS a
            FROM ubuntu AS b
            # shipshape ignore-file=untagged-base,SS0002
            CMD echo hi
            """
        #expect(rules(text) == [])
    }

    @Test("hadolint ignore and global ignore map to the equivalent rules")
    func hadolint() {
        let text = """
            # hadolint global ignore=DL3006
            FROM ubuntu
            # hadolint ignore=DL3025,DL9999
            CMD echo hi
            FROM node:latest
            """
        #expect(rules(text) == ["SS0091@5"])
    }

    @Test("a comment that is not a suppression changes nothing")
    func unrelated() {
        let text = """
            # ignore=SS0090 is how you would write it
            FROM ubuntu
            """
        #expect(rules(text) == ["SS0090@2"])
    }
}
