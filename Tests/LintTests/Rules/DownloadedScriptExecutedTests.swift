import Testing

@testable import Lint

@Suite("SS0106 downloaded-script-executed")
struct DownloadedScriptExecutedTests {
    @Test("downloaded to a file, then run: by an interpreter, as ./x after chmod, in a later RUN")
    func reported() {
        expectFindings(
            DownloadedScriptExecuted(),
            """
            FROM debian:bookworm-slim
            RUN curl -fsSL -o /tmp/setup.sh https://deb.example.com/setup.sh && bash /tmp/setup.sh
                                                                                ^ SS0106
            RUN wget -q https://bootstrap.example.org/get-pip.py && python3 get-pip.py && rm get-pip.py
                                                                    ^ SS0106
            RUN curl -fsSLo installer.run https://example.com/installer.run \\
                && chmod +x installer.run \\
                && ./installer.run --silent
                   ^ SS0106
            RUN wget -O /usr/local/bin/tool.sh https://example.com/tool.sh
            RUN chmod +x /usr/local/bin/tool.sh && /usr/local/bin/tool.sh --install
                                                   ^ SS0106
            RUN curl -fsSL https://example.com/x.sh > /tmp/x.sh && . /tmp/x.sh
                                                                   ^ SS0106
            """)
    }

    @Test("the output of a download run directly: sh -c \"$(curl …)\", eval, bash <(curl …)")
    func substitution() {
        expectFindings(
            DownloadedScriptExecuted(),
            """
            FROM debian:bookworm-slim
            RUN sh -c "$(curl -fsSL https://example.com/install.sh)"
                ^ SS0106
            RUN eval "$(wget -qO- https://example.com/env.sh)"
                ^ SS0106
            RUN bash <(curl -s https://example.com/install.sh)
                ^ SS0106
            ONBUILD RUN curl -o /i.sh https://example.com/i.sh && sh /i.sh
                                                                  ^ SS0106
            """)
    }

    @Test("a checksum or signature checked in between; downloads not run; values computed from a download")
    func notReported() {
        expectFindings(
            DownloadedScriptExecuted(),
            """
            FROM debian:bookworm-slim
            RUN curl -fsSLo /tmp/i.sh https://example.com/i.sh \\
                && echo "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d  /tmp/i.sh" | sha256sum -c - \\
                && sh /tmp/i.sh
            RUN wget -q https://example.com/tool.tar.gz https://example.com/tool.tar.gz.asc \\
                && gpg --verify tool.tar.gz.asc tool.tar.gz && tar xf tool.tar.gz
            RUN curl -fsSL -o /tmp/b.sh https://example.com/b.sh
            RUN curl -fsSL -o /tmp/c.sh https://example.com/c.sh && gpg --batch --verify /tmp/c.sh.sig /tmp/c.sh && sh /tmp/c.sh
            RUN VERSION="$(curl -fsSL https://example.com/latest)" && echo "$VERSION"
            RUN curl -fsSL https://example.com/a.sh | tee /tmp/a.log
            RUN sh /tmp/other.sh
            RUN wget -O /usr/local/bin/dind https://example.com/dind && sh -n /usr/local/bin/dind
            FROM debian:bookworm-slim
            RUN sh /tmp/b.sh
            """)
    }
}
