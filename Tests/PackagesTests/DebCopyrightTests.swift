import Foundation
import Packages
import Testing

@Suite("Debian copyright licences")
struct DebCopyrightTests {
    static let machineReadable = """
        Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
        Upstream-Name: curl
        Source: https://curl.se/

        Files: *
        Copyright: 1996-2024, Daniel Stenberg
        License: curl

        Files: lib/inet_ntop.c
        Copyright: 1996-2001, Internet Software Consortium.
        License: ISC

        Files: debian/*
        Copyright: 2009-2024, the Debian maintainers
        License: curl

        License: curl
         COPYRIGHT AND PERMISSION NOTICE
         .
         Permission to use, copy, modify, and distribute this software …

        License: Not-Declared-By-A-Files-Paragraph
         text

        """

    @Test("DEP-5: the Files paragraphs' licences, in order, once; free-form text gives none, never a guess")
    func licences() async throws {
        let inventory = try await Fixture.inventory([
            [
                Fixture.osRelease,
                Fixture.status([Fixture.stanza("curl", "7.88.1-10"), Fixture.stanza("libc6", "2.36-9")]),
                Fixture.file("usr/share/doc/curl/copyright", Self.machineReadable),
                Fixture.file(
                    "usr/share/doc/libc6/copyright",
                    "This is the Debian prepackaged version of the GNU C Library.\nLicense: LGPL-2.1 (see below)\n"),
            ]
        ])
        let byName = Dictionary(uniqueKeysWithValues: inventory.packages.map { ($0.name, $0.licenses) })
        #expect(byName["curl"] == ["curl", "ISC"])
        #expect(byName["libc6"] == [])
        #expect(inventory.notes == [])
    }

    @Test("the copyright file is kept as its licence names, not its text")
    func reduced() {
        let summary = PackageCatalog.reduce(
            path: "./usr/share/doc/curl/copyright", bytes: Array(Self.machineReadable.utf8),
            size: Int64(Self.machineReadable.utf8.count))
        #expect(String(decoding: summary, as: UTF8.self) == "curl\nISC\n")
        #expect(PackageCatalog.captureLimit(path: "usr/share/doc/curl/copyright", size: 5000) > 0)
        #expect(PackageCatalog.captureLimit(path: "usr/share/doc/curl/examples/copyright", size: 5000) == 0)
    }

    @Test("every copyright file of this machine reduces without trouble; the DEP-5 ones name a licence")
    func hostFiles() throws {
        let directory = "/usr/share/doc"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var machineReadable = 0
        for name in names {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)/copyright") else { continue }
            let bytes = Array(data.prefix(1 << 20))
            let summary = PackageCatalog.reduce(
                path: "usr/share/doc/\(name)/copyright", bytes: bytes, size: Int64(data.count))
            if String(decoding: bytes.prefix(300), as: UTF8.self).hasPrefix("Format:") {
                machineReadable += 1
                #expect(!summary.isEmpty, "\(name)")
            }
            #expect(!summary.contains(0x09))
        }
        #expect(names.isEmpty || machineReadable > 0)
    }
}
