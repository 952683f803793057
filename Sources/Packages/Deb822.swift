/// Stanzas of a Debian control-format file (deb822(5)): "A stanza consists of a series of fields … separated by
/// blank lines"; "a field consists of the field name, followed by a colon and then the field data"; "the field
/// data may span multiple lines … each continuation line must start with a space or a tab". Only the fields a
/// cataloger names are kept, so a 700-package status file costs what those fields cost.
struct Deb822Stanza {
    var fields: [String: String] = [:]
    /// 1-based line of the stanza's first field, for notes.
    var line: Int
}

enum Deb822 {
    /// The stanzas of `bytes`, keeping `wanted` fields. A stanza cut off at the end of `bytes` (a truncated file)
    /// is dropped when `complete` is false.
    static func stanzas(_ bytes: [UInt8], wanted: Set<String>, complete: Bool = true) -> [Deb822Stanza] {
        var result: [Deb822Stanza] = []
        var current: Deb822Stanza?
        var lastField: String?
        var lineNumber = 0
        var start = 0
        let count = bytes.count
        while start < count {
            lineNumber += 1
            var end = start
            while end < count && bytes[end] != 0x0a { end += 1 }
            let line = bytes[start..<end]
            let atEnd = end >= count
            start = end + 1
            if line.isEmpty || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) {
                if let stanza = current { result.append(stanza) }
                current = nil
                lastField = nil
                continue
            }
            if atEnd && !complete { break }
            if line.first == 0x20 || line.first == 0x09 {
                if let field = lastField, current?.fields[field] != nil {
                    current?.fields[field]? += "\n" + String(decoding: line.dropFirst(), as: UTF8.self)
                }
                continue
            }
            if line.first == UInt8(ascii: "#") { continue }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                lastField = nil
                continue
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            if current == nil { current = Deb822Stanza(line: lineNumber) }
            guard wanted.contains(name) else {
                lastField = nil
                continue
            }
            var value = line[line.index(after: colon)...]
            while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
            while let last = value.last, last == 0x20 || last == 0x09 || last == 0x0d { value = value.dropLast() }
            current?.fields[name] = String(decoding: value, as: UTF8.self)
            lastField = name
        }
        if let stanza = current, complete { result.append(stanza) }
        return result
    }
}
