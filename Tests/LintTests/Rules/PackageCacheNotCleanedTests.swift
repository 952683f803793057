import Testing

@testable import Lint

@Suite("SS0072 package-cache-not-cleaned")
struct PackageCacheNotCleanedTests {
    @Test("dnf and zypper without clean")
    func case1() {
        expectFindings(
            PackageCacheNotCleaned(),
            """
            FROM rockylinux:9
            RUN dnf install -y nginx
                ^ SS0072
            RUN zypper install -y curl
                ^ SS0072
            """)
    }
    @Test("clean all in the same RUN")
    func case2() {
        expectFindings(
            PackageCacheNotCleaned(),
            """
            FROM rockylinux:9
            RUN dnf install -y nginx && dnf clean all
            RUN yum install -y git && rm -rf /var/cache/yum
            """)
    }
    @Test("a clean before the install keeps the install's cache; dnf in and reinstall install too")
    func cleanBeforeInstall() {
        expectFindings(
            PackageCacheNotCleaned(),
            """
            FROM opensuse/leap:15.6
            RUN zypper clean -a && zypper install -y curl
                                   ^ SS0072
            FROM fedora:41
            RUN dnf in -y git
                ^ SS0072
            RUN dnf reinstall -y tzdata && dnf clean all
            """)
    }
}
