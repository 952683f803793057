/// The grammar of an image reference as `distribution/reference.ParseNormalizedNamed` accepts it:
/// `[domain[:port]/]path[:tag][@algorithm:hex]`, path components lower case.
enum ImageReferenceGrammar {
    /// Whether `reference` is a valid image reference.
    static func isValid(_ reference: String) -> Bool {
        guard !reference.isEmpty, reference.utf8.count <= 4096 else { return false }
        var rest = Substring(reference)
        if let at = rest.firstIndex(of: "@") {
            guard isDigest(rest[rest.index(after: at)...]) else { return false }
            rest = rest[..<at]
        }
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            guard isTag(rest[rest.index(after: colon)...]) else { return false }
            rest = rest[..<colon]
        }
        guard !rest.isEmpty, rest.utf8.count <= 255 else { return false }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false)
        if components.count > 1, let first = components.first,
            first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: \.isUppercase)
        {
            guard isDomain(first) else { return false }
            components.removeFirst()
        }
        return components.allSatisfy(isPathComponent)
    }

    /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
    static func isPathComponent(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        func alphanumeric(_ byte: UInt8) -> Bool {
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
        }
        guard let first = bytes.first, let last = bytes.last, alphanumeric(first), alphanumeric(last) else {
            return false
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if alphanumeric(byte) {
                index += 1
                continue
            }
            // A separator run: `.`, `_`, `__` or `-`+, followed by an alphanumeric.
            var end = index
            if byte == UInt8(ascii: "-") {
                while end < bytes.count, bytes[end] == UInt8(ascii: "-") { end += 1 }
            } else if byte == UInt8(ascii: "_") {
                end += 1
                if end < bytes.count, bytes[end] == UInt8(ascii: "_") { end += 1 }
            } else if byte == UInt8(ascii: ".") {
                end += 1
            } else {
                return false
            }
            guard end < bytes.count, alphanumeric(bytes[end]) else { return false }
            index = end
        }
        return true
    }

    /// `[\w][\w.-]{0,127}`
    static func isTag(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        func word(_ byte: UInt8) -> Bool {
            (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "_")
        }
        guard let first = bytes.first, word(first), bytes.count <= 128 else { return false }
        return bytes.allSatisfy { word($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
    static func isDigest(_ text: Substring) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let algorithm = text[..<colon]
        let hex = text[text.index(after: colon)...]
        guard hex.utf8.count >= 32, hex.allSatisfy(\.isHexDigit), let first = algorithm.first, first.isASCII,
            first.isLetter
        else { return false }
        return algorithm.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_+.".contains($0)) }
    }

    /// A host name (labels of letters, digits and inner hyphens, dot-separated) or `[IPv6]`, with an optional
    /// port.
    static func isDomain(_ text: Substring) -> Bool {
        var host = text
        if let colon = text.lastIndex(of: ":"), !text[colon...].contains("]") {
            let port = text[text.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            host = text[..<colon]
        }
        if host.hasPrefix("["), host.hasSuffix("]") {
            return host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" }
        }
        guard !host.isEmpty else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last, first != "-", last != "-" else { return false }
            return label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
