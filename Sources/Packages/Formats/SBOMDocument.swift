import Findings

/// An inventory ready to be written as an SBOM: the packages and what the document says about the image and
/// itself. Every output is deterministic: packages sorted, keys sorted, the serial number and namespace derived
/// from the image's digest, the timestamp from the image (or `SOURCE_DATE_EPOCH`), never the clock.
public struct SBOMDocument: Sendable {
    public var inventory: PackageInventory
    /// How the user named the image.
    public var imageName: String
    /// The image's identity: its config digest (`sha256:…`, the image ID).
    public var imageDigest: String
    /// The document's time, seconds since the epoch.
    public var timestamp: Int64
    public var toolVersion: String

    public init(
        inventory: PackageInventory, imageName: String, imageDigest: String, timestamp: Int64, toolVersion: String
    ) {
        self.inventory = inventory
        self.imageName = imageName
        self.imageDigest = imageDigest
        self.timestamp = timestamp
        self.toolVersion = toolVersion
    }

    /// The output formats of `shipshape sbom`.
    public enum Format: String, Sendable, CaseIterable {
        case cyclonedx
        case spdx
        case json
        case text
    }

    /// The document in `format`, ending with a newline.
    public func rendered(as format: Format, color: Bool = false) -> String {
        switch format {
        case .cyclonedx: cycloneDX.rendered() + "\n"
        case .spdx: spdx.rendered() + "\n"
        case .json: json.rendered() + "\n"
        case .text: text(color: color)
        }
    }

    /// A UUID from the image digest (RFC 9562 layout, version 5 and variant bits set, so validators take it):
    /// the same image always gets the same serial number.
    var uuid: String {
        var hex = Array(imageDigest.split(separator: ":").last.map(String.init) ?? "")
        hex = hex.filter(\.isHexDigit).map { Character($0.lowercased()) }
        while hex.count < 32 { hex.append("0") }
        hex[12] = "5"
        let variant = Int(String(hex[16]), radix: 16) ?? 0
        hex[16] = Array("89ab")[variant & 3]
        let text = String(hex.prefix(32))
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(text.dropFirst(range.lowerBound).prefix(range.count))
        }
        return parts.joined(separator: "-")
    }

    /// RFC 3339 UTC with seconds: `2025-01-01T00:00:00Z` (what SPDX's `created` requires).
    public var timestampText: String { SBOMDocument.iso8601(timestamp) }

    /// `seconds` since the epoch as `YYYY-MM-DDThh:mm:ssZ`.
    public static func iso8601(_ seconds: Int64) -> String {
        // Howard Hinnant's civil_from_days.
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + two(month) + "-"
            + two(day) + "T" + two(secondOfDay / 3600) + ":" + two(secondOfDay / 60 % 60) + ":" + two(secondOfDay % 60)
            + "Z"
    }

    /// Seconds since the epoch of an RFC 3339 time (`2024-05-01T10:00:00.123456789Z`, `…+02:00`), as image configs
    /// write `created`; nil when it is not one.
    public static func parseTimestamp(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 20, let year = number(0..<4), bytes[4] == 0x2d, let month = number(5..<7),
            bytes[7] == 0x2d, let day = number(8..<10), bytes[10] == 0x54 || bytes[10] == 0x74 || bytes[10] == 0x20,
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var position = 19
        if position < bytes.count, bytes[position] == 0x2e {
            position += 1
            while position < bytes.count, bytes[position] >= 0x30 && bytes[position] <= 0x39 { position += 1 }
        }
        var offset: Int64 = 0
        guard position < bytes.count else { return nil }
        if bytes[position] == 0x2b || bytes[position] == 0x2d {
            guard let hours = number((position + 1)..<(position + 3)), position + 5 < bytes.count + 0,
                let minutes = number((position + 4)..<(position + 6))
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[position] == 0x2b ? 1 : -1)
        } else if bytes[position] != 0x5a && bytes[position] != 0x7a {
            return nil
        }
        // days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86400 + hour * 3600 + minute * 60 + second - offset
    }

    /// Text for a terminal: control characters (an escape sequence in a package name) shown as `?`.
    static func printable(_ text: String) -> String {
        guard
            text.unicodeScalars.contains(where: {
                $0.value < 0x20 || $0.value == 0x7f || (0x80..<0xa0).contains($0.value)
            })
        else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map {
                    $0.value < 0x20 || $0.value == 0x7f || (0x80..<0xa0).contains($0.value) ? "?" : $0
                }))
    }
}
