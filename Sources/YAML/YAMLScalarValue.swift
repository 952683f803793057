/// What a scalar means under the YAML 1.2 core schema.
public enum YAMLScalarValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// Not a scalar: a sequence or a mapping.
    case collection

    static let strTag = "tag:yaml.org,2002:str"

    /// Resolves `text` as the core schema does: plain scalars by their form, quoted and block scalars as strings;
    /// a `!!str`, `!!int`, `!!float`, `!!bool` or `!!null` tag decides instead.
    public init(resolving text: String, style: YAMLNode.ScalarStyle, tag: String?) {
        switch tag {
        case "tag:yaml.org,2002:str", "!": self = .string(text)
        case "tag:yaml.org,2002:null": self = .null
        case "tag:yaml.org,2002:bool": self = Self.bool(text).map { .bool($0) } ?? .string(text)
        case "tag:yaml.org,2002:int": self = Self.int(text).map { .int($0) } ?? .string(text)
        case "tag:yaml.org,2002:float":
            self = Self.float(text).map { .double($0) } ?? Self.int(text).map { .double(Double($0)) } ?? .string(text)
        default:
            guard style == .plain else {
                self = .string(text)
                return
            }
            self = Self.plain(text)
        }
    }

    private static func plain(_ text: String) -> YAMLScalarValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        default: break
        }
        if let bool = bool(text) { return .bool(bool) }
        if let int = int(text) { return .int(int) }
        if let float = float(text) { return .double(float) }
        return .string(text)
    }

    private static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`; nil if it does not fit an Int.
    private static func int(_ text: String) -> Int? {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { return nil }
        if utf8.count > 2, utf8[0] == UInt8(ascii: "0") {
            let digits = String(decoding: utf8[2...], as: UTF8.self)
            if utf8[1] == UInt8(ascii: "o"), utf8[2...].allSatisfy({ (0x30...0x37).contains($0) }) {
                return Int(digits, radix: 8)
            }
            if utf8[1] == UInt8(ascii: "x"), utf8[2...].allSatisfy(isHexDigit) {
                return Int(digits, radix: 16)
            }
        }
        var body = utf8[...]
        if let first = body.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy(isDigit) else { return nil }
        return Int(text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf`, `.nan` (in three spellings each).
    private static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let utf8 = Array(text.utf8)
        var index = 0
        if index < utf8.count, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") { index += 1 }
        let integerStart = index
        while index < utf8.count, isDigit(utf8[index]) { index += 1 }
        let integerDigits = index - integerStart
        var fractionDigits = 0
        if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < utf8.count, isDigit(utf8[index]) { index += 1 }
            fractionDigits = index - fractionStart
            guard integerDigits > 0 || fractionDigits > 0 else { return nil }
        } else if integerDigits == 0 {
            return nil
        }
        if index < utf8.count, utf8[index] == UInt8(ascii: "e") || utf8[index] == UInt8(ascii: "E") {
            index += 1
            if index < utf8.count, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") { index += 1 }
            let exponentStart = index
            while index < utf8.count, isDigit(utf8[index]) { index += 1 }
            guard index > exponentStart else { return nil }
        }
        guard index == utf8.count else { return nil }
        // Double(_:) reads every form the pattern allows except a bare trailing dot ("1.").
        return Double(text.hasSuffix(".") ? text + "0" : text)
    }
}

func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
}
