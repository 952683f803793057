import Testing

@testable import Lint

@Suite("SS0133 invalid-expose")
struct InvalidExposeTests {
    @Test("a host mapping, an upper-case protocol and a port out of range")
    func case1() {
        expectFindings(
            InvalidExpose(),
            """
            FROM nginx:1.27
            EXPOSE 80:80
            ^ SS0133
            EXPOSE 443/TCP 70000
            ^ SS0133 SS0133
            """)
    }
    @Test("ports, ranges and protocols")
    func case2() {
        expectFindings(
            InvalidExpose(),
            """
            FROM nginx:1.27
            ARG PORT=8080
            EXPOSE 80 443/tcp 53/udp 8000-8010 $PORT
            """)
    }
}
