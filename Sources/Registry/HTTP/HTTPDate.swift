import FoundationEssentials

/// HTTP dates (RFC 9110 §5.6.7), as `Retry-After` may carry them.
///
///     HTTP-date    = IMF-fixdate / obs-date
///     IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT     ; Sun, 06 Nov 1994 08:49:37 GMT
///     obs-date     = rfc850-date / asctime-date
///     rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT   ; Sunday, 06-Nov-94 08:49:37 GMT
///     asctime-date = day-name SP date3 SP time-of-day SP year        ; Sun Nov  6 08:49:37 1994
///
/// "A recipient that parses a timestamp value in an HTTP field MUST accept all three HTTP-date formats."
/// Two-digit rfc850 years follow §5.6.7: a year more than 50 years in the future is taken as the past century's.
/// The day name is not checked against the date (the spec says senders generate it; nothing depends on it).
public enum HTTPDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since the Unix epoch, or nil when `text` is not an HTTP-date.
    public static func parse(_ text: String, now: Int64 = 0) -> Int64? {
        let trimmed = text.trimmingWhitespace()
        if let comma = trimmed.firstIndex(of: ",") {
            let rest = trimmed[trimmed.index(after: comma)...].split(separator: " ", omittingEmptySubsequences: true)
            if rest.count == 5, rest[4] == "GMT" {
                // IMF-fixdate: "06 Nov 1994 08:49:37 GMT"
                guard rest[0].count == 2, let day = Int(rest[0]), let month = month(rest[1]), rest[2].count == 4,
                    let year = Int(rest[2])
                else { return nil }
                return seconds(year: year, month: month, day: day, time: rest[3])
            }
            if rest.count == 3, rest[2] == "GMT" {
                // rfc850-date: "06-Nov-94 08:49:37 GMT"
                let parts = rest[0].split(separator: "-", omittingEmptySubsequences: false)
                guard parts.count == 3, parts[0].count == 2, let day = Int(parts[0]), let month = month(parts[1]),
                    parts[2].count == 2, let short = Int(parts[2])
                else { return nil }
                return seconds(year: fullYear(short, now: now), month: month, day: day, time: rest[1])
            }
            return nil
        }
        // asctime-date: "Sun Nov  6 08:49:37 1994" (the day is space-padded).
        let parts = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 5, let month = month(parts[1]), (1...2).contains(parts[2].count),
            let day = Int(parts[2]), parts[4].count == 4, let year = Int(parts[4])
        else { return nil }
        return seconds(year: year, month: month, day: day, time: parts[3])
    }

    static func month(_ name: Substring) -> Int? {
        guard name.count == 3, let index = months.firstIndex(of: name.lowercased()) else { return nil }
        return index + 1
    }

    /// rfc850's two-digit year: the closest year in the current or past century, not more than 50 years ahead.
    static func fullYear(_ short: Int, now: Int64) -> Int {
        let currentYear = civil(days: now / 86_400).year
        var year = currentYear - currentYear % 100 + short
        if year > currentYear + 50 { year -= 100 }
        return year
    }

    /// `HH:MM:SS` on the given date, as Unix seconds; nil when a field is out of range.
    static func seconds(year: Int, month: Int, day: Int, time: Substring) -> Int64? {
        let fields = time.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, fields.allSatisfy({ $0.count == 2 }), let hour = Int(fields[0]),
            let minute = Int(fields[1]), let second = Int(fields[2]), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second), (1...12).contains(month), year >= 1
        else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day) else { return nil }
        return daysFromCivil(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthIndex + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day number (Hinnant's civil_from_days), for the year only.
    static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
