import Testing

@testable import Lint

@Suite("SS0104 add-url-without-checksum")
struct AddUrlWithoutChecksumTests {
    @Test("ADD of a URL without --checksum")
    func case1() {
        expectFindings(
            AddUrlWithoutChecksum(),
            """
            FROM alpine:3.21
            ADD https://example.com/tool.tar.gz /tmp/
            ^ SS0104
            """)
    }
    @Test("with --checksum, or a git URL")
    func case2() {
        expectFindings(
            AddUrlWithoutChecksum(),
            """
            FROM alpine:3.21
            ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/
            ADD https://github.com/moby/buildkit.git#v0.14.0 /src
            """)
    }
}
