import FoundationEssentials

/// A day of the proleptic Gregorian calendar, in UTC: what end-of-life dates are compared with.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD` exactly (a real day: no 2026-02-30); nil otherwise.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1, day <= CalendarDate.days(in: month, of: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    public init(daysSinceEpoch days: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Today in UTC, from the system clock.
    public static func now() -> CalendarDate {
        let seconds = Date.now.timeIntervalSince1970
        return CalendarDate(daysSinceEpoch: Int((seconds / 86_400).rounded(.down)))
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        let month = month < 10 ? "0\(month)" : "\(month)"
        let day = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(month)-\(day)"
    }
}

/// The day lint judges dated knowledge against (end-of-life bases): `lint --today`, else the `SHIPSHAPE_TODAY`
/// environment variable, else the system clock (UTC). Pinning it makes a CI run reproducible.
public enum LintToday {
    /// The environment variable that pins the date.
    public static let environmentVariable = "SHIPSHAPE_TODAY"

    /// The pinned date from the environment: nil when unset, `.failure` with the text when it is not a date.
    public static func fromEnvironment() -> Result<CalendarDate, LintTodayError>? {
        guard let text = ProcessInfo.processInfo.environment[environmentVariable], !text.isEmpty else { return nil }
        guard let date = CalendarDate(iso: text) else { return .failure(LintTodayError(text: text)) }
        return .success(date)
    }

    /// The environment's date when it is valid, else the clock's; computed once per process.
    public static let resolved: CalendarDate = {
        if case .success(let date) = fromEnvironment() { return date }
        return CalendarDate.now()
    }()
}

/// A pinned date that is not `YYYY-MM-DD`.
public struct LintTodayError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public var description: String {
        var shown = String.UnicodeScalarView()
        shown.append(contentsOf: text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(40))
        return "\(LintToday.environmentVariable)='\(String(shown))' is not a date (use YYYY-MM-DD)"
    }
}
