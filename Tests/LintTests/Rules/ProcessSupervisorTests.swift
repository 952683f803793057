import Testing

@testable import Lint

@Suite("SS0010 process-supervisor")
struct ProcessSupervisorTests {
    @Test("supervisord as the command")
    func case1() {
        expectFindings(
            ProcessSupervisor(),
            """
            FROM debian:bookworm-slim
            CMD ["/usr/bin/supervisord", "-n", "-c", "/etc/supervisord.conf"]
            ^ SS0010
            """)
    }
    @Test("pm2 started from a shell string")
    func case2() {
        expectFindings(
            ProcessSupervisor(),
            """
            FROM node:22-slim
            CMD ["sh", "-c", "pm2 start ecosystem.config.js --no-daemon"]
            ^ SS0010
            """)
    }
    @Test("one application, and s6-overlay's /init used as an init, are fine")
    func case3() {
        expectFindings(
            ProcessSupervisor(),
            """
            FROM node:22-slim
            ENTRYPOINT ["/init"]
            CMD ["node", "server.js"]
            """)
    }
    @Test("a supervisor started by a wrapper script the Dockerfile writes, or copies from beside it")
    func wrapperScripts() {
        expectFindings(
            ProcessSupervisor(),
            """
            FROM debian:bookworm-slim
            COPY <<EOF /start.sh
            #!/bin/sh
            mkdir -p /run/app
            exec /usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf
            EOF
            CMD ["/start.sh"]
            ^ SS0010
            """)
        expectFindings(
            ProcessSupervisor(),
            """
            FROM alpine:3.21
            RUN echo '#!/bin/sh' > /entry.sh && echo 'exec runsvdir /etc/service' >> /entry.sh && chmod +x /entry.sh
            ENTRYPOINT ["/entry.sh"]
            ^ SS0010
            """)
        expectFindings(
            ProcessSupervisor(),
            """
            FROM alpine:3.21
            COPY docker/run.sh /usr/local/bin/run.sh
            CMD ["/usr/local/bin/run.sh"]
            ^ SS0010
            """,
            buildContext: MemoryContext(files: ["docker/run.sh": "#!/bin/sh\nset -e\nexec s6-svscan /etc/s6\n"]))
    }
    @Test("a wrapper script that starts one program, or one the Dockerfile cannot see")
    func wrapperScriptsFine() {
        expectFindings(
            ProcessSupervisor(),
            """
            FROM debian:bookworm-slim
            COPY <<EOF /start.sh
            #!/bin/sh
            exec /usr/local/bin/app "$@"
            EOF
            CMD ["/start.sh"]
            """)
        expectFindings(
            ProcessSupervisor(),
            """
            FROM alpine:3.21
            COPY --from=ghcr.io/acme/base:1 /start.sh /start.sh
            CMD ["/start.sh"]
            """)
    }
}
