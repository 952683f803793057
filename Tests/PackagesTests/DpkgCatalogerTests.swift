import ImageAnalysis
import Packages
import Testing

@Suite("dpkg cataloger")
struct DpkgCatalogerTests {
    @Test("installed packages with source, architecture and PURL; other states counted, not listed")
    func installed() async throws {
        let inventory = try await Fixture.inventory([
            [
                Fixture.osRelease,
                Fixture.status([
                    Fixture.stanza("bsdutils", "1:2.38.1-5+deb12u1", source: "util-linux (2.38.1-5+deb12u1)"),
                    Fixture.stanza("libssl3", "3.0.15-1~deb12u1", source: "openssl"),
                    Fixture.stanza("zlib1g", "1:1.2.13.dfsg-1"),
                    Fixture.stanza("held", "1.0", status: "hold ok installed"),
                    Fixture.stanza("gone", "1.0", status: "deinstall ok config-files"),
                    Fixture.stanza("broken", "1.0", status: "install reinstreq half-installed"),
                ]),
            ]
        ])
        #expect(inventory.packages.map(\.name) == ["bsdutils", "held", "libssl3", "zlib1g"])
        #expect(inventory.skippedStates == ["deinstall ok config-files": 1, "install reinstreq half-installed": 1])
        #expect(inventory.operatingSystem?.ecosystem == "Debian:12")
        let bsdutils = try #require(inventory.packages.first)
        #expect(bsdutils.source == SourcePackage(name: "util-linux", version: "2.38.1-5+deb12u1"))
        #expect(
            bsdutils.purl
                == "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u1?arch=amd64&distro=debian-12&upstream=util-linux%402.38.1-5%2Bdeb12u1"
        )
        // Source without a version: the binary's full version, epoch included (dpkg-query ${source:Version}).
        #expect(inventory.packages[2].source == SourcePackage(name: "openssl", version: "3.0.15-1~deb12u1"))
        #expect(
            inventory.packages[2].purl
                == "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl")
        // No Source field: the binary's own name and version.
        #expect(inventory.packages[3].source == SourcePackage(name: "zlib1g", version: "1:1.2.13.dfsg-1"))
        #expect(inventory.packages[3].addedIn == LayerReference(index: 0, createdBy: "RUN step 0"))
    }

    @Test(
        "Source field forms",
        arguments: [
            ("util-linux (2.38.1-5)", SourcePackage(name: "util-linux", version: "2.38.1-5")),
            ("openssl", SourcePackage(name: "openssl", version: "1:9.9-1")),
            ("", SourcePackage(name: "pkg", version: "1:9.9-1")),
            ("glibc ()", SourcePackage(name: "glibc", version: "1:9.9-1")),
        ])
    func sourceForms(field: String, expected: SourcePackage) async throws {
        let inventory = try await Fixture.inventory([
            [Fixture.status([Fixture.stanza("pkg", "1:9.9-1", source: field.isEmpty ? nil : field)])]
        ])
        #expect(inventory.packages.first?.source == expected)
    }

    @Test("a corrupt status file: stanzas without Package or Version are noted, the rest listed")
    func corrupt() async throws {
        let text =
            "Package: good\nStatus: install ok installed\nVersion: 1.0\n\nStatus: install ok installed\nVersion: 2\n\n"
            + "Package: noversion\nStatus: install ok installed\n\ngarbage line without colon\n\u{01}\u{02}\u{7f}\n\n"
            + "Package: nostatus\nVersion: 3\n"
        let inventory = try await Fixture.inventory([[Fixture.file("var/lib/dpkg/status", text)]])
        #expect(inventory.packages.map(\.name) == ["good"])
        let messages = inventory.notes.map(\.message)
        #expect(messages.contains("the stanza at line 5 has no Package field: skipped"))
        #expect(messages.contains("package 'noversion' (line 8) has no Version field: skipped"))
        #expect(messages.contains("package 'nostatus' (line 14) has no Status field: skipped"))
        #expect(inventory.notes.allSatisfy { $0.path == "/var/lib/dpkg/status" && $0.layer == 0 })
    }

    @Test("a truncated status file: the stanzas before the cut are read, the cut one is not")
    func truncated() {
        let text = Fixture.stanza("one", "1") + "\n" + Fixture.stanza("two", "2")
        let cut = Array(text.utf8.prefix(text.utf8.count - 12))
        let file = CatalogFile(path: "/var/lib/dpkg/status", layer: 3, content: cut, size: Int64(text.utf8.count) + 100)
        let inventory = PackageCatalog.catalog([file], layers: [])
        #expect(inventory.packages.map(\.name) == ["one"])
        #expect(inventory.notes.first?.layer == 3)
        #expect(inventory.notes.first?.message.contains("the stanzas before the cut are read") == true)
    }

    @Test("distroless status.d: one stanza a file, no Status field; md5sums ignored")
    func distroless() async throws {
        let inventory = try await Fixture.inventory([
            [
                Fixture.file(
                    "var/lib/dpkg/status.d/base-files",
                    "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n"),
                Fixture.file("var/lib/dpkg/status.d/base-files.md5sums", "abc  etc/issue\n"),
                Fixture.file(
                    "var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n"),
            ]
        ])
        #expect(inventory.packages.map(\.name) == ["base-files", "tzdata"])
        #expect(inventory.notes.isEmpty)
    }

    @Test("file counts from info/*.list, Multi-Arch names included")
    func lists() async throws {
        let inventory = try await Fixture.inventory([
            [
                Fixture.status([Fixture.stanza("libc6", "2.36-9"), Fixture.stanza("bash", "5.2")]),
                Fixture.file("var/lib/dpkg/info/libc6:amd64.list", "/.\n/lib\n/lib/libc.so.6\n"),
                Fixture.file("var/lib/dpkg/info/bash.list", "/bin/bash\n"),
            ]
        ])
        #expect(inventory.packages.map(\.fileCount) == [1, 3])
    }

    @Test("not a dpkg database: no packages, no notes")
    func negative() async throws {
        let inventory = try await Fixture.inventory([
            [Fixture.file("var/lib/dpkg/status-old", Fixture.stanza("x", "1"))]
        ])
        #expect(inventory.packages.isEmpty && inventory.notes.isEmpty)
    }
}
