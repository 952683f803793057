import Testing

@testable import Lint

@Suite("SS0006 wrapper-script-without-exec")
struct WrapperScriptWithoutExecTests {
    @Test("an entrypoint script that never execs")
    func case1() {
        expectFindings(
            WrapperScriptWithoutExec(),
            """
            FROM alpine:3.21
            COPY docker-entrypoint.sh /usr/local/bin/
            ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
            ^ SS0006
            """,
            buildContext: MemoryContext(files: ["docker-entrypoint.sh": "#!/bin/sh\nset -e\nchown app /data\n\"$@\"\n"])
        )
    }
    @Test("a script ending in exec \"$@\"")
    func case2() {
        expectFindings(
            WrapperScriptWithoutExec(),
            """
            FROM alpine:3.21
            COPY docker-entrypoint.sh /usr/local/bin/
            ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
            """,
            buildContext: MemoryContext(files: ["docker-entrypoint.sh": "#!/bin/sh\nset -e\nexec \"$@\"\n"]))
    }
    @Test("a script that cannot be read is not judged")
    func case3() {
        expectFindings(
            WrapperScriptWithoutExec(),
            """
            FROM alpine:3.21
            COPY docker-entrypoint.sh /usr/local/bin/
            ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
            """)
    }
}
