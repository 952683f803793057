// libFuzzer entry point for the tar reader every layer passes through: built by scripts/fuzz.sh with
// `swiftc -sanitize=fuzzer` together with Sources/ImageFormat/Tar/*.swift and what they need. Any input must give
// entries or an ImageReadError, never a trap, and every entry must be within the reader's documented limits.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let first = read(bytes)
    // The answer depends on the bytes only.
    precondition(read(bytes) == first, "two reads of the same archive disagree")
    return 0
}

/// Every entry's path, kind and size, and the content of small ones, or the error's message.
func read(_ bytes: [UInt8]) -> [String] {
    let reader = TarReader(stream: MemoryStream(bytes), name: "fuzz.tar", bufferSize: 4096)
    var seen: [String] = []
    do throws(ImageReadError) {
        while let entry = try reader.next() {
            precondition(entry.path.utf8.count <= TarReader.maxPathLength, "path longer than the limit")
            precondition(entry.path.split(separator: "/").count <= TarReader.maxPathDepth, "path deeper than the limit")
            precondition(entry.size >= 0, "negative size")
            precondition(!entry.path.hasPrefix("/") && !entry.path.split(separator: "/").contains(".."), "path escapes")
            let content = entry.size <= 4096 ? try reader.readContent(upTo: 4096) : []
            seen.append("\(entry.path) \(entry.kind) \(entry.size) \(content.count)")
        }
    } catch {
        seen.append("error: \(error)")
    }
    return seen
}
