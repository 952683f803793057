/// A non-negative integer of any length, kept as its decimal digits: version components overflow `UInt64`
/// (dates with times, commit-like numbers), and every scheme here compares them as numbers.
public struct Numeral: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The digits without leading zeros; empty for zero.
    public let digits: [UInt8]

    /// `bytes` must be ASCII digits (callers have checked); leading zeros are dropped.
    init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        digits = Array(bytes.drop { $0 == UInt8(ascii: "0") })
    }

    public static let zero = Numeral([UInt8]())

    var isZero: Bool { digits.isEmpty }

    public static func < (lhs: Numeral, rhs: Numeral) -> Bool {
        if lhs.digits.count != rhs.digits.count { return lhs.digits.count < rhs.digits.count }
        return lhs.digits.lexicographicallyPrecedes(rhs.digits)
    }

    public var description: String { digits.isEmpty ? "0" : String(decoding: digits, as: UTF8.self) }
}

extension UInt8 {
    var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isASCIILetter: Bool { (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
    var isASCIIAlphanumeric: Bool { isASCIIDigit || isASCIILetter }
    var asciiLowercased: UInt8 { self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z") ? self | 0x20 : self }
}

/// -1, 0 or 1, as the comparators return.
func sign<T: Comparable>(_ lhs: T, _ rhs: T) -> Int {
    lhs < rhs ? -1 : (rhs < lhs ? 1 : 0)
}
