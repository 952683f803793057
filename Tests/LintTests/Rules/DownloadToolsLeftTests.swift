import Testing

@testable import Lint

@Suite("SS0035 download-tools-left")
struct DownloadToolsLeftTests {
    @Test("curl used only to download at build time")
    func case1() {
        expectFindings(
            DownloadToolsLeft(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl
                                  ^ SS0035
            RUN curl -fsSLo /app https://example.com/app
            """)
    }
    @Test("curl used by the HEALTHCHECK is needed")
    func case2() {
        expectFindings(
            DownloadToolsLeft(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl
            HEALTHCHECK CMD curl -f http://localhost/ || exit 1
            """)
    }
    @Test("curl installed and removed in one RUN")
    func case3() {
        expectFindings(
            DownloadToolsLeft(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y curl && curl -fsSLo /app https://example.com/app && apt-get purge -y curl
            """)
    }
    @Test("wget purged with the build dependencies by apt-mark auto and --auto-remove")
    func purgedByAutoRemove() {
        expectFindings(
            DownloadToolsLeft(),
            """
            FROM debian:bookworm-slim
            RUN set -eux; \\
                savedAptMark="$(apt-mark showmanual)"; \\
                apt-get update; apt-get install -y --no-install-recommends wget gnupg; \\
                wget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64"; \\
                apt-mark auto '.*' > /dev/null; \\
                [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \\
                apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
                rm -rf /var/lib/apt/lists/*
            CMD ["python3"]
            """)
    }
}
