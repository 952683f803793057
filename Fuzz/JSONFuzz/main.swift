// libFuzzer entry point for the check every JSON document from an image or a registry passes before it is decoded
// (duplicate keys, keys equal up to case, nesting): built by scripts/fuzz.sh with `swiftc -sanitize=fuzzer`
// together with Sources/ImageFormat/Model/JSONKeyCheck.swift. Any input must give an answer, never a trap.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let problem = JSONKeyCheck.problem(in: bytes)
    // The answer depends on the bytes only.
    precondition(JSONKeyCheck.problem(in: bytes) == problem)
    // Wrapping the document in an array adds one level and cannot remove a duplicate.
    if let problem, problem.contains("appears twice") {
        precondition(JSONKeyCheck.problem(in: Array("[".utf8) + bytes + Array("]".utf8)) != nil)
    }
    return 0
}
