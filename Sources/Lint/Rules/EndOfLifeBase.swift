import Findings

/// A base image whose distribution or runtime no longer gets security updates, judged against a dated table of
/// releases (endoflife.date's) and the day lint runs (or `--today`).
struct EndOfLifeBase: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0061", "end-of-life-base", .smallBase, .warning,
        summary: "A base image is end-of-life (e.g. centos:7, debian:buster, ubuntu:focal, python:3.8, node:16).",
        why: """
            An end-of-life base gets no security fixes: every vulnerability found since stays in the image \
            forever, and package mirrors disappear. Move to a supported release. Judged against a table of \
            releases and the day their free security support ends (endoflife.date's, compiled in; \
            scripts/refresh-eol.py refreshes it) and today's date: `lint --today YYYY-MM-DD` or \
            SHIPSHAPE_TODAY pins the day, so CI is reproducible. Covers Debian (to the end of LTS), Ubuntu \
            (standard support, not paid ESM), Alpine, CentOS, Fedora, Rocky, Alma, Amazon Linux, Python, Node.js, \
            Go, .NET (mcr.microsoft.com/dotnet), Eclipse Temurin, Amazon Corretto, openjdk, Ruby, PHP, Perl, \
            Erlang, Elixir, PostgreSQL, MySQL, MariaDB, Redis and MongoDB images, and a Debian, Ubuntu or Alpine \
            release named in another official image's tag (`python:3.12-bullseye`, `node:20-alpine3.18`).
            """,
        bad: """
            FROM python:3.8-slim
            CMD ["python", "app.py"]
            """,
        good: """
            FROM python:3.13-slim
            CMD ["python", "app.py"]
            """)

    /// Docker Hub official repository → endoflife.date product.
    static let officialProducts: [String: String] = [
        "debian": "debian", "ubuntu": "ubuntu", "alpine": "alpine-linux", "centos": "centos", "fedora": "fedora",
        "rockylinux": "rocky-linux", "almalinux": "almalinux", "amazonlinux": "amazon-linux", "python": "python",
        "node": "nodejs", "golang": "go", "ruby": "ruby", "php": "php", "perl": "perl", "erlang": "erlang",
        "elixir": "elixir", "postgres": "postgresql", "mysql": "mysql", "mariadb": "mariadb", "redis": "redis",
        "mongo": "mongodb", "eclipse-temurin": "eclipse-temurin", "amazoncorretto": "amazon-corretto",
        "openjdk": "openjdk-builds-from-oracle",
    ]

    /// Products with no release to come: any tag of them is end-of-life once every release in the table is (for
    /// other products a release the table does not list yet may be supported).
    static let discontinued: Set<String> = ["centos"]

    /// How a product is named in messages.
    static let productNames: [String: String] = [
        "debian": "Debian", "ubuntu": "Ubuntu", "alpine-linux": "Alpine", "centos": "CentOS Linux",
        "fedora": "Fedora", "rocky-linux": "Rocky Linux", "almalinux": "AlmaLinux", "amazon-linux": "Amazon Linux",
        "python": "Python", "nodejs": "Node.js", "go": "Go", "dotnet": ".NET", "ruby": "Ruby", "php": "PHP",
        "perl": "Perl", "erlang": "Erlang/OTP", "elixir": "Elixir", "postgresql": "PostgreSQL", "mysql": "MySQL",
        "mariadb": "MariaDB", "redis": "Redis", "mongodb": "MongoDB", "eclipse-temurin": "Eclipse Temurin",
        "amazon-corretto": "Amazon Corretto", "openjdk-builds-from-oracle": "OpenJDK (the openjdk image's builds)",
    ]

    /// The endoflife.date product an image is a release of, when the table knows it.
    static func product(of image: BaseImage) -> String? {
        if image.isDockerHubOfficial { return officialProducts[image.shortName] }
        if image.registry == "mcr.microsoft.com", image.repository.hasPrefix("dotnet/") { return "dotnet" }
        return nil
    }

    /// The leading version of a tag part: `3.9.18` of `3.9.18`, `8` of `8u392`, `1.21` of `1.21rc2`.
    static func leadingVersion(_ part: String) -> String {
        var version = String(part.prefix { $0.isASCII && ($0.isNumber || $0 == ".") })
        while version.hasSuffix(".") { version.removeLast() }
        return version
    }

    /// Why `image` is end-of-life on `today` (one reason per release its tag names), or empty.
    static func reasons(
        _ image: BaseImage, tag: String, today: CalendarDate, table: EndOfLifeTable = .shipped
    ) -> [String] {
        let parts = tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        var found: [(product: String, release: EndOfLifeTable.Release)] = []
        if let product = product(of: image), let first = parts.first {
            // `centos:centos7` names its release after the distribution.
            let named = first.hasPrefix(image.shortName) ? String(first.dropFirst(image.shortName.count)) : first
            let version = leadingVersion(named)
            if !version.isEmpty, let release = table.release(of: product, version: version) {
                found.append((product, release))
            } else if !version.isEmpty, let last = table.lastEnd(of: product, series: version, on: today) {
                // `python:2`: every 2.x release has ended.
                let name = productNames[product] ?? product
                return ["every \(name) \(version) release reached end of life (the last on \(last))"]
            } else if Self.discontinued.contains(product), let last = table.lastEnd(of: product, on: today) {
                return ["every \(productNames[product] ?? product) release reached end of life (the last on \(last))"]
            }
        }
        if image.isDockerHubOfficial {
            // Debian and Ubuntu codenames, and `alpineX.Y`, name the distribution the image is built on.
            for part in parts {
                for distribution in ["debian", "ubuntu"] {
                    if let release = table.codenames[distribution]?[part] { found.append((distribution, release)) }
                }
                if part.hasPrefix("alpine"), case let version = leadingVersion(String(part.dropFirst(6))),
                    version.contains("."), let release = table.release(of: "alpine-linux", version: version)
                {
                    found.append(("alpine-linux", release))
                }
            }
        }
        var reasons: [String] = []
        var seen: Set<String> = []
        for (product, release) in found where release.isOver(on: today) {
            guard seen.insert(product + " " + release.cycle).inserted else { continue }
            let name = productNames[product] ?? product
            let codename =
                release.codename.isEmpty || !["debian", "ubuntu"].contains(product)
                ? "" : " (\(release.codename))"
            switch release.end {
            case .on(let date): reasons.append("\(name) \(release.cycle)\(codename) reached end of life on \(date)")
            default: reasons.append("\(name) \(release.cycle)\(codename) is end-of-life")
            }
        }
        return reasons
    }

    func check(_ context: LintContext) -> [Finding] {
        let today = context.configuration.today ?? LintToday.resolved
        return context.stages.compactMap { stage in
            guard let image = stage.baseImage, case let tag = image.tag ?? "latest", !isSymbolic(tag) else {
                return nil
            }
            let reasons = Self.reasons(image, tag: tag, today: today)
            guard !reasons.isEmpty else { return nil }
            return context.finding(
                Self.descriptor, stage.from.range, "\(stage.base): \(reasons.joined(separator: "; "))",
                hint: "move to a supported release")
        }
    }
}
