/// Text from an image, a registry or a Dockerfile made safe for a terminal or a CI log: control characters can
/// move the cursor, retitle the window, clear the screen (`ESC[2J`) or forge lines ("0 problems"), so each is
/// shown as an escape instead. JSON output is not passed through this: it stays exact.
public enum TerminalText {
    /// `text` with every control character escaped: `\n`, `\r`, `\t`, the rest of C0, DEL and C1 as `\x1b`-style
    /// hex, and the bidirectional overrides and isolates (which reorder what is shown) as `\u{202e}`.
    ///
    /// Works on Unicode scalars, not Characters: `"\r\n"` is one Character in Swift, and replacing `"\r"` and
    /// `"\n"` one by one misses it.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.append(scalar)
                continue
            }
            let escape: String
            switch scalar {
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            default:
                let hex = String(scalar.value, radix: 16)
                escape = scalar.value <= 0xFF ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{\(hex)}"
            }
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }

    /// The first `limit` characters of `text`, escaped, with `…` when it was longer: for quoting content that
    /// should not be echoed whole (a line of a file that is not what it should be).
    public static func excerpt(_ text: some StringProtocol, limit: Int = 40) -> String {
        let head = text.prefix(limit)
        return escaped(String(head)) + (head.endIndex < text.endIndex ? "…" : "")
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
