/// Finds the build information the Go linker writes into every Go executable, in one streaming pass over the
/// file's bytes (no whole-file read, no section table needed).
///
/// Go, src/debug/buildinfo/buildinfo.go: "The build info blob left by the linker is identified by a 32-byte
/// header, consisting of buildInfoMagic (14 bytes), the binary's pointer size (1 byte), a bitmask of flags (1
/// byte), and 16 bytes of padding"; "buildInfoAlign = 16": the header starts at a 16-byte aligned offset of the
/// data segment, which the ELF loader maps at an offset congruent to its file offset, so only aligned file
/// offsets are tried.
public struct GoBuildInfoSearch: Sendable {
    /// `"\xff Go buildinf:"`.
    public static let magic: [UInt8] = [0xff] + Array(" Go buildinf:".utf8)
    /// Bytes kept from the header on: the header and the two inline strings (version, module information).
    public static let keep = 512 << 10

    /// The header and what follows it, once found; for a Rust executable, `RustAuditSearch`'s inflated
    /// `cargo auditable` JSON instead (it starts with `{`, Go's header with 0xff).
    public private(set) var found: [UInt8]?
    private var rust = RustAuditSearch()
    private var offset = 0
    private var head: [UInt8] = []
    private var carry: [UInt8] = []
    private var done = false

    public init() {}

    /// Whether an entry is worth the search: a regular executable file of plausible size.
    public static func isCandidate(mode: UInt32, size: Int64) -> Bool {
        mode & 0o111 != 0 && size >= 4096 && size <= 2 << 30
    }

    /// Feeds the next bytes of the file; false once nothing more is needed (found and kept, or not ELF).
    public mutating func consume(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard !done else { return false }
        if found != nil {
            let take = min(chunk.count, GoBuildInfoSearch.keep - (found?.count ?? 0))
            found?.append(contentsOf: chunk.prefix(take))
            offset += chunk.count
            if (found?.count ?? 0) >= GoBuildInfoSearch.keep { done = true }
            return !done
        }
        if head.count < 4 {
            head.append(contentsOf: chunk.prefix(4 - head.count))
            if head.count == 4 && head != [0x7f, 0x45, 0x4c, 0x46] {
                done = true
                return false
            }
        }
        let magic = GoBuildInfoSearch.magic
        // Aligned offsets that start in the carried tail of the previous chunk.
        if !carry.isEmpty {
            let joined = carry + chunk.prefix(magic.count)
            let base = offset - carry.count
            var position = (16 - base % 16) % 16
            while position + magic.count <= joined.count && position < carry.count {
                if joined[position..<(position + magic.count)].elementsEqual(magic) {
                    found = Array(joined[position...]) + chunk.dropFirst(magic.count).prefix(GoBuildInfoSearch.keep)
                    offset += chunk.count
                    return (found?.count ?? 0) < GoBuildInfoSearch.keep
                }
                position += 16
            }
        }
        // Aligned offsets inside the chunk.
        var position = (16 - offset % 16) % 16
        let count = chunk.count
        while position + magic.count <= count {
            if chunk[position] == 0xff && chunk[position + 1] == 0x20 && chunk[position + 2] == 0x47 {
                if UnsafeRawBufferPointer(rebasing: chunk[position..<(position + magic.count)]).elementsEqual(magic) {
                    found = Array(chunk[position..<min(count, position + GoBuildInfoSearch.keep)])
                    offset += count
                    return (found?.count ?? 0) < GoBuildInfoSearch.keep
                }
            }
            position += 16
        }
        // The last bytes seen, however small the chunks: a header may start in any of them.
        carry = Array((carry + chunk.suffix(32)).suffix(32))
        offset += count
        if !rust.done {
            _ = rust.consume(chunk)
            if let json = rust.found {
                found = json
                done = true
                return false
            }
        }
        return true
    }
}

/// The parsed build information: the Go version, the main module, the dependencies.
struct GoBuildInfo: Equatable {
    struct Module: Equatable {
        var path: String
        var version: String
        var sum: String?
    }

    var goVersion: String
    var main: Module?
    var dependencies: [Module]

    enum Failure: Error, Equatable, CustomStringConvertible {
        case truncated
        case oldFormat
        case malformed(String)

        var description: String {
            switch self {
            case .truncated: "the build information is cut off"
            case .oldFormat:
                "build information of a Go release before 1.18 (pointers, not inline strings): not read"
            case .malformed(let what): "malformed build information: \(what)"
            }
        }
    }

    /// buildinfo.go: "flagsVersionInl = 0x2: the version and mod strings are stored inline after the header as
    /// varint-prefixed strings" (Go 1.18 and later); "the mod string starts with infoStart and ends with infoEnd
    /// (16 bytes each)"; runtime/debug, `ParseBuildInfo`: lines `go\tVERSION`, `path\tPATH`, `mod\tPATH\tVERSION\tSUM`,
    /// `dep\tPATH\tVERSION\tSUM`, `=>\tPATH\tVERSION\tSUM` (the previous module's replacement), `build\tKEY=VALUE`.
    init(parsing bytes: [UInt8]) throws(Failure) {
        guard bytes.count >= 32, bytes.starts(with: GoBuildInfoSearch.magic) else { throw .truncated }
        let flags = bytes[15]
        guard flags & 0x2 != 0 else { throw .oldFormat }
        var position = 32
        func string() throws(Failure) -> [UInt8] {
            var length = 0
            var shift = 0
            while true {
                guard position < bytes.count else { throw .truncated }
                let byte = bytes[position]
                position += 1
                length |= Int(byte & 0x7f) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
                guard shift < 35 else { throw .malformed("a string length is not a varint") }
            }
            guard length <= bytes.count - position else { throw .truncated }
            defer { position += length }
            return Array(bytes[position..<(position + length)])
        }
        let version = try string()
        var modinfo = try string()
        guard !version.isEmpty, version.starts(with: Array("go".utf8)) || version.starts(with: Array("devel".utf8))
        else { throw .malformed("the Go version is not 'go…'") }
        goVersion = String(decoding: version, as: UTF8.self)
        if modinfo.count >= 33 && modinfo[modinfo.count - 17] == 0x0a {
            modinfo = Array(modinfo[16..<(modinfo.count - 16)])
        }
        main = nil
        dependencies = []
        var packagePath: String?
        var ldflags: String?
        for line in modinfo.split(separator: 0x0a) {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard let kind = fields.first else { continue }
            switch kind {
            case "path" where fields.count >= 2:
                packagePath = fields[1]
            case "build" where fields.count >= 2 && fields[1].hasPrefix("-ldflags="):
                ldflags = String(fields[1].dropFirst("-ldflags=".count))
            case "mod" where fields.count >= 3:
                main = Module(path: fields[1], version: fields[2], sum: fields.count > 3 ? fields[3] : nil)
            case "dep" where fields.count >= 3:
                dependencies.append(
                    Module(path: fields[1], version: fields[2], sum: fields.count > 3 ? fields[3] : nil))
            case "=>" where fields.count >= 3:
                // The replacement of the previous module: its path and version are what is in the binary.
                let replacement = Module(path: fields[1], version: fields[2], sum: fields.count > 3 ? fields[3] : nil)
                if !dependencies.isEmpty {
                    dependencies[dependencies.count - 1] = replacement
                } else if main != nil {
                    main = replacement
                }
            default: continue
            }
        }
        // Built outside module mode (Debian's packaged Go programs): no `mod` line, the main package's path only.
        if main == nil, let packagePath, !packagePath.isEmpty {
            main = Module(path: packagePath, version: "(devel)", sum: nil)
        }
        // A main module built from a checkout says `(devel)`; release builds commonly stamp the version with
        // `-ldflags "-X …version=1.2.3"`, which the build settings record.
        if main?.version == "(devel)", let ldflags, let stamped = GoBuildInfo.stampedVersion(ldflags) {
            main?.version = stamped
        }
    }

    /// The value of the first `-X PATH.version=VALUE` (any case of "version") in `-ldflags`, as `vVALUE`.
    static func stampedVersion(_ ldflags: String) -> String? {
        let words = ldflags.replacing("\"", with: " ").replacing("'", with: " ").split(separator: " ")
        for (index, word) in words.enumerated() {
            let assignment =
                word == "-X" && index + 1 < words.count
                ? words[index + 1] : word.hasPrefix("-X=") ? word.dropFirst(3) : nil
            guard let assignment, let equals = assignment.firstIndex(of: "=") else { continue }
            let name = assignment[..<equals].lowercased()
            let value = assignment[assignment.index(after: equals)...]
            guard name.hasSuffix(".version"), let first = value.first, first.isNumber || first == "v" else { continue }
            return first == "v" ? String(value) : "v" + value
        }
        return nil
    }
}

/// Go modules from the build information of Go executables: the main module, every dependency with its version,
/// and the standard library as `stdlib` at the Go version (OSV's name for it in the Go ecosystem).
enum GoCataloger {
    static func catalog(_ files: [CatalogFile], context: inout CatalogContext) -> CatalogResult {
        let goFiles = files.filter { $0.isGoBuildInfo && $0.content.first != UInt8(ascii: "{") }
        return FileAttribution.attribute(goFiles, context: &context) { file, context in
            let info: GoBuildInfo
            do {
                info = try GoBuildInfo(parsing: file.content)
            } catch {
                if file.isLive { context.note(file, String(describing: error)) }
                return []
            }
            var modules = info.dependencies
            if let main = info.main, !main.path.isEmpty { modules.insert(main, at: 0) }
            modules.append(GoBuildInfo.Module(path: "stdlib", version: info.goVersion, sum: nil))
            return modules.compactMap { module in
                guard !module.path.isEmpty, !module.version.isEmpty else { return nil }
                // purl-spec's golang type: "The namespace is … the module path minus the last segment"; the
                // version as the module's (`v1.2.3`, `(devel)` for a main module built from a checkout).
                let segments = module.path.split(separator: "/")
                let namespace = segments.dropLast().joined(separator: "/")
                return Package(
                    name: module.path, version: module.version, type: .goModule,
                    purl: PackageURL.make(
                        type: "golang", namespace: namespace, name: String(segments.last ?? ""),
                        version: module.version == "(devel)" ? nil : module.version),
                    locations: [file.path], addedIn: context.layer(file.layer))
            }
        }
    }
}
