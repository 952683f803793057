import Foundation
import Testing

@testable import Lint

@Suite("Dockerfile discovery")
struct DiscoveryTests {
    @Test(
        "names a Dockerfile goes by",
        arguments: [
            ("Dockerfile", true), ("dockerfile", true), ("Dockerfile.dev", true), ("api.Dockerfile", true),
            ("api.dockerfile", true), ("Containerfile", true), ("Containerfile.prod", true), ("README.md", false),
            ("Dockerfile-dev", true), ("Dockerfile-alpine", true), ("22_bookworm-slim_Dockerfile", true),
            ("docker-compose.yml", false), ("Dockerfile.template", false), ("Dockerfile-alpine.template", false),
            ("Dockerfile.tmpl", false), ("Dockerfile.j2", false), ("Dockerfile.in", false),
            ("api.Dockerfile.tpl", false),
            ("mydockerfile", false), ("Dockerfiles", false),
        ])
    func names(name: String, expected: Bool) {
        #expect(Discovery.isDockerfileName(name) == expected)
    }

    @Test("recursive search skips .git, node_modules and .gitignore'd paths")
    func recursive() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("shipshape-discovery-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "Dockerfile", "services/api/Dockerfile.prod", "services/web/web.Dockerfile", "tools/Containerfile",
            ".git/Dockerfile", "node_modules/pkg/Dockerfile", "build/out/Dockerfile", "vendor/x/Dockerfile",
            "keep/vendor.Dockerfile", "README.md",
        ]
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "FROM scratch\n".write(to: url, atomically: true, encoding: .utf8)
        }
        try "# generated\nbuild/\n/vendor\n*.tmp\n".write(
            to: root.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
        let found = Discovery.dockerfiles(under: root.path).map { String($0.dropFirst(root.path.count + 1)) }
        #expect(
            found == [
                "Dockerfile", "keep/vendor.Dockerfile", "services/api/Dockerfile.prod", "services/web/web.Dockerfile",
                "tools/Containerfile",
            ])
    }

    @Test(
        "glob patterns",
        arguments: [
            ("*.tmp", "a.tmp", true), ("*.tmp", "dir/a.tmp", false), ("**/a", "x/y/a", true), ("a?c", "abc", true),
            ("build", "build", true), ("b*d", "bxd", true), ("gcr.io/distroless/*", "gcr.io/distroless/static", true),
            ("debian:*", "ubuntu:24.04", false),
        ])
    func globs(pattern: String, text: String, expected: Bool) {
        #expect(Glob.matches(pattern, text) == expected)
    }
}
