/// The small C programs the probed test images run, each known to behave one way (compiled with `musl-gcc -static`).
enum ProbePrograms {
    /// No handler for anything: as PID 1 the kernel drops SIGTERM, so only SIGKILL stops it.
    static let noHandler = """
        #include <unistd.h>
        int main(void) { for (;;) pause(); }
        """

    /// Exits at once, status 0, when SIGTERM comes.
    static let handler = """
        #include <signal.h>
        #include <unistd.h>
        static void done(int s) { (void)s; _exit(0); }
        int main(void) { signal(SIGTERM, done); for (;;) pause(); }
        """

    /// Every 100 ms: a child that starts a grandchild and exits at once (and is waited for); the grandchild, an
    /// orphan re-parented to PID 1, exits 50 ms later. PID 1 never waits for orphans: they stay zombies unless an
    /// init reaps them. SIGTERM ends it at once.
    static let orphans = """
        #include <signal.h>
        #include <sys/wait.h>
        #include <time.h>
        #include <unistd.h>
        static void done(int s) { (void)s; _exit(0); }
        int main(void) {
            signal(SIGTERM, done);
            struct timespec gap = {0, 100000000}, short_pause = {0, 50000000};
            for (int i = 0; i < 8; i++) {
                pid_t child = fork();
                if (child == 0) {
                    if (fork() == 0) { nanosleep(&short_pause, 0); _exit(0); }
                    _exit(0);
                }
                waitpid(child, 0, 0);
                nanosleep(&gap, 0);
            }
            for (;;) pause();
        }
        """

    /// A TCP server on the port of argv[1], on 127.0.0.1; SIGTERM ends it at once.
    static let server = """
        #include <arpa/inet.h>
        #include <netinet/in.h>
        #include <signal.h>
        #include <stdlib.h>
        #include <sys/socket.h>
        #include <unistd.h>
        static void done(int s) { (void)s; _exit(0); }
        int main(int argc, char **argv) {
            signal(SIGTERM, done);
            int s = socket(AF_INET, SOCK_STREAM, 0);
            struct sockaddr_in a = {0};
            a.sin_family = AF_INET;
            a.sin_port = htons(argc > 1 ? atoi(argv[1]) : 8080);
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 8) < 0) return 3;
            for (;;) { int c = accept(s, 0, 0); if (c >= 0) close(c); }
        }
        """

    /// A supervisor: starts /web 8080 and /api 8081 (the server under two names), forwards SIGTERM to both and
    /// exits when they have ended.
    static let supervisor = """
        #include <signal.h>
        #include <sys/wait.h>
        #include <unistd.h>
        static pid_t children[2];
        static void forward(int s) { kill(children[0], s); kill(children[1], s); }
        int main(void) {
            char *web[] = {"/web", "8080", 0}, *api[] = {"/api", "8081", 0};
            if ((children[0] = fork()) == 0) { execv(web[0], web); _exit(127); }
            if ((children[1] = fork()) == 0) { execv(api[0], api); _exit(127); }
            signal(SIGTERM, forward);
            int ended = 0;
            while (ended < 2) { if (wait(0) > 0) ended++; }
            return 0;
        }
        """

    /// Tries to write through the links the image planted (/escape, /up) and to /proc's parent; prints what it did.
    static let escaper = """
        #include <fcntl.h>
        #include <stdio.h>
        #include <unistd.h>
        int main(void) {
            int a = open("/escape/from-inside", O_CREAT | O_WRONLY, 0644);
            int b = open("/up/from-inside", O_CREAT | O_WRONLY, 0644);
            printf("escape=%d up=%d\\n", a >= 0, b >= 0);
            fflush(stdout);
            return 0;
        }
        """

    /// Prints `PATH=1` or `PATH=0` for each argument: whether it exists.
    static let exists = """
        #include <stdio.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
            for (int i = 1; i < argc; i++) printf("%s=%d\\n", argv[i], access(argv[i], F_OK) == 0);
            fflush(stdout);
            return 0;
        }
        """

    /// Prints who it runs as (`uid= gid= euid= egid= capeff=` from /proc/self/status) and its cgroup v2 line
    /// (`cgroup 0::/…`), then waits; SIGTERM ends it at once, status 0.
    static let identity = """
        #include <signal.h>
        #include <stdio.h>
        #include <string.h>
        #include <unistd.h>
        static void done(int s) { (void)s; _exit(0); }
        int main(void) {
            signal(SIGTERM, done);
            char line[512], caps[64] = "?";
            FILE *f = fopen("/proc/self/status", "r");
            while (f && fgets(line, sizeof line, f)) {
                if (strncmp(line, "CapEff:", 7) == 0) sscanf(line + 7, "%63s", caps);
            }
            if (f) fclose(f);
            printf("uid=%d gid=%d euid=%d egid=%d capeff=%s\\n", (int)getuid(), (int)getgid(), (int)geteuid(),
                (int)getegid(), caps);
            f = fopen("/proc/self/cgroup", "r");
            while (f && fgets(line, sizeof line, f)) {
                if (strncmp(line, "0::", 3) == 0) printf("cgroup %s", line);
            }
            fflush(stdout);
            for (;;) pause();
        }
        """
}
