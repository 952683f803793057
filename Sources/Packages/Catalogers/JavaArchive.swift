import CZlib

/// What a Java archive (jar, war, ear: zip files) says about itself, read from its central directory: the
/// `META-INF/maven/GROUP/ARTIFACT/pom.properties` files Maven writes, `META-INF/MANIFEST.MF`, and the same inside
/// nested archives (a war's `WEB-INF/lib/*.jar`, a Spring Boot jar's `BOOT-INF/lib/*.jar`), one level deep.
///
/// The archive is reduced to a few lines as soon as its bytes are read (`summary`), so the pass over the layers
/// keeps those lines, not the archive.
public enum JavaArchive {
    /// Largest archive read.
    public static let limit = 64 << 20
    /// Largest member inflated (a pom.properties or manifest; a nested archive).
    static let memberLimit = 1 << 20
    static let nestedLimit = 32 << 20

    public static func isArchive(_ path: String) -> Bool {
        path.hasSuffix(".jar") || path.hasSuffix(".war") || path.hasSuffix(".ear") || path.hasSuffix(".jpi")
            || path.hasSuffix(".hpi")
    }

    /// The archive as lines: `pom\tGROUP\tARTIFACT\tVERSION\tNAME` for each pom.properties, `manifest\tTITLE\tVERSION`
    /// for the manifest, `error\tMESSAGE` when the zip cannot be read; nested archives' lines prefixed `nested\t`.
    public static func summary(_ bytes: [UInt8], size: Int64) -> [UInt8] {
        if Int64(bytes.count) < size { return Array("error\tlarger than \(limit) bytes: not read\n".utf8) }
        var lines: [String] = []
        read(bytes, depth: 0, into: &lines)
        return Array(lines.joined().utf8)
    }

    static func read(_ bytes: [UInt8], depth: Int, into lines: inout [String]) {
        let prefix = depth > 0 ? "nested\t" : ""
        let members: [ZipMember]
        do {
            members = try ZipMember.centralDirectory(bytes)
        } catch {
            if depth == 0 { lines.append("error\t\(error.description)\n") }
            return
        }
        for member in members {
            let name = member.name
            if name.hasPrefix("META-INF/maven/") && name.hasSuffix("/pom.properties") {
                guard let data = member.content(in: bytes, limit: memberLimit) else { continue }
                let properties = Self.properties(data, separator: UInt8(ascii: "="))
                guard let artifact = properties["artifactId"], let version = properties["version"] else { continue }
                lines.append(
                    prefix
                        + "pom\t\(properties["groupId"] ?? "")\t\(artifact)\t\(version)\t\(properties["name"] ?? "")\n"
                )
            } else if name == "META-INF/MANIFEST.MF" {
                guard let data = member.content(in: bytes, limit: memberLimit) else { continue }
                let fields = Self.properties(data, separator: UInt8(ascii: ":"))
                let title = fields["Implementation-Title"] ?? fields["Bundle-SymbolicName"] ?? ""
                let version = fields["Implementation-Version"] ?? fields["Bundle-Version"] ?? ""
                lines.append(prefix + "manifest\t\(title)\t\(version)\n")
            } else if depth == 0 && isArchive(name) {
                guard let data = member.content(in: bytes, limit: nestedLimit) else { continue }
                read(data, depth: 1, into: &lines)
            }
        }
    }

    /// `key=value` (pom.properties; `#` comments) or `Key: value` (manifest) lines; tabs and newlines dropped from
    /// values so they fit the summary's lines.
    static func properties(_ bytes: [UInt8], separator: UInt8) -> [String: String] {
        var result: [String: String] = [:]
        for line in bytes.split(whereSeparator: { $0 == 0x0a || $0 == 0x0d }) {
            guard line.first != UInt8(ascii: "#"), let index = line.firstIndex(of: separator) else { continue }
            let key = String(decoding: line[line.startIndex..<index], as: UTF8.self)
            let value = String(decoding: line[line.index(after: index)...], as: UTF8.self)
                .filter { $0 != "\t" }.drop(while: { $0 == " " })
            if result[key] == nil { result[key] = String(value) }
        }
        return result
    }
}

/// One member of a zip file's central directory (PKWARE APPNOTE.TXT 4.3.12), with where its data starts.
struct ZipMember {
    var name: String
    var method: UInt16
    var compressedSize: Int
    var uncompressedSize: Int
    var localHeader: Int

    enum Failure: Error, CustomStringConvertible {
        case notZip
        case zip64
        case damaged(String)

        var description: String {
            switch self {
            case .notZip: "not a zip file (no end of central directory record)"
            case .zip64: "a ZIP64 archive: not read"
            case .damaged(let what): "damaged zip: \(what)"
            }
        }
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> Int { u16(bytes, at) | u16(bytes, at + 2) << 16 }

    /// APPNOTE 4.3.16: "End of central directory record: end of central dir signature 4 bytes (0x06054b50) … total
    /// number of entries in the central directory 2 bytes … size of the central directory 4 bytes … offset of start
    /// of central directory 4 bytes … .ZIP file comment length 2 bytes"; the record is the last thing in the file
    /// but for the comment (at most 65,535 bytes).
    static func centralDirectory(_ bytes: [UInt8]) throws(Failure) -> [ZipMember] {
        guard bytes.count >= 22 else { throw .notZip }
        var end = -1
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while position >= lowest {
            if bytes[position] == 0x50 && bytes[position + 1] == 0x4b && bytes[position + 2] == 5
                && bytes[position + 3] == 6
            {
                end = position
                break
            }
            position -= 1
        }
        guard end >= 0 else { throw .notZip }
        let count = u16(bytes, end + 10)
        let directorySize = u32(bytes, end + 12)
        let directoryOffset = u32(bytes, end + 16)
        if count == 0xffff || directoryOffset == 0xffff_ffff { throw .zip64 }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset else {
            throw .damaged("the central directory lies outside the file")
        }
        var members: [ZipMember] = []
        var offset = directoryOffset
        for _ in 0..<count {
            // 4.3.12: signature 0x02014b50, … compression method at 10, compressed size at 20, uncompressed at 24,
            // name length at 28, extra length at 30, comment length at 32, local header offset at 42, name at 46.
            guard offset + 46 <= bytes.count, u32(bytes, offset) == 0x0201_4b50 else {
                throw .damaged("central directory entry \(members.count + 1) is not one")
            }
            let nameLength = u16(bytes, offset + 28)
            let next = offset + 46 + nameLength + u16(bytes, offset + 30) + u16(bytes, offset + 32)
            guard next <= bytes.count else { throw .damaged("central directory entry \(members.count + 1) is cut off") }
            members.append(
                ZipMember(
                    name: String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                    method: UInt16(u16(bytes, offset + 10)), compressedSize: u32(bytes, offset + 20),
                    uncompressedSize: u32(bytes, offset + 24), localHeader: u32(bytes, offset + 42)))
            offset = next
        }
        return members
    }

    /// The member's bytes, stored (method 0) or deflated (method 8); nil when damaged, another method, or larger
    /// than `limit`. APPNOTE 4.3.7: the local header is 30 bytes, then the name and the extra field.
    func content(in bytes: [UInt8], limit: Int) -> [UInt8]? {
        guard uncompressedSize <= limit, localHeader + 30 <= bytes.count,
            ZipMember.u32(bytes, localHeader) == 0x0403_4b50
        else { return nil }
        let start = localHeader + 30 + ZipMember.u16(bytes, localHeader + 26) + ZipMember.u16(bytes, localHeader + 28)
        guard start <= bytes.count, compressedSize <= bytes.count - start else { return nil }
        let data = bytes[start..<(start + compressedSize)]
        switch method {
        case 0: return Array(data)
        case 8: return ZipMember.inflate(data, size: uncompressedSize)
        default: return nil
        }
    }

    /// Raw deflate (zlib.h, inflateInit2: "windowBits can also be -8..-15 for raw inflate") into exactly `size`
    /// bytes.
    static func inflate(_ data: ArraySlice<UInt8>, size: Int) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(size, 1))
        var input = Array(data)
        let status = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { return nil }
        return Array(output.prefix(size))
    }
}

/// Java packages from the summaries `JavaArchive` made of each archive: one package a pom.properties
/// (`GROUP:ARTIFACT`, purl-spec's maven type: "The group id is the namespace and the artifact id is the name"),
/// or, when an archive has none, one named after the file with the manifest's version.
enum JavaCataloger {
    /// `…/guice-4.2.3.jar` → (`guice`, `4.2.3`); `…/tool.jar` → (`tool`, nil).
    static func nameAndVersion(_ path: String) -> (String, String?) {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let stem = file.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        if let index = parts.firstIndex(where: { $0.first?.isNumber == true }), index > 0 {
            return (parts[..<index].joined(separator: "-"), parts[index...].joined(separator: "-"))
        }
        return (stem, nil)
    }

    static func catalog(_ files: [CatalogFile], context: inout CatalogContext) -> CatalogResult {
        FileAttribution.attribute(files.filter(\.isJavaArchive), context: &context) { file, context in
            var packages: [Package] = []
            var manifests: [(String, String)] = []
            for line in String(decoding: file.content, as: UTF8.self).split(separator: "\n") {
                var fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if fields.first == "nested" { fields.removeFirst() }
                switch fields.first {
                case "pom" where fields.count >= 4:
                    let group = fields[1]
                    let artifact = fields[2]
                    let version = fields[3]
                    guard !artifact.isEmpty, !version.isEmpty else { continue }
                    packages.append(
                        Package(
                            name: group.isEmpty ? artifact : group + ":" + artifact, version: version, type: .java,
                            purl: PackageURL.make(type: "maven", namespace: group, name: artifact, version: version),
                            locations: [file.path], addedIn: context.layer(file.layer)))
                case "manifest" where fields.count >= 3:
                    if !line.hasPrefix("nested") { manifests.append((fields[1], fields[2])) }
                case "error" where fields.count >= 2:
                    if file.isLive { context.note(file, fields[1]) }
                default: continue
                }
            }
            if packages.isEmpty {
                // No pom.properties: the name from the file (`guice-4.2.3.jar` → `guice`), the version from the
                // manifest or else the file name.
                let (stem, fileVersion) = JavaCataloger.nameAndVersion(file.path)
                let version = manifests.first.map(\.1).flatMap { $0.isEmpty ? nil : $0 } ?? fileVersion
                if !stem.isEmpty, let version {
                    packages.append(
                        Package(
                            name: stem, version: version, type: .java,
                            purl: PackageURL.make(type: "maven", name: stem, version: version),
                            locations: [file.path], addedIn: context.layer(file.layer)))
                }
            }
            return packages
        }
    }
}
