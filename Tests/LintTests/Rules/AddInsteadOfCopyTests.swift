import Testing

@testable import Lint

@Suite("SS0105 add-instead-of-copy")
struct AddInsteadOfCopyTests {
    @Test("ADD of plain files")
    func case1() {
        expectFindings(
            AddInsteadOfCopy(),
            """
            FROM alpine:3.21
            ADD config.yml /etc/app/config.yml
            ^ SS0105
            """)
    }
    @Test("archives, URLs and COPY")
    func case2() {
        expectFindings(
            AddInsteadOfCopy(),
            """
            FROM alpine:3.21
            ADD rootfs.tar.gz /
            ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/x /x
            COPY config.yml /etc/app/config.yml
            """)
    }
}
