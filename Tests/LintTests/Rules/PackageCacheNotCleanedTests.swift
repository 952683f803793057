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
}
