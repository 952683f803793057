import Foundation
import Packages
import TestSupport
import Testing

/// The official validators, from PyPI, in the virtual environment scripts/check.sh makes: cyclonedx-python-lib's
/// strict CycloneDX 1.6 JSON schema and spdx-tools' full SPDX 2.3 validation. Without the environment the tests
/// are skipped locally; in CI (`CI=true`) a missing environment fails them.
enum Validators {
    static let python = ProcessInfo.processInfo.environment["SHIPSHAPE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    static let required = ProcessInfo.processInfo.environment["CI"] == "true"

    static let script = """
        import sys
        kind, path = sys.argv[1], sys.argv[2]
        if kind == "cyclonedx":
            from cyclonedx.schema import SchemaVersion
            from cyclonedx.validation.json import JsonStrictValidator
            error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(open(path).read())
            if error:
                print(error)
                sys.exit(1)
        else:
            from spdx_tools.spdx.parser.parse_anything import parse_file
            from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
            messages = validate_full_spdx_document(parse_file(path))
            for message in messages:
                print(message.validation_message)
            if messages:
                sys.exit(1)
        print("valid")
        """

    /// Validates `text` as `kind` (`cyclonedx` or `spdx`); the validator's messages on failure.
    static func validate(_ text: String, kind: String) throws -> String? {
        let python = try #require(python, "CI=true but SHIPSHAPE_TEST_PYTHON is unset: scripts/check.sh makes the venv")
        let directory = try TestFiles.temporaryDirectory("sbom-validate")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(script.utf8).write(to: URL(fileURLWithPath: directory + "/validate.py"))
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/bom.json"))
        let result = try TestProcess.run(python, [directory + "/validate.py", kind, directory + "/bom.json"])
        return result.succeeded ? nil : result.stdout + result.stderr
    }
}

extension Trait where Self == ConditionTrait {
    static var validators: Self {
        .enabled(
            if: Validators.python != nil || Validators.required,
            "needs SHIPSHAPE_TEST_PYTHON (a venv with scripts/python-requirements.txt; CI sets it)")
    }
}

@Suite("SBOM formats")
struct SBOMFormatTests {
    /// Every cataloger's packages, removed ones and notes, with hostile text in them.
    static func document() async throws -> SBOMDocument {
        let inventory = try await Fixture.inventory(
            LayerAttributionTests.layers + [
                [
                    Fixture.file(
                        "app/node_modules/@scope/x/package.json",
                        #"{"name":"@scope/x","version":"1.0.0","license":"(MIT OR Apache-2.0)"}"#),
                    Fixture.file("app/node_modules/ctl/package.json", #"{"name":"ctl\u001b[2J","version":"1 & <2>"}"#),
                    Fixture.bytes(
                        "usr/local/bin/app", Fixture.goExecutable(modules: GoBuildInfoTests.modules), mode: 0o755),
                    Fixture.file("srv/x.dist-info/METADATA", "Name: nover\n"),
                    Fixture.file(
                        "usr/lib/python3/dist-packages/a.dist-info/METADATA", "Name: a\nVersion: 1\nLicense: MIT\n"),
                ]
            ], history: LayerAttributionTests.history + ["COPY app /app"])
        return SBOMDocument(
            inventory: inventory, imageName: "docker-archive:app.tar",
            imageDigest: "sha256:" + String(repeating: "ab", count: 32), timestamp: 1_735_689_600, toolVersion: "0.1.0")
    }

    @Test("CycloneDX 1.6 passes the official strict schema", .validators)
    func cycloneDX() async throws {
        let text = try await Self.document().rendered(as: .cyclonedx)
        #expect(try Validators.validate(text, kind: "cyclonedx") == nil)
    }

    @Test("SPDX 2.3 passes spdx-tools' validation", .validators)
    func spdx() async throws {
        let text = try await Self.document().rendered(as: .spdx)
        #expect(try Validators.validate(text, kind: "spdx") == nil)
    }

    @Test("an empty image's SBOMs are valid too", .validators)
    func empty() throws {
        let document = SBOMDocument(
            inventory: PackageInventory(), imageName: "", imageDigest: "sha256:00", timestamp: 0, toolVersion: "0.1.0")
        #expect(try Validators.validate(document.rendered(as: .cyclonedx), kind: "cyclonedx") == nil)
        #expect(try Validators.validate(document.rendered(as: .spdx), kind: "spdx") == nil)
    }

    @Test("deterministic: serial number and namespace from the digest, timestamp as given, same bytes every time")
    func deterministic() async throws {
        let first = try await Self.document()
        let second = try await Self.document()
        for format in SBOMDocument.Format.allCases {
            #expect(first.rendered(as: format) == second.rendered(as: format))
        }
        let cyclone = first.rendered(as: .cyclonedx)
        #expect(cyclone.contains(#""serialNumber": "urn:uuid:abababab-abab-5bab-abab-abababababab""#))
        #expect(cyclone.contains(#""timestamp": "2025-01-01T00:00:00Z""#))
        #expect(
            first.rendered(as: .spdx).contains("https://shipshape.invalid/spdx/abababab-abab-5bab-abab-abababababab"))
    }

    @Test("text output never carries the image's control characters")
    func text() async throws {
        let text = try await Self.document().rendered(as: .text, color: false)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains("ctl?[2J"))
        #expect(text.contains("Installed, then removed"))
        #expect(text.contains("srv/x.dist-info/METADATA (layer 4): package 'nover' has no Version header: skipped"))
    }

    @Test(
        "timestamps",
        arguments: [
            ("2025-01-01T00:00:00Z", 1_735_689_600), ("2024-05-01T10:00:00.123456789Z", 1_714_557_600),
            ("2024-05-01T12:00:00+02:00", 1_714_557_600), ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T23:59:59Z", 951_868_799),
        ] as [(String, Int64)])
    func timestamps(text: String, seconds: Int64) {
        #expect(SBOMDocument.parseTimestamp(text) == seconds)
        if !text.contains("+") && !text.contains(".") { #expect(SBOMDocument.iso8601(seconds) == text) }
    }

    @Test("not timestamps", arguments: ["", "yesterday", "2025-13-01T00:00:00Z", "2025-01-01T00:00:00", "2025-01-01"])
    func badTimestamps(text: String) {
        #expect(SBOMDocument.parseTimestamp(text) == nil)
    }

    @Test(
        "PURL encoding",
        arguments: [
            ("1:2.38+dfsg~1", "1:2.38%2Bdfsg~1"), ("a b/c", "a%20b%2Fc"), ("ü", "%C3%BC"),
            ("v1.0.0-rc.1", "v1.0.0-rc.1"),
        ])
    func encoding(text: String, expected: String) {
        #expect(PackageURL.make(type: "generic", name: "x", version: text) == "pkg:generic/x@" + expected)
    }
}
