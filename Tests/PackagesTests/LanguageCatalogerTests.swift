import Packages
import Testing

@Suite("apk, Python, npm, gem and Composer catalogers")
struct LanguageCatalogerTests {
    @Test("apk: installed database with origin, licence and file count; Alpine ecosystem")
    func apk() async throws {
        let database = """
            C:Q1abc=
            P:musl
            V:1.2.5-r0
            A:x86_64
            L:MIT
            o:musl
            F:lib
            R:ld-musl-x86_64.so.1
            R:libc.musl-x86_64.so.1

            P:libcrypto3
            V:3.3.2-r0
            A:x86_64
            L:Apache-2.0
            o:openssl
            F:usr/lib/python3.12/site-packages/six-1.16.0.dist-info
            R:METADATA

            V:1.0
            A:x86_64

            """
        let inventory = try await Fixture.inventory([
            [
                Fixture.file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\n"),
                Fixture.file("lib/apk/db/installed", database),
                Fixture.file(
                    "usr/lib/python3.12/site-packages/six-1.16.0.dist-info/METADATA",
                    "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n"),
            ]
        ])
        #expect(inventory.operatingSystem?.ecosystem == "Alpine:v3.20")
        let apk = inventory.packages.filter { $0.type == .apk }
        #expect(apk.map(\.name) == ["libcrypto3", "musl"])
        #expect(apk[0].source == SourcePackage(name: "openssl", version: "3.3.2-r0"))
        #expect(apk[0].purl == "pkg:apk/alpine/libcrypto3@3.3.2-r0?arch=x86_64&distro=alpine-3.20.3&upstream=openssl")
        #expect(apk[1].fileCount == 2 && apk[1].licenses == ["MIT"])
        #expect(inventory.notes.map(\.message) == ["the entry at line 19 has no P: or V: line: skipped"])
        let six = try #require(inventory.packages.first { $0.type == .python })
        #expect(six.ownedBy == PackageOwner(type: .apk, name: "libcrypto3", version: "3.3.2-r0"))
    }

    @Test("Python: dist-info, egg-info directory and file, anywhere; PEP 503 names in the PURL")
    func python() async throws {
        let inventory = try await Fixture.inventory([
            [
                Fixture.file(
                    "opt/app/venv/lib/python3.11/site-packages/Flask_Login-0.6.3.dist-info/METADATA",
                    "Metadata-Version: 2.1\nName: Flask_Login\nVersion: 0.6.3\nLicense: MIT\n\nName: not-a-header\n"),
                Fixture.file(
                    "opt/app/venv/lib/python3.11/site-packages/Flask_Login-0.6.3.dist-info/RECORD", "a\nb\nc\n"),
                Fixture.file(
                    "usr/lib/python3/dist-packages/zope.interface-5.5.2.egg-info/PKG-INFO",
                    "Metadata-Version: 2.1\nName: zope.interface\nVersion: 5.5.2\nClassifier: License :: OSI Approved :: Zope Public License\n"
                ),
                Fixture.file(
                    "usr/lib/python3.11/lib-dynload/legacy.egg-info",
                    "Metadata-Version: 1.0\nName: legacy\nVersion: 1\nLicense-Expression: Apache-2.0\n"),
                Fixture.file("srv/x.dist-info/METADATA", "Metadata-Version: 2.1\nName: noversion\n"),
                Fixture.file("srv/y.dist-info/METADATA", "\u{1b}[31m binary junk"),
            ]
        ])
        #expect(inventory.packages.map(\.name) == ["Flask_Login", "legacy", "zope.interface"])
        #expect(
            inventory.packages.map(\.purl) == [
                "pkg:pypi/flask-login@0.6.3", "pkg:pypi/legacy@1", "pkg:pypi/zope-interface@5.5.2",
            ])
        #expect(inventory.packages.map(\.licenses) == [["MIT"], ["Apache-2.0"], ["Zope Public License"]])
        #expect(inventory.packages[0].fileCount == 3)
        #expect(
            inventory.notes.map(\.description) == [
                "/srv/x.dist-info/METADATA (layer 0): package 'noversion' has no Version header: skipped",
                "/srv/y.dist-info/METADATA (layer 0): no Name header: not a Python distribution's metadata, skipped",
            ])
    }

    @Test(
        "PEP 503 normalisation",
        arguments: [
            ("Flask_Login", "flask-login"), ("zope.interface", "zope-interface"), ("A--B__c..D", "a-b-c-d"),
            ("requests", "requests"),
        ])
    func normalised(name: String, expected: String) {
        #expect(PackageURL.normalizedPythonName(name) == expected)
    }

    @Test("npm: node_modules at any depth, scopes, Debian's /usr/share/nodejs; bad, nameless and huge manifests noted")
    func npm() async throws {
        let huge = 50 << 20
        let inventory = try await Fixture.inventory([
            [
                Fixture.file(
                    "app/node_modules/express/package.json", #"{"name":"express","version":"4.19.2","license":"MIT"}"#),
                Fixture.file(
                    "app/node_modules/express/node_modules/@types/node/package.json",
                    #"{"name":"@types/node","version":"20.1.0","licenses":[{"type":"MIT"}]}"#),
                Fixture.file("app/node_modules/express/lib/package.json", #"{"name":"not-a-package","version":"1"}"#),
                Fixture.file("usr/share/nodejs/acorn/package.json", #"{"name":"acorn","version":"8.8.1"}"#),
                Fixture.file("app/node_modules/broken/package.json", #"{"name": "broken", "#),
                Fixture.file("app/node_modules/private/package.json", #"{"private": true}"#),
                (
                    .init(path: "app/node_modules/huge/package.json", kind: .regular, size: Int64(huge), mode: 0o644),
                    [UInt8](repeating: 0x20, count: huge)
                ),
            ]
        ])
        #expect(inventory.packages.map(\.name) == ["@types/node", "acorn", "express"])
        #expect(
            inventory.packages.map(\.purl) == [
                "pkg:npm/%40types/node@20.1.0", "pkg:npm/acorn@8.8.1", "pkg:npm/express@4.19.2",
            ])
        #expect(inventory.packages[0].licenses == ["MIT"])
        #expect(
            inventory.notes.map(\.path) == [
                "/app/node_modules/broken/package.json", "/app/node_modules/huge/package.json",
                "/app/node_modules/private/package.json",
            ])
        #expect(inventory.notes[1].message.hasPrefix("52428800 bytes, over the 1048576-byte limit"))
    }

    @Test("a 50 MB package.json is kept as one byte, not read whole")
    func hugeManifestNotCaptured() {
        #expect(PackageCatalog.captureLimit(path: "./app/node_modules/x/package.json", size: 50 << 20) == 1)
        #expect(PackageCatalog.captureLimit(path: "app/node_modules/x/package.json", size: 300) == 1 << 20)
        #expect(PackageCatalog.captureLimit(path: "app/src/package.json", size: 300) == 0)
        #expect(PackageCatalog.captureLimit(path: "usr/bin/python3", size: 300) == 0)
    }

    @Test("gems from specifications, Composer 1 and 2 installed.json")
    func gemsAndComposer() async throws {
        let gemspec = """
            # -*- encoding: utf-8 -*-
            Gem::Specification.new do |s|
              s.name = "rake".freeze
              s.version = "13.0.6"
              s.licenses = ["MIT".freeze]
            end
            """
        let inventory = try await Fixture.inventory([
            [
                Fixture.file("usr/local/bundle/specifications/rake-13.0.6.gemspec", gemspec),
                Fixture.file(
                    "srv/a/vendor/composer/installed.json",
                    #"{"packages":[{"name":"monolog/monolog","version":"3.5.0","license":["MIT"]}]}"#),
                Fixture.file(
                    "srv/b/vendor/composer/installed.json", #"[{"name":"psr/log","version":"1.1.4","license":"MIT"}]"#),
                Fixture.file("srv/c/vendor/composer/installed.json", "not json"),
            ]
        ])
        #expect(
            inventory.packages.map(\.purl) == [
                "pkg:gem/rake@13.0.6", "pkg:composer/monolog/monolog@3.5.0", "pkg:composer/psr/log@1.1.4",
            ])
        #expect(inventory.notes.map(\.path) == ["/srv/c/vendor/composer/installed.json"])
    }

    @Test(
        "os-release to the OSV ecosystem",
        arguments: [
            ("ID=debian\nVERSION_ID=\"12\"", "Debian:12"),
            ("ID=ubuntu\nVERSION_ID=\"22.04\"\nVERSION=\"22.04.4 LTS (Jammy Jellyfish)\"", "Ubuntu:22.04:LTS"),
            ("ID=ubuntu\nVERSION_ID=\"23.10\"\nVERSION=\"23.10 (Mantic Minotaur)\"", "Ubuntu:23.10"),
            ("ID=alpine\nVERSION_ID=3.20.3", "Alpine:v3.20"),
            ("ID=\"rocky\"\nVERSION_ID=\"9.4\"", "Rocky Linux:9"),
            ("ID=\"almalinux\"\nVERSION_ID=\"8.10\"", "AlmaLinux:8"),
            ("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux trixie/sid\"", "Debian"),
            ("ID=gentoo", nil),
        ] as [(String, String?)])
    func ecosystems(text: String, expected: String?) throws {
        let system = try #require(OperatingSystem(osRelease: Array(text.utf8)))
        #expect(system.ecosystem == expected)
    }

    @Test("os-release without ID is no operating system")
    func noID() {
        #expect(OperatingSystem(osRelease: Array("NAME=x\n# ID=y\n".utf8)) == nil)
    }
}
