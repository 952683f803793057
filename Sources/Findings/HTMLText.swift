/// Text from an image, a registry or a Dockerfile made safe inside an HTML page: a file name like
/// `<img src=x onerror=…>` or a label with `"` must be shown as text, never parsed as markup or end an attribute.
/// Control characters (which no page should carry) and the bidirectional overrides are shown as escapes, as in
/// `TerminalText`.
public enum HTMLText {
    /// `text` for an element's content or a quoted attribute value: `&`, `<`, `>`, `"` and `'` as character
    /// references, control characters escaped as `TerminalText` does.
    public static func escaped(_ text: String) -> String {
        let visible = TerminalText.escaped(text)
        guard visible.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
        else { return visible }
        var out = ""
        out.reserveCapacity(visible.utf8.count + 16)
        for character in visible {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Text made safe inside Markdown (a GitHub step summary or pull-request comment): `<`, `>` and `&` as character
/// references (GitHub renders inline HTML), the characters Markdown gives meaning to backslash-escaped, so a file
/// name cannot become a link, an image, a table cell border or a heading; control characters as in `TerminalText`.
public enum MarkdownText {
    public static func escaped(_ text: String) -> String {
        var out = ""
        for character in TerminalText.escaped(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "(", ")", "#", "|", "!", "~", "{", "}":
                out.append("\\")
                out.append(character)
            default: out.append(character)
            }
        }
        return out
    }
}
