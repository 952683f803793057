import Foundation
import Testing

@testable import Vulnerabilities

@Suite("Stored SBOMs for scan sbom:FILE")
struct SBOMReaderTests {
    /// SPDX 2.3 as `shipshape sbom --format spdx` writes it: the OS's ecosystem in a comment, the source package in
    /// sourceInfo, the owner and the history entry in the package comment.
    static let spdx = """
        {"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "app",
         "packages": [
          {"SPDXID": "SPDXRef-OperatingSystem", "name": "debian", "versionInfo": "12",
           "primaryPackagePurpose": "OPERATING-SYSTEM", "comment": "OSV ecosystem: Debian:12"},
          {"SPDXID": "SPDXRef-Package-deb-1", "name": "bsdutils", "versionInfo": "1:2.38.1-5+b1",
           "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
             "referenceLocator": "pkg:deb/debian/bsdutils@1%3A2.38.1-5%2Bb1?arch=amd64&upstream=util-linux%402.38.1-5&distro=debian-12"}],
           "sourceInfo": "built from source package util-linux 2.38.1-5",
           "comment": "layer 0 (ADD file:abc in / ); found in var/lib/dpkg/status"},
          {"SPDXID": "SPDXRef-Package-python-2", "name": "urllib3", "versionInfo": "1.26.12",
           "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
             "referenceLocator": "pkg:pypi/urllib3@1.26.12"}],
           "comment": "layer 1 (RUN apt-get install -y python3-urllib3); found in usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info; owned by deb package python3-urllib3"},
          {"SPDXID": "SPDXRef-Package-python-3", "name": "requests", "versionInfo": "2.31.0",
           "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl",
             "referenceLocator": "pkg:pypi/requests@2.31.0"}]},
          {"SPDXID": "SPDXRef-Package-4", "name": "no-purl", "versionInfo": "1"}
         ]}
        """

    @Test("SPDX 2.3 JSON: purls, the OS ecosystem, source packages, owners and history entries")
    func spdx() throws {
        let queries = try SBOMReader.queries(Array(Self.spdx.utf8), file: "app.spdx.json")
        #expect(queries.map(\.name) == ["bsdutils", "urllib3", "requests"])
        #expect(queries[0].ecosystem == "Debian:12")
        #expect(queries[0].sourceName == "util-linux" && queries[0].sourceVersion == "2.38.1-5")
        #expect(queries[0].createdBy == "ADD file:abc in / ")
        #expect(queries[1].ownedBy == "deb:python3-urllib3")
        #expect(queries[1].createdBy == "RUN apt-get install -y python3-urllib3")
        #expect(queries[2].ownedBy == nil && queries[2].ecosystem == "PyPI")
        // The owned copy is matched through Debian only; the epoch trap of bsdutils is avoided by the source.
        let matcher = Matcher(database: try Fixtures.database(MatcherTests.records).0)
        #expect(try matcher.match(queries).map(\.id) == ["CVE-2024-28085"])
        #expect(throws: DatabaseError.self) {
            try SBOMReader.queries(Array(#"{"spdxVersion": "SPDX-3.0", "packages": []}"#.utf8), file: "x.json")
        }
    }
}
