import Testing

@testable import ImageFormat

/// Issue 18 row 7: JSON documents with a key twice (or twice up to case, where Go matches fields that way) are
/// refused, never read differently from the runtimes.
@Suite("JSON documents: duplicate keys and nesting")
struct DuplicateKeyTests {
    static func decodeConfig(_ text: String) throws(JSONDecodeError) -> ImageConfiguration {
        try CanonicalJSON.decode(ImageConfiguration.self, from: Array(text.utf8), what: "the config")
    }

    static let rootfs = #""rootfs":{"type":"layers","diff_ids":[]}"#

    @Test(
        "refused",
        arguments: [
            (
                #"{"architecture":"amd64","os":"linux","config":{"User":"65532","User":"0"},\#(rootfs)}"#,
                "'User' appears twice"
            ),
            (
                #"{"architecture":"amd64","os":"linux","config":{"User":"65532","user":"0"},\#(rootfs)}"#,
                "differ only in case"
            ),
            (
                #"{"architecture":"amd64","os":"linux","config":{"User":"65532","\u0055ser":"0"},\#(rootfs)}"#,
                "appears twice"
            ),
            (
                #"{"architecture":"amd64","os":"linux","config":{"User":"1","U\u017fer":"0"},\#(rootfs)}"#,
                "differ only in case"
            ),
            (#"{"architecture":"amd64","os":"linux","os":"windows",\#(rootfs)}"#, "'os' appears twice"),
            (
                #"{"architecture":"amd64","os":"linux","config":{"Labels":{"a":"1","a":"2"}},\#(rootfs)}"#,
                "at .config.Labels"
            ),
        ])
    func refused(document: String, expected: String) {
        let error = #expect(throws: JSONDecodeError.self) { try Self.decodeConfig(document) }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        #expect(error?.description.hasPrefix("cannot read the config: ") == true)
    }

    @Test("accepted: the same key in different objects, case-distinct keys in maps, keys inside strings")
    func accepted() throws {
        let document = #"""
            {"architecture":"amd64","os":"linux","config":{"User":"1","Labels":{"a":"1","A":"2","x":"{\"a\":1,\"a\":2}"},
            "ExposedPorts":{"80/tcp":{},"80/TCP":{}},"Env":["User","User"]},"container_config":{"User":"2"},\#(Self.rootfs)}
            """#
        let config = try Self.decodeConfig(document)
        #expect(config.config?.user == "1")
        #expect(config.config?.labels?.count == 3)
    }

    @Test("a manifest with two layers arrays is refused")
    func manifestTwoLayers() {
        let descriptor =
            #"{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:\#(String(repeating: "a", count: 64))","size":1}"#
        let text = #"""
            {"schemaVersion":2,"config":\#(descriptor),"layers":[\#(descriptor)],"layers":[]}
            """#
        let error = #expect(throws: JSONDecodeError.self) {
            try CanonicalJSON.decode(Manifest.self, from: Array(text.utf8), what: "the manifest")
        }
        #expect(error?.description.contains("'layers' appears twice") == true)
    }

    @Test("nesting 100,000 deep is refused with a message that says so, in bounded time")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONDecodeError.self) {
            try CanonicalJSON.decode([String].self, from: Array(text.utf8), what: "the index")
        }
        #expect(error?.description == "cannot read the index: it nests arrays and objects more than 100 deep")
    }

    @Test("a size of 10^30 is named, not 'The given data was not valid JSON.'")
    func oversizedNumber() throws {
        let digest = "sha256:" + String(repeating: "a", count: 64)
        let text =
            #"{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"\#(digest)","size":1000000000000000000000000000000}"#
        let error = #expect(throws: JSONDecodeError.self) {
            try CanonicalJSON.decode(Descriptor.self, from: Array(text.utf8), what: "the descriptor")
        }
        #expect(
            error?.description
                == "cannot read the descriptor: the number 1000000000000000000000000000000 at offset 144 does not fit in 64 bits"
        )
        // A number in a string, a fraction or an exponent is not blamed: the decoder's own message stays.
        #expect(
            CanonicalJSON.firstOversizedInteger(in: Array(#"{"a":"99999999999999999999","b":1e30,"c":1.5}"#.utf8))
                == nil)
        #expect(CanonicalJSON.firstOversizedInteger(in: Array("[-9223372036854775809]".utf8))?.offset == 1)
        #expect(CanonicalJSON.firstOversizedInteger(in: Array("[-9223372036854775808]".utf8)) == nil)
    }
}
