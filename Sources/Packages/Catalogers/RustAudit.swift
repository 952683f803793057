import CZlib

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds the dependency list `cargo auditable` embeds in Rust executables, in the same streaming pass as the Go
/// search (`GoBuildInfoSearch` drives it for ELF files without Go build information).
///
/// rust-secure-code/cargo-auditable, PARSING.md: "The data is stored in a linker section named `.dep-v0` … The data
/// is Zlib-compressed JSON"; "the JSON format is described by the schema in `auditable-serde`": an object whose
/// `packages` lists the crates. A single forward pass cannot read the section table (it follows the sections), so
/// the search looks for a zlib stream (RFC 1950: "CM = 8 … CINFO … (CMF*256 + FLG) is a multiple of 31", no
/// preset dictionary) whose first inflated bytes are `{"packages":[`, then keeps inflating it to its end.
struct RustAuditSearch {
    static let prefix = Array(#"{"packages":["#.utf8)
    /// Compressed bytes tried for the prefix (a dynamic Huffman block's tables come before its first literal).
    static let probe = 512
    /// Largest compressed section kept, and largest inflated JSON.
    static let compressedLimit = 1 << 20
    static let jsonLimit = 16 << 20

    /// The inflated JSON, once found.
    private(set) var found: [UInt8]?
    /// The compressed stream from the candidate on, while it is longer than what was seen.
    private var collecting: [UInt8]?
    private var carry: [UInt8] = []
    private(set) var done = false

    /// Small chunks gathered until there are enough for the probe to straddle them.
    private var gathered: [UInt8] = []

    /// Feeds the next bytes; false once found or given up.
    mutating func consume(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard !done else { return false }
        if collecting == nil && (!gathered.isEmpty || chunk.count < 2 * RustAuditSearch.probe) {
            gathered.append(contentsOf: chunk)
            guard gathered.count >= 2 * RustAuditSearch.probe else { return true }
            let batch = gathered
            gathered = []
            return batch.withUnsafeBytes { search($0) }
        }
        return search(chunk)
    }

    private mutating func search(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if collecting != nil {
            let room = RustAuditSearch.compressedLimit - (collecting?.count ?? 0)
            collecting?.append(contentsOf: chunk.prefix(room))
            return finish()
        }
        // Candidates that start in the carried tail of the previous chunk.
        if !carry.isEmpty {
            let joined = carry + chunk.prefix(RustAuditSearch.probe)
            for position in 0..<carry.count where RustAuditSearch.isCandidate(joined, position) {
                if RustAuditSearch.startsWithPrefix(joined[position...]) {
                    collecting = Array(joined[position...]) + chunk.dropFirst(RustAuditSearch.probe)
                    carry = []
                    return finish()
                }
            }
        }
        let count = chunk.count
        var position = 0
        let last = count - RustAuditSearch.probe
        while position < last {
            // Eight bytes at a time while none is 0x78 (the zlib header's first byte, CM 8 with a 32 KiB window):
            // "(x - 0x01…) & ~x & 0x80…" is non-zero exactly when some byte of x is zero.
            if position + 8 <= last {
                let word = chunk.loadUnaligned(fromByteOffset: position, as: UInt64.self) ^ 0x7878_7878_7878_7878
                if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 == 0 {
                    position += 8
                    continue
                }
            }
            if chunk[position] == 0x78 {
                let flags = chunk[position + 1]
                if (0x7800 | Int(flags)) % 31 == 0 && flags & 0x20 == 0 {
                    let window = chunk[position..<(position + RustAuditSearch.probe)]
                    if RustAuditSearch.startsWithPrefix(Array(window)[...]) {
                        collecting = Array(chunk[position...].prefix(RustAuditSearch.compressedLimit))
                        return finish()
                    }
                }
            }
            position += 1
        }
        carry = Array(chunk[max(0, last)...])
        if carry.count > RustAuditSearch.probe { carry = Array(carry.suffix(RustAuditSearch.probe)) }
        return true
    }

    static func isCandidate(_ bytes: [UInt8], _ position: Int) -> Bool {
        position + 1 < bytes.count && bytes[position] == 0x78 && (0x7800 | Int(bytes[position + 1])) % 31 == 0
            && bytes[position + 1] & 0x20 == 0
    }

    /// Inflates what is collected; done when the stream ends (found) or is not a stream (given up), else waits for
    /// more bytes (until the compressed limit).
    private mutating func finish() -> Bool {
        guard let input = collecting else { return true }
        switch RustAuditSearch.inflate(input[...], limit: RustAuditSearch.jsonLimit) {
        case .complete(let json):
            found = json
            done = true
        case .needsInput where input.count < RustAuditSearch.compressedLimit:
            return true
        case .needsInput, .failed, .partial:
            // Not a whole section after all (or one over the limit): the search ends here.
            done = true
        }
        collecting = nil
        return false
    }

    static func startsWithPrefix(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard case .partial(let output) = inflate(bytes.prefix(probe), limit: prefix.count, partial: true) else {
            return false
        }
        return output == prefix
    }

    enum Inflated {
        case complete([UInt8])
        case partial([UInt8])
        case needsInput
        case failed
    }

    /// zlib.h: "inflateInit … windowBits … 8..15" for the zlib format; at most `limit` bytes out.
    static func inflate(_ data: ArraySlice<UInt8>, limit: Int, partial: Bool = false) -> Inflated {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .failed
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: partial ? limit : min(limit, max(4096, data.count * 8)))
        var input = Array(data)
        var produced = 0
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            while true {
                status = output.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress.map { $0 + produced }
                    stream.avail_out = UInt32(outputBuffer.count - produced)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                produced = Int(stream.total_out)
                if status != Z_OK || partial || stream.avail_in == 0 { break }
                guard output.count < limit else { break }
                output += [UInt8](repeating: 0, count: min(limit, output.count * 2) - output.count)
            }
        }
        if partial { return produced == limit ? .partial(Array(output.prefix(produced))) : .failed }
        switch status {
        case Z_STREAM_END: return .complete(Array(output.prefix(produced)))
        case Z_OK, Z_BUF_ERROR: return stream.avail_in == 0 ? .needsInput : .failed
        default: return .failed
        }
    }
}

/// Rust crates from the `cargo auditable` data `RustAuditSearch` found in an executable. auditable-serde's schema:
/// each package has "name", "version", "source" (`crates.io`, `git`, `local`, `registry`, or another string),
/// "kind" (`runtime`, the default, or `build`), "dependencies" (indices) and "root" (the binary's own crate).
enum RustCataloger {
    struct Audit: Decodable {
        struct Crate: Decodable {
            var name: String
            var version: String
            var source: String?
            var kind: String?
            var root: Bool?
        }
        var packages: [Crate]
    }

    static func catalog(_ files: [CatalogFile], context: inout CatalogContext) -> CatalogResult {
        let audits = files.filter { $0.isGoBuildInfo && $0.content.first == UInt8(ascii: "{") }
        return FileAttribution.attribute(audits, context: &context) { file, context in
            let audit: Audit
            do {
                audit = try JSONDecoder().decode(Audit.self, from: Data(file.content))
            } catch {
                if file.isLive { context.note(file, "malformed cargo-auditable dependency data: not read") }
                return []
            }
            // Build-time crates (build scripts, proc macros) are not in the executable; the root crate is the
            // binary itself, listed like the others (OSV's crates.io advisories can name it too).
            return audit.packages.compactMap { crate in
                guard crate.kind != "build", !crate.name.isEmpty, !crate.version.isEmpty else { return nil }
                // purl-spec's cargo type: "There is no default repository. … The name is the repository name".
                return Package(
                    name: crate.name, version: crate.version, type: .rust,
                    purl: PackageURL.make(type: "cargo", name: crate.name, version: crate.version),
                    locations: [file.path], addedIn: context.layer(file.layer))
            }
        }
    }
}
