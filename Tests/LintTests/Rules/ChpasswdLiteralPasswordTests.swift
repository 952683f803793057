import Testing

@testable import Lint

@Suite("SS0114 chpasswd-literal-password")
struct ChpasswdLiteralPasswordTests {
    @Test("echo or printf of user:password into chpasswd, a password into passwd --stdin")
    func reported() {
        expectFindings(
            ChpasswdLiteralPassword(),
            """
            FROM ubuntu:24.04
            RUN useradd -m dev && echo 'dev:dev' | chpasswd
                                  ^ SS0114
            RUN echo "root:Docker!" | sudo chpasswd
                ^ SS0114
            RUN printf '%s\\n' 'admin:admin123' | chpasswd
                ^ SS0114
            RUN echo -e "a:one\\nb:two" | chpasswd
                ^ SS0114
            FROM rockylinux:9
            RUN echo hunter2 | passwd --stdin root
                ^ SS0114
            ONBUILD RUN echo "app:app" | chpasswd
                        ^ SS0114
            """)
    }

    @Test("variables, hashes with -e, locked accounts and other pipes are not reported")
    func notReported() {
        expectFindings(
            ChpasswdLiteralPassword(),
            """
            FROM ubuntu:24.04
            ARG USER_PASSWORD
            RUN echo "dev:${USER_PASSWORD}" | chpasswd
            RUN echo 'dev:$6$salt$0123456789abcdef' | chpasswd -e
            RUN echo 'dev:*' | chpasswd
            RUN echo 'dev:x' | tee /tmp/x
            RUN passwd -l root
            """)
    }
}
