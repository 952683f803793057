/// The checks a JSON document from an image or a registry passes before it is decoded: no object with the same key
/// twice, no nesting deeper than `maxDepth`.
///
/// Duplicate keys are a parser differential: Foundation's decoder keeps the first, Go's `encoding/json` (Docker,
/// containerd, runc, every Go puller) keeps the last, so `{"User":"65532","User":"0"}` would be approved as
/// non-root and run as root. Go also matches a struct's fields case-insensitively (`"user"` sets `User`), so in
/// objects that are structs two keys equal under case folding are refused too; in the objects that are maps in
/// the image specs (labels, annotations, exposed ports, volumes, layer sources) case-distinct keys are distinct.
///
/// The scan is lenient about syntax: whatever it does not understand it leaves to the decoder, which reports it.
enum JSONKeyCheck {
    /// Deepest nesting of arrays and objects accepted. The image specs' documents nest about 5 deep.
    static let maxDepth = 100

    /// The keys whose values are maps (Go `map[string]…`), compared lower-cased.
    static let mapKeys: Set<String> = ["labels", "annotations", "exposedports", "volumes", "layersources"]

    private struct Frame {
        var isObject: Bool
        /// In an object: the keys seen, exactly and case-folded (nil for a map, where case matters).
        var keys: Set<String> = []
        var folded: Set<String>?
        var expectingKey = false
        /// The last key read in this object: the name of the value being read, for messages and map detection.
        var lastKey: String?
    }

    /// Why `bytes` is refused, or nil.
    static func problem(in bytes: [UInt8]) -> String? {
        var stack: [Frame] = []
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < maxDepth else {
                    return "it nests arrays and objects more than \(maxDepth) deep\(location(stack))"
                }
                var frame = Frame(isObject: byte == UInt8(ascii: "{"))
                if frame.isObject {
                    frame.expectingKey = true
                    let name = stack.last.flatMap { $0.isObject ? $0.lastKey : nil }
                    frame.folded = name.map { mapKeys.contains($0.lowercased()) } == true ? nil : []
                }
                stack.append(frame)
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if stack.popLast() == nil { return nil }
                index += 1
            case UInt8(ascii: ","):
                if let last = stack.indices.last, stack[last].isObject { stack[last].expectingKey = true }
                index += 1
            case UInt8(ascii: "\""):
                guard let (text, next) = string(bytes, from: index) else { return nil }
                index = next
                guard let last = stack.indices.last, stack[last].isObject, stack[last].expectingKey else { continue }
                stack[last].expectingKey = false
                if !stack[last].keys.insert(text).inserted {
                    return "the key '\(excerpt(text))' appears twice in one object\(location(stack.dropLast())); "
                        + "Go runtimes use the last and other readers the first, so the document is refused"
                }
                if stack[last].folded != nil {
                    let folded = text.uppercased().lowercased()
                    if stack[last].folded?.insert(folded).inserted == false {
                        return "two keys of one object\(location(stack.dropLast())) differ only in case, the second "
                            + "'\(excerpt(text))'; Go runtimes read them as the same field, so the document is refused"
                    }
                }
                stack[last].lastKey = text
            default:
                index += 1
            }
        }
        return nil
    }

    /// Where in the document the current object is, as `at .config.Labels`.
    private static func location(_ stack: some Collection<Frame>) -> String {
        let names = stack.compactMap { $0.isObject ? $0.lastKey : nil }
        return names.isEmpty ? "" : " at ." + names.map(excerpt).joined(separator: ".")
    }

    private static func excerpt(_ text: String) -> String {
        text.count <= 64 ? text : String(text.prefix(64)) + "…"
    }

    /// The JSON string starting at `start` (a quote), unescaped, and the index after its closing quote; nil when it
    /// is malformed (the decoder reports that).
    private static func string(_ bytes: [UInt8], from start: Int) -> (String, Int)? {
        var index = start + 1
        var plain = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if plain { return (String(decoding: bytes[(start + 1)..<index], as: UTF8.self), index + 1) }
                break
            }
            if byte == UInt8(ascii: "\\") {
                plain = false
                index += 2
                continue
            }
            index += 1
        }
        guard index < bytes.count else { return nil }
        // With escapes: decode them.
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        index = start + 1
        func flush() {
            if !raw.isEmpty {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll(keepingCapacity: true)
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush()
                return (String(scalars), index + 1)
            }
            guard byte == UInt8(ascii: "\\") else {
                raw.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { return nil }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): raw.append(escape)
            case UInt8(ascii: "b"): raw.append(0x08)
            case UInt8(ascii: "f"): raw.append(0x0C)
            case UInt8(ascii: "n"): raw.append(0x0A)
            case UInt8(ascii: "r"): raw.append(0x0D)
            case UInt8(ascii: "t"): raw.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(bytes, at: index) else { return nil }
                index += 4
                var value = UInt32(unit)
                if (0xD800..<0xDC00).contains(unit), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u"), let low = hex4(bytes, at: index + 2),
                    (0xDC00..<0xE000).contains(low)
                {
                    index += 6
                    value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                }
                flush()
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            default: return nil
            }
        }
        return nil
    }

    private static func hex4(_ bytes: [UInt8], at index: Int) -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for byte in bytes[index..<(index + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
