/// Package URLs as purl-spec (PURL-SPECIFICATION.rst) writes them:
/// `scheme:type/namespace/name@version?qualifiers#subpath`.
public enum PackageURL {
    /// A PURL from its parts. purl-spec, "Rules for each purl component": the type is lowercase; "each namespace
    /// segment must be a percent-encoded string"; the name and version "must be a percent-encoded string";
    /// qualifiers are "sorted lexicographically by key", with empty values discarded, values percent-encoded.
    public static func make(
        type: String, namespace: String? = nil, name: String, version: String?, qualifiers: [String: String] = [:]
    ) -> String {
        var text = "pkg:" + type.lowercased() + "/"
        if let namespace, !namespace.isEmpty {
            text += namespace.split(separator: "/").map { encode(String($0)) }.joined(separator: "/") + "/"
        }
        text += encode(name)
        if let version, !version.isEmpty { text += "@" + encode(version) }
        let pairs = qualifiers.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
        if !pairs.isEmpty {
            text += "?" + pairs.map { $0.key.lowercased() + "=" + encode($0.value) }.joined(separator: "&")
        }
        return text
    }

    /// purl-spec, "Character encoding": unreserved characters (`A-Za-z0-9.-_~`) stay, and "the ':' scheme and type
    /// separator does not need to and must NOT be encoded"; everything else is UTF-8 percent-encoded.
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: ":"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%"
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xf)]))
            }
        }
        return result
    }

    /// PEP 503, "Normalized Names": `re.sub(r"[-_.]+", "-", name).lower()`; purl-spec's pypi type: "name is
    /// case-insensitive and must be lowercased … underscore _ replaced with a dash -".
    public static func normalizedPythonName(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if result.last != "-" || result.isEmpty { result.append("-") }
            } else {
                result.append(character)
            }
        }
        return result
    }
}
