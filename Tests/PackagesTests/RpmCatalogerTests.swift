import Foundation
import Packages
import TestSupport
import Testing

/// Real rpm databases, made once by Scripts/make-rpmdb.py with rpm itself (rpmbuild, `rpm -i/-U/-e --justdb` into
/// SQLite), Berkeley DB's db_load (checked by rpm's own bdb_ro backend) and rpm's NDB layout.
enum RpmFixtures {
    struct Databases: Sendable {
        var step1: [UInt8]
        var step2: [UInt8]
        var berkeley: [UInt8]
        var ndb: [UInt8]
    }

    static let available = TestProcess.exists("rpmbuild") && TestProcess.exists("rpm") && TestProcess.exists("db_load")

    static let made: Result<Databases, TestFailure> = {
        do {
            let directory = try TestFiles.temporaryDirectory("sbom-rpmdb")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let script = TestFiles.packageRoot.appendingPathComponent("Tests/PackagesTests/Scripts/make-rpmdb.py").path
            try TestProcess.output("python3", [script, directory + "/out"])
            func read(_ path: String) throws -> [UInt8] {
                Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/out/" + path)))
            }
            return .success(
                Databases(
                    step1: try read("step1/rpmdb.sqlite"), step2: try read("step2/rpmdb.sqlite"),
                    berkeley: try read("bdb/Packages"), ndb: try read("ndb/Packages.db")))
        } catch {
            return .failure(TestFailure("make-rpmdb.py: \(error)"))
        }
    }()

    static func databases() throws -> Databases { try made.get() }

    static let osRelease = Fixture.file(
        "etc/os-release", "NAME=\"Rocky Linux\"\nID=\"rocky\"\nVERSION_ID=\"9.4\"\nPRETTY_NAME=\"Rocky Linux 9.4\"\n")

    static func metadata(_ name: String, _ version: String) -> Fixture.Item {
        Fixture.file(
            "usr/lib/python3.9/site-packages/\(name)-\(version).dist-info/METADATA",
            "Name: \(name)\nVersion: \(version)\n")
    }
}

@Suite(
    "rpm cataloger",
    .enabled(if: Requirement.met(RpmFixtures.available), "needs rpmbuild, rpm and db_load (rpm, db-util)"))
struct RpmCatalogerTests {
    @Test("SQLite rpmdb: names, epochs, architecture, source RPM, licence, PURL; Rocky Linux ecosystem")
    func sqlite() async throws {
        let databases = try RpmFixtures.databases()
        let inventory = try await Fixture.inventory([
            [RpmFixtures.osRelease, Fixture.bytes("var/lib/rpm/rpmdb.sqlite", databases.step1)]
        ])
        #expect(inventory.notes == [])
        #expect(inventory.operatingSystem?.ecosystem == "Rocky Linux:9")
        let rpm = inventory.packages.filter { $0.type == .rpm }
        #expect(rpm.map(\.name) == ["shipshape-base", "shipshape-big", "shipshape-tool"])
        #expect(rpm.map(\.version) == ["1.0-1.el9", "0.9-7.el9", "2:2.4.1-3.el9"])
        let tool = rpm[2]
        #expect(tool.architecture == "noarch")
        #expect(tool.licenses == ["MIT AND (Apache-2.0 OR BSD-3-Clause)"])
        #expect(tool.source == SourcePackage(name: "shipshape-tool", version: "2:2.4.1-3.el9"))
        #expect(
            tool.purl
                == "pkg:rpm/rocky/shipshape-tool@2.4.1-3.el9?arch=noarch&distro=rocky-9.4&epoch=2&upstream=shipshape-tool-2.4.1-3.el9.src.rpm"
        )
        #expect(tool.locations == ["/var/lib/rpm/rpmdb.sqlite"])
    }

    @Test("Berkeley DB Packages and NDB Packages.db give the same packages as SQLite")
    func otherBackends() async throws {
        let databases = try RpmFixtures.databases()
        let expected = try await Fixture.inventory([[Fixture.bytes("var/lib/rpm/rpmdb.sqlite", databases.step1)]])
        let berkeley = try await Fixture.inventory([[Fixture.bytes("var/lib/rpm/Packages", databases.berkeley)]])
        let ndb = try await Fixture.inventory([[Fixture.bytes("usr/lib/sysimage/rpm/Packages.db", databases.ndb)]])
        #expect(berkeley.notes == [] && ndb.notes == [])
        func identity(_ inventory: PackageInventory) -> [String] {
            inventory.packages.map { "\($0.name) \($0.version) \($0.architecture ?? "") \($0.licenses)" }
        }
        #expect(identity(expected).count == 3)
        #expect(identity(berkeley) == identity(expected))
        #expect(identity(ndb) == identity(expected))
    }

    @Test("layers: an upgrade is the new version's layer, an erased package is installed then removed")
    func layers() async throws {
        let databases = try RpmFixtures.databases()
        let inventory = try await Fixture.inventory(
            [
                [RpmFixtures.osRelease, Fixture.bytes("var/lib/rpm/rpmdb.sqlite", databases.step1)],
                [Fixture.bytes("var/lib/rpm/rpmdb.sqlite", databases.step2)],
            ], history: ["ADD rootfs.tar /", "RUN dnf upgrade -y shipshape-tool && dnf remove -y shipshape-big"])
        let added = Dictionary(uniqueKeysWithValues: inventory.packages.map { ($0.name, $0.addedIn.index) })
        #expect(added == ["shipshape-base": 0, "shipshape-tool": 1, "shipshape-extra": 1])
        #expect(inventory.packages.first { $0.name == "shipshape-tool" }?.version == "2:2.5.0-1.el9")
        #expect(inventory.removed.map(\.name) == ["shipshape-big"])
        #expect(inventory.removed.first?.removedIn?.createdBy?.hasPrefix("RUN dnf upgrade") == true)
    }

    @Test("a Python package whose METADATA an rpm lists is owned by it; a pip one is not")
    func ownership() async throws {
        let databases = try RpmFixtures.databases()
        let inventory = try await Fixture.inventory([
            [
                RpmFixtures.osRelease, Fixture.bytes("var/lib/rpm/rpmdb.sqlite", databases.step1),
                RpmFixtures.metadata("shipshape-base", "1.0"), RpmFixtures.metadata("requests", "2.32.3"),
            ]
        ])
        let python = inventory.packages.filter { $0.type == .python }
        #expect(python.map(\.name) == ["requests", "shipshape-base"])
        #expect(python[0].ownedBy == nil)
        #expect(python[1].ownedBy == PackageOwner(type: .rpm, name: "shipshape-base", version: "1.0-1.el9"))
    }

    @Test("a cut database: the packages before the cut, and a note naming the file and layer")
    func truncated() async throws {
        let databases = try RpmFixtures.databases()
        for (path, bytes) in [
            ("var/lib/rpm/rpmdb.sqlite", databases.step1), ("var/lib/rpm/Packages", databases.berkeley),
            ("var/lib/rpm/Packages.db", databases.ndb),
        ] {
            let cut = Array(bytes.prefix(bytes.count / 3))
            let inventory = try await Fixture.inventory([[Fixture.bytes(path, cut)]])
            #expect(!inventory.notes.isEmpty, "\(path)")
            #expect(inventory.notes.allSatisfy { $0.path == "/" + path && $0.layer == 0 })
        }
    }

    @Test("rpm packages, Rust crates and DEP-5 licences in SBOMs that pass the official validators", .validators)
    func validated() async throws {
        let databases = try RpmFixtures.databases()
        var items: [Fixture.Item] = [
            RpmFixtures.osRelease, Fixture.bytes("var/lib/rpm/rpmdb.sqlite", databases.step1),
            Fixture.status([Fixture.stanza("curl", "7.88.1-10")]),
            Fixture.file("usr/share/doc/curl/copyright", DebCopyrightTests.machineReadable),
        ]
        if RustFixture.available {
            items.append(Fixture.bytes("usr/local/bin/demo", try RustFixture.executable(), mode: 0o755))
        }
        let inventory = try await Fixture.inventory([items])
        let document = SBOMDocument(
            inventory: inventory, imageName: "docker-archive:rpm.tar",
            imageDigest: "sha256:" + String(repeating: "cd", count: 32), timestamp: 1_735_689_600, toolVersion: "0.1.0")
        for (format, kind) in [(SBOMDocument.Format.cyclonedx, "cyclonedx"), (.spdx, "spdx")] {
            let problems = try Validators.validate(document.rendered(as: format, color: false), kind: kind)
            #expect(problems == nil, "\(kind): \(problems ?? "")")
        }
    }

    @Test("damaged databases never crash or hang: every byte flipped somewhere")
    func damaged() throws {
        let databases = try RpmFixtures.databases()
        var generator = SystemRandomNumberGenerator()
        for (path, bytes) in [
            ("var/lib/rpm/rpmdb.sqlite", databases.step1), ("var/lib/rpm/Packages", databases.berkeley),
            ("var/lib/rpm/Packages.db", databases.ndb),
        ] {
            for _ in 0..<100 {
                var damaged = bytes
                for _ in 0..<8 {
                    damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(
                        in: 0...255, using: &generator)
                }
                let summary = PackageCatalog.reduce(path: path, bytes: damaged, size: Int64(damaged.count))
                #expect(summary.count < 1 << 20)
            }
        }
    }
}

@Suite("rpm headers")
struct RpmHeaderTests {
    @Test(
        "not databases: a note, no packages",
        arguments: ["var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages", "var/lib/rpm/Packages.db"])
    func notDatabases(path: String) async throws {
        let inventory = try await Fixture.inventory([
            [Fixture.file(path, String(repeating: "not a database\n", count: 100))]
        ])
        #expect(inventory.packages.isEmpty)
        #expect(inventory.notes.count == 1)
        #expect(inventory.notes.first?.message.contains("not a readable") == true)
    }
}
