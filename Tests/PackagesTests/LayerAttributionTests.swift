import Packages
import Testing

@Suite("Layer attribution")
struct LayerAttributionTests {
    /// Layer 0 installs curl 7 and libc; layer 1 upgrades curl, installs python3-six (which owns six's egg-info) and
    /// pip installs requests; layer 2 purges python3-six (status rewritten, its list and files whited out) and
    /// removes requests with an opaque directory; layer 3 installs jq.
    static let layers: [[Fixture.Item]] = [
        [
            Fixture.osRelease,
            Fixture.status([Fixture.stanza("curl", "7.88.1-10"), Fixture.stanza("libc6", "2.36-9")]),
        ],
        [
            Fixture.status([
                Fixture.stanza("curl", "7.88.1-10+deb12u8"), Fixture.stanza("libc6", "2.36-9"),
                Fixture.stanza("python3-six", "1.16.0-4", source: "six"),
            ]),
            Fixture.file(
                "var/lib/dpkg/info/python3-six.list",
                "/usr/lib/python3/dist-packages/six-1.16.0.egg-info\n/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO\n"
            ),
            Fixture.file(
                "usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO", "Name: six\nVersion: 1.16.0\n"),
            Fixture.file(
                "usr/local/lib/python3.11/site-packages/requests-2.32.3.dist-info/METADATA",
                "Name: requests\nVersion: 2.32.3\n"),
        ],
        [
            Fixture.status([Fixture.stanza("curl", "7.88.1-10+deb12u8"), Fixture.stanza("libc6", "2.36-9")]),
            Fixture.whiteout("var/lib/dpkg/info/python3-six.list"),
            Fixture.whiteout("usr/lib/python3/dist-packages/six-1.16.0.egg-info"),
            Fixture.opaque("usr/local/lib/python3.11/site-packages"),
        ],
        [
            Fixture.status([
                Fixture.stanza("curl", "7.88.1-10+deb12u8"), Fixture.stanza("jq", "1.6-2.1"),
                Fixture.stanza("libc6", "2.36-9"),
            ])
        ],
    ]

    static let history = [
        "ADD rootfs.tar / # debian:12", "RUN apt-get install -y curl python3-six && pip install requests",
        "RUN apt-get purge -y python3-six && rm -rf /usr/local/lib/python3.11/site-packages",
        "RUN apt-get install -y jq",
    ]

    @Test("each package names the layer and the instruction that added it; removed ones the layer that removed them")
    func attribution() async throws {
        let inventory = try await Fixture.inventory(Self.layers, history: Self.history)
        let live = Dictionary(uniqueKeysWithValues: inventory.packages.map { ($0.name, $0) })
        #expect(live.keys.sorted() == ["curl", "jq", "libc6"])
        #expect(live["libc6"]?.addedIn == LayerReference(index: 0, createdBy: Self.history[0]))
        // The upgrade: the layer that installed this version.
        #expect(live["curl"]?.version == "7.88.1-10+deb12u8")
        #expect(live["curl"]?.addedIn == LayerReference(index: 1, createdBy: Self.history[1]))
        #expect(live["jq"]?.addedIn.index == 3)
        let removed = inventory.removed.map {
            "\($0.type.rawValue) \($0.name) \($0.addedIn.index)->\($0.removedIn?.index ?? -1)"
        }
        #expect(removed == ["deb python3-six 1->2", "python requests 1->2", "python six 1->2"])
        #expect(inventory.removed.first?.removedIn?.createdBy == Self.history[2])
    }

    @Test("a Debian-packaged Python library is owned by its deb; a pip one is not")
    func ownership() async throws {
        let inventory = try await Fixture.inventory(Array(Self.layers.prefix(2)))
        let six = try #require(inventory.packages.first { $0.name == "six" })
        #expect(six.ownedBy == PackageOwner(type: .deb, name: "python3-six", version: "1.16.0-4"))
        let requests = try #require(inventory.packages.first { $0.name == "requests" })
        #expect(requests.ownedBy == nil)
        #expect(inventory.removed.isEmpty)
    }

    @Test("a file rewritten in a later layer is not removed; deleted then re-created is live")
    func rewritten() async throws {
        let metadata = "usr/lib/python3/dist-packages/attrs-23.1.0.dist-info/METADATA"
        let inventory = try await Fixture.inventory([
            [Fixture.file(metadata, "Name: attrs\nVersion: 23.1.0\n")],
            [Fixture.whiteout("usr/lib/python3/dist-packages/attrs-23.1.0.dist-info")],
            [Fixture.file(metadata, "Name: attrs\nVersion: 23.1.0\n")],
        ])
        #expect(inventory.packages.map(\.addedIn.index) == [2])
        #expect(inventory.removed.isEmpty)
    }
}
