import Testing

@testable import Lint

@Suite("SS0141 copy-ignored-file")
struct CopyIgnoredFileTests {
    @Test("sources .dockerignore excludes: a file, a file under an excluded directory, a glob, ADD too")
    func excluded() {
        let findings = expectFindings(
            CopyIgnoredFile(),
            """
            FROM alpine:3.22
            COPY secrets.env /etc/app.env
            ^ SS0141
            COPY ./build/out/app /usr/local/bin/app
            ^ SS0141
            ADD docs/notes.md /srv/
            ^ SS0141
            COPY src/ /src/
            COPY --from=builder /build/out /out
            ADD https://example.com/build/file /tmp/file
            COPY <<EOF /etc/motd
            hello
            EOF
            """,
            buildContext: MemoryContext(files: [".dockerignore": "# comment\n*.env\n/build\n**/*.md\n"]))
        #expect(findings.first?.message == "COPY source 'secrets.env' is excluded by .dockerignore")
    }

    @Test("`!` exceptions turn the check off; `.` only counts when every entry is excluded")
    func exceptionsAndRoot() {
        let file = """
            FROM alpine:3.22
            COPY . /src
            COPY secrets.env /etc/app.env
            """
        expectFindings(
            CopyIgnoredFile(), file, buildContext: MemoryContext(files: [".dockerignore": "*.env\n!keep.env\n"]))
        expectFindings(
            CopyIgnoredFile(), file + "\n^ SS0141", buildContext: MemoryContext(files: [".dockerignore": "*.env\n"]))
        expectFindings(
            CopyIgnoredFile(), "FROM alpine:3.22\nCOPY . /src\n^ SS0141",
            buildContext: MemoryContext(files: [".dockerignore": "*\n"]))
    }

    @Test("NAME.dockerignore takes precedence over .dockerignore")
    func specific() {
        expectFindings(
            CopyIgnoredFile(), "FROM alpine:3.22\nCOPY secrets.env /etc/\n",
            buildContext: MemoryContext(files: [".dockerignore": "*.env\n", "Dockerfile.dockerignore": ".git\n"]))
    }

    @Test("patterns: ** anywhere, ? and classes, escapes, cleaning")
    func patterns() {
        let ignore = DockerIgnore(text: "**/node_modules\nlogs/*.lo?\n[ab]c\\*\n./tmp/../cache/\n")
        #expect(ignore.matchesOrParentMatches("node_modules"))
        #expect(ignore.matchesOrParentMatches("web/node_modules/x/y.js"))
        #expect(ignore.matchesOrParentMatches("logs/a.log"))
        #expect(!ignore.matchesOrParentMatches("logs/sub/a.log"))
        #expect(ignore.matchesOrParentMatches("bc*"))
        #expect(!ignore.matchesOrParentMatches("cc*"))
        #expect(ignore.matchesOrParentMatches("cache/x"))
        #expect(!ignore.matchesOrParentMatches("tmp/x"))
        #expect(DockerIgnore.clean("./a//b/../c/") == "a/c")
        #expect(DockerIgnore.clean("/../a") == "/a")
    }

    @Test("a hostile pattern stays linear")
    func hostile() {
        let pattern = String(repeating: "**/", count: 2_000) + "x"
        let ignore = DockerIgnore(text: pattern + "\n")
        #expect(!ignore.matchesOrParentMatches(String(repeating: "a/", count: 500) + "y"))
    }
}
