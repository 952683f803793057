/// Releases and the day their free security support ends, from `Resources/end-of-life.tsv` (compiled into the
/// binary; `scripts/refresh-eol.py` rewrites it from endoflife.date, whose name and snapshot its header gives).
struct EndOfLifeTable: Sendable {
    /// When a release's support ends.
    enum End: Sendable, Hashable {
        case on(CalendarDate)
        /// End-of-life, with no published date.
        case ended
        /// No end announced.
        case none
    }

    struct Release: Sendable, Hashable {
        let cycle: String
        /// The first word of the codename, lower-cased (`bullseye`, `focal`), or empty.
        let codename: String
        let end: End

        /// Whether support has ended on `today`.
        func isOver(on today: CalendarDate) -> Bool {
            switch end {
            case .on(let date): return today >= date
            case .ended: return true
            case .none: return false
            }
        }
    }

    /// The releases of each endoflife.date product, by cycle.
    let releases: [String: [String: Release]]
    /// Each product's releases by codename.
    let codenames: [String: [String: Release]]
    /// The table's `# Source:` line.
    let source: String

    /// The table the binary carries.
    static let shipped = EndOfLifeTable(text: String(decoding: PackageResources.end_of_life_tsv, as: UTF8.self))

    /// Parses the TSV (product, cycle, codename, end); comment lines start with `#`; malformed rows are skipped
    /// (a test checks that the shipped table has none).
    init(text: String) {
        var releases: [String: [String: Release]] = [:]
        var codenames: [String: [String: Release]] = [:]
        var source = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                if line.hasPrefix("# Source: ") { source = String(line.dropFirst("# Source: ".count)) }
                continue
            }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 4, !cells[0].isEmpty, !cells[1].isEmpty else { continue }
            let end: End
            switch cells[3] {
            case "ended": end = .ended
            case "-": end = .none
            default:
                guard let date = CalendarDate(iso: cells[3]) else { continue }
                end = .on(date)
            }
            let codename = cells[2].split(separator: " ").first.map { $0.lowercased() } ?? ""
            let release = Release(cycle: cells[1], codename: codename, end: end)
            releases[cells[0], default: [:]][cells[1]] = release
            if !codename.isEmpty { codenames[cells[0], default: [:]][codename] = release }
        }
        self.releases = releases
        self.codenames = codenames
        self.source = source
    }

    /// The number of rows read.
    var count: Int { releases.values.reduce(0) { $0 + $1.count } }

    /// The day the last release of `product` ended, when every one of them has ended on `today` (CentOS Linux):
    /// then any tag of it is end-of-life.
    func lastEnd(of product: String, on today: CalendarDate) -> CalendarDate? {
        guard let cycles = releases[product], !cycles.isEmpty else { return nil }
        var last: CalendarDate?
        for release in cycles.values {
            guard release.isOver(on: today) else { return nil }
            if case .on(let date) = release.end, last.map({ date > $0 }) ?? true { last = date }
        }
        return last
    }

    /// The day the last `series.*` release of `product` ended (`2` → 2.0 … 2.7), when there is one and every
    /// one of them has ended on `today`.
    func lastEnd(of product: String, series: String, on today: CalendarDate) -> CalendarDate? {
        let members = (releases[product] ?? [:]).values.filter { $0.cycle.hasPrefix(series + ".") }
        guard !members.isEmpty else { return nil }
        var last: CalendarDate?
        for release in members {
            guard release.isOver(on: today) else { return nil }
            if case .on(let date) = release.end, last.map({ date > $0 }) ?? true { last = date }
        }
        return last
    }

    /// The release of `product` a version names: the longest run of leading dot-separated components that is a
    /// cycle (`3.9.18` → `3.9`, `18.20.4` → `18`, `6.0` → `6` for .NET); nil when none is (`3` alone is no Python
    /// release).
    func release(of product: String, version: String) -> Release? {
        guard let cycles = releases[product] else { return nil }
        let components = version.split(separator: ".", omittingEmptySubsequences: false)
        var count = components.count
        while count > 0 {
            if let release = cycles[components.prefix(count).joined(separator: ".")] { return release }
            count -= 1
        }
        return nil
    }
}
