import Foundation
import ImageFormat
import Testing

@Suite("Digests, platforms, references and OCI JSON")
struct ModelTests {
    @Test(
        "valid digests parse",
        arguments: [
            "sha256:" + String(repeating: "a", count: 64),
            "sha512:" + String(repeating: "0", count: 128),
        ])
    func validDigests(_ text: String) throws {
        #expect(try Digest(text).description == text)
    }

    @Test(
        "invalid digests are refused",
        arguments: [
            "", "sha256", "sha256:", "sha256:" + String(repeating: "A", count: 64), "sha256:abc",
            "md5:" + String(repeating: "a", count: 32), "sha512:" + String(repeating: "a", count: 64),
        ])
    func invalidDigests(_ text: String) {
        #expect(throws: ImageFormatError.self) { try Digest(text) }
    }

    @Test("platforms parse and normalise like containerd")
    func platforms() throws {
        #expect(try Platform(parsing: "linux/arm64").description == "linux/arm64")
        #expect(try Platform(parsing: "linux/x86_64").architecture == "amd64")
        #expect(try Platform(parsing: "Linux/ARM/v7").variant == "v7")
        #expect(throws: ImageFormatError.invalidPlatform("linux")) { try Platform(parsing: "linux") }
        #expect(throws: ImageFormatError.invalidPlatform("linux//v7")) { try Platform(parsing: "linux//v7") }
        #expect(
            Platform(os: "linux", architecture: "arm", variant: "v7").matches(
                Platform(os: "linux", architecture: "arm")))
        #expect(
            !Platform(os: "linux", architecture: "arm", variant: "v6").matches(
                Platform(os: "linux", architecture: "arm", variant: "v7")))
    }

    @Test("image locations follow PRODUCT.md's forms")
    func locations() throws {
        let exists: (String) -> Bool = { $0 == "app.tar" }
        #expect(try ImageLocation(parsing: "docker-archive:a.tar", fileExists: exists) == .dockerArchive(path: "a.tar"))
        #expect(
            try ImageLocation(parsing: "oci:/tmp/layout:v1", fileExists: exists) == .oci(path: "/tmp/layout", tag: "v1")
        )
        #expect(try ImageLocation(parsing: "oci:layout", fileExists: exists) == .oci(path: "layout", tag: nil))
        #expect(
            try ImageLocation(parsing: "oci-archive:x.tar:latest", fileExists: exists)
                == .ociArchive(path: "x.tar", tag: "latest"))
        #expect(try ImageLocation(parsing: "docker://alpine:3.20", fileExists: exists) == .registry("alpine:3.20"))
        #expect(try ImageLocation(parsing: "app.tar", fileExists: exists) == .localPath("app.tar"))
        #expect(try ImageLocation(parsing: "ghcr.io/a/b:1", fileExists: exists) == .registry("ghcr.io/a/b:1"))
        #expect(throws: ImageFormatError.self) { try ImageLocation(parsing: "oci:", fileExists: exists) }
        #expect(throws: ImageFormatError.self) { try ImageLocation(parsing: "", fileExists: exists) }
    }

    @Test("a Docker image config decodes with its runtime fields, history and DiffIDs")
    func config() throws {
        let diffID = "sha256:" + String(repeating: "b", count: 64)
        let json = """
            {"architecture":"amd64","os":"linux","config":{"User":"app","Env":["PATH=/usr/bin","A=1=2"],
            "Entrypoint":["/app"],"Cmd":["--serve"],"ExposedPorts":{"8080/tcp":{}},"StopSignal":"SIGTERM"},
            "rootfs":{"type":"layers","diff_ids":["\(diffID)"]},
            "history":[{"created_by":"ADD x /","empty_layer":false},{"created_by":"ENV A=1","empty_layer":true}]}
            """
        let config = try CanonicalJSON.decode(ImageConfiguration.self, from: Array(json.utf8), what: "config")
        #expect(config.config?.command == ["/app", "--serve"])
        #expect(config.config?.environment["A"] == "1=2")
        #expect(config.rootfs.diffIDs.map(\.description) == [diffID])
        #expect(config.layerHistory.map(\.createdBy) == ["ADD x /"])
    }

    @Test("a config with a bad digest or a missing field names what is wrong")
    func badConfig() {
        let json = #"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:zz"]}}"#
        #expect {
            try CanonicalJSON.decode(ImageConfiguration.self, from: Array(json.utf8), what: "the config")
        } throws: { error in
            "\(error)".contains("the config") && "\(error)".contains("diff_ids")
        }
        #expect(throws: JSONDecodeError.self) {
            try CanonicalJSON.decode(Manifest.self, from: Array("{}".utf8), what: "the manifest")
        }
        #expect(throws: JSONDecodeError.self) {
            try CanonicalJSON.decode(Manifest.self, from: Array(repeating: 32, count: 100), limit: 10, what: "m")
        }
    }

    @Test("canonical JSON sorts keys and does not escape slashes")
    func canonical() throws {
        let descriptor = Descriptor(
            mediaType: MediaType.ociLayerGzip, digest: Digest(sha256: [UInt8](repeating: 1, count: 32)), size: 3)
        let text = String(decoding: try CanonicalJSON.encode(descriptor), as: UTF8.self)
        #expect(text.hasPrefix(#"{"digest":"sha256:0101"#))
        #expect(text.contains(#""mediaType":"application/vnd.oci.image.layer.v1.tar+gzip""#))
        #expect(text.hasSuffix(#""size":3}"#))
    }

    @Test("index selects manifests by platform and ignores attestations")
    func indexSelection() {
        let digest = Digest(sha256: [UInt8](repeating: 2, count: 32))
        let index = Index(manifests: [
            Descriptor(
                mediaType: MediaType.ociManifest, digest: digest, size: 1,
                platform: Platform(os: "linux", architecture: "amd64")),
            Descriptor(
                mediaType: MediaType.ociManifest, digest: digest, size: 1,
                platform: Platform(os: "linux", architecture: "arm64")),
            Descriptor(
                mediaType: MediaType.ociManifest, digest: digest, size: 1,
                platform: Platform(os: "unknown", architecture: "unknown")),
        ])
        #expect(index.manifests(for: Platform(os: "linux", architecture: "arm64")).count == 1)
        #expect(index.platforms.map(\.description) == ["linux/amd64", "linux/arm64"])
    }
}
