// libFuzzer entry point for the YAML parser that reads `.shipshape.yml` (and advisory files): built by
// scripts/fuzz.sh with `swiftc -sanitize=fuzzer` together with Sources/YAML/*.swift. Any input must give a
// document or a YAMLError, never a trap, and within libFuzzer's time and memory limits (alias bombs included).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    // The answer depends on the text only.
    let first = parse(text)
    let second = parse(text)
    precondition(first == second, "two parses of the same text disagree")
    // Every document of a stream parses the same way on its own terms: parseAll never traps either.
    _ = try? YAMLParser.parseAll(text)
    return 0
}

/// The document, or the error's message.
func parse(_ text: String) -> String {
    do throws(YAMLError) {
        return String(describing: try YAMLParser.parse(text))
    } catch {
        return "error: \(error.description)"
    }
}
