/// Helpers for raw argument bytes. The init works on bytes, not `String` comparisons, because in Embedded Swift
/// a `String` comparison pulls in the Unicode data tables (about 70 KB of the binary).
public enum Bytes {
    /// The value of a non-negative decimal number of at most 9 digits, or nil for anything else (signs, spaces,
    /// empty text, other characters).
    public static func decimal(_ text: [UInt8]) -> Int? {
        guard !text.isEmpty, text.count <= 9 else { return nil }
        var value = 0
        for byte in text {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// ASCII upper case; other bytes unchanged.
    public static func uppercased(_ text: [UInt8]) -> [UInt8] {
        text.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    }

    /// `text` as a String for messages (invalid UTF-8 is replaced, never trusted).
    public static func string(_ text: [UInt8]) -> String {
        String(decoding: text, as: UTF8.self)
    }
}
