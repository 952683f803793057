/// Substring search over UTF-8 bytes, for the rules that look for a fixed string in a whole file or line: the
/// same answer as `contains` for the ASCII needles the rules use, without going through Foundation's `NSString`.
extension Collection<UInt8> {
    /// Whether `needle`'s UTF-8 bytes occur in the collection.
    func containsBytes(of needle: String) -> Bool {
        containsBytes(Array(needle.utf8))
    }

    /// Whether the bytes of `pattern` occur in the collection (a needle's bytes made once, for a search in a loop).
    func containsBytes(_ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first else { return true }
        if let found = withContiguousStorageIfAvailable({ Self.search($0, pattern, first) }) { return found }
        return Array(self).withUnsafeBufferPointer { Self.search($0, pattern, first) }
    }

    /// Whether `needle` (lower-case ASCII) occurs in the collection, ASCII letters compared without case.
    func containsBytes(ofLowercase needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        if let found = withContiguousStorageIfAvailable({ Self.searchFoldingCase($0, pattern, first) }) { return found }
        return Array(self).withUnsafeBufferPointer { Self.searchFoldingCase($0, pattern, first) }
    }

    /// `search` with the haystack's ASCII capitals read as small letters (no lowered copy is made).
    private static func searchFoldingCase(
        _ haystack: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8], _ first: UInt8
    ) -> Bool {
        @inline(__always) func folded(_ byte: UInt8) -> UInt8 {
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
        }
        guard pattern.count <= haystack.count else { return false }
        let last = haystack.count - pattern.count
        var index = 0
        while index <= last {
            if folded(haystack[index]) == first {
                var matched = 1
                while matched < pattern.count, folded(haystack[index + matched]) == pattern[matched] { matched += 1 }
                if matched == pattern.count { return true }
            }
            index += 1
        }
        return false
    }

    private static func search(_ haystack: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8], _ first: UInt8) -> Bool {
        guard pattern.count <= haystack.count else { return false }
        let last = haystack.count - pattern.count
        var index = 0
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < pattern.count, haystack[index + matched] == pattern[matched] { matched += 1 }
                if matched == pattern.count { return true }
            }
            index += 1
        }
        return false
    }
}

extension String {
    /// Whether `other` occurs in the string, its UTF-8 bytes compared. In this module it is chosen over
    /// Foundation's `StringProtocol.contains(_:)`, an `NSString` search that dominated the rules' profile; the
    /// rules look for ASCII text, where both give the same answer. Like Foundation's, it finds no empty string.
    func contains(_ other: String) -> Bool {
        !other.isEmpty && utf8.containsBytes(of: other)
    }
}

extension SourceText {
    /// Whether the file's text contains `needle`.
    func contains(_ needle: String) -> Bool {
        bytes.containsBytes(of: needle)
    }
}
