import ImageAnalysis
import ImageFormat
import ServeCore
import ServeStore
import Testing

@testable import ServeHTTP

@Suite("notification envelopes, the layer cache codec, page escaping")
struct EnvelopeTests {
    static let digest = "sha256:" + String(repeating: "0", count: 64)

    @Test("manifest pushes and deletes are read; pulls, blob pushes and other media types are dropped")
    func parsesEvents() throws {
        let body = """
            {"events": [
              {"id": "1", "action": "push", "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json",
               "digest": "\(Self.digest)", "repository": "team/app", "tag": "1.0", "size": 10}},
              {"id": "2", "action": "pull", "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json",
               "digest": "\(Self.digest)", "repository": "team/app"}},
              {"id": "3", "action": "push", "target": {"mediaType": "application/octet-stream",
               "digest": "\(Self.digest)", "repository": "team/app"}},
              {"id": "4", "action": "delete", "target": {"digest": "\(Self.digest)", "repository": "team/app"}}
            ]}
            """
        let events = try NotificationEnvelope.parse(Array(body.utf8))
        #expect(events.map(\.id) == ["1", "4"])
        #expect(events.first?.tag == "1.0")
        #expect(events.last?.action == .delete)
    }

    @Test(
        "hostile envelopes are refused with a message that names the event",
        arguments: [
            ("not json", "not a notification envelope"),
            (#"{"nope": []}"#, "no 'events'"),
            (
                #"{"events": [{"id": "1", "action": "push", "target": {"repository": "UPPER", "digest": "x"}}]}"#,
                "event 1: 'UPPER' is not a repository name"
            ),
            (
                #"{"events": [{"id": "1", "action": "push", "target": {"repository": "a", "digest": "sha256:zz"}}]}"#,
                "event 1: 'sha256:zz' is not a digest"
            ),
            (
                #"{"events": [{"id": "1", "action": "push", "target": {"repository": "a", "tag": "<script>"}}]}"#,
                "event 1: '<script>' is not a tag"
            ),
        ])
    func refusesHostile(body: String, message: String) {
        #expect {
            try NotificationEnvelope.parse(Array(body.utf8))
        } throws: { error in
            (error as? ServeError)?.description.contains(message) == true
        }
    }

    @Test("a layer scan survives the cache codec; a damaged entry is an error, never a crash")
    func codec() throws {
        var scan = LayerScan()
        scan.tarBytes = 12345
        scan.append(
            TarEntry(path: "var/lib/dpkg/status", kind: .regular, size: 5, mode: 0o644), content: Array("hello".utf8))
        scan.append(TarEntry(path: "usr/bin/.wh.x", kind: .regular))
        scan.append(TarEntry(path: "lib/link", kind: .symbolicLink, linkTarget: "../x"))
        scan.buildInfo[1] = [1, 2, 3]
        let bytes = LayerScanCodec.encode(scan)
        let back = try LayerScanCodec.decode(bytes)
        #expect(back.entries == scan.entries)
        #expect(back.contents == scan.contents)
        #expect(back.buildInfo == scan.buildInfo)
        #expect(back.tarBytes == 12345)
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: ServeError.self) { try LayerScanCodec.decode(Array(bytes.prefix(cut))) }
        }
        var flipped = bytes
        flipped[14] = 0xFF
        #expect(throws: ServeError.self) { try LayerScanCodec.decode(flipped) }
    }

    @Test("pages escape what the registry and the images say")
    func escaping() {
        #expect(
            Pages.escape("<img src=x onerror='a'>&\"\u{1B}")
                == "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;\u{FFFD}")
        #expect(Pages.pathSegment("sha256:ab/../x y") == "sha256:ab%2F..%2Fx%20y")
    }
}
