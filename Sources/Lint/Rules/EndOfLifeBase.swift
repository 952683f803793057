import Findings

/// A base image whose distribution or runtime no longer gets security updates.
struct EndOfLifeBase: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0061", "end-of-life-base", .smallBase, .warning,
        summary: "A base image is end-of-life (e.g. centos:7, debian:buster, ubuntu:18.04, python:2, node:16).",
        why: """
            An end-of-life base gets no security fixes: every vulnerability found since stays in the image \
            forever, and package mirrors disappear. Move to a supported release. The table is as of \
            November 2026 (Debian ≤ 11, Ubuntu ≤ 20.04 and interim releases, CentOS Linux, Alpine ≤ 3.20, \
            Python ≤ 3.9, Node ≤ 21 and odd releases, Ruby ≤ 3.1, PHP ≤ 8.0, Go ≤ 1.23).
            """,
        bad: """
            FROM python:3.8-slim
            CMD ["python", "app.py"]
            """,
        good: """
            FROM python:3.13-slim
            CMD ["python", "app.py"]
            """)

    static let debianCodenames: Set<String> = ["wheezy", "jessie", "stretch", "buster", "bullseye", "squeeze"]
    static let ubuntuCodenames: Set<String> = [
        "trusty", "xenial", "bionic", "focal", "cosmic", "disco", "eoan", "groovy", "hirsute", "impish", "kinetic",
        "lunar", "mantic", "oracular",
    ]

    /// Why `repository:tag` is end-of-life, or nil.
    static func reason(repository: String, tag: String) -> String? {
        let tag = tag.lowercased()
        let parts = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        let version = parts.first ?? ""
        let numbers = version.split(separator: ".").compactMap { Int($0) }
        let major = numbers.first
        let minor = numbers.count > 1 ? numbers[1] : nil
        let codename = parts.first { debianCodenames.contains($0) || ubuntuCodenames.contains($0) }
        switch repository {
        case "centos": return "CentOS Linux reached end of life in 2024"
        case "debian":
            if let major, major <= 11 { return "Debian \(major) is end-of-life" }
        case "ubuntu":
            if let major, let minor, major < 22 || (major <= 25 && (major % 2 == 1 || minor != 4)) {
                return "Ubuntu \(version) is end-of-life"
            }
        case "alpine":
            if major == 3, let minor, minor <= 20 { return "Alpine \(version) is end-of-life" }
            if let major, major < 3 { return "Alpine \(version) is end-of-life" }
        case "python":
            if major == 2 { return "Python 2 is end-of-life" }
            if major == 3, let minor, minor <= 9 { return "Python \(version) is end-of-life" }
        case "node":
            if let major, major <= 21 || (major % 2 == 1 && major < 25) { return "Node.js \(major) is end-of-life" }
        case "ruby":
            if let major, major < 3 || (major == 3 && (minor ?? 9) <= 1) { return "Ruby \(version) is end-of-life" }
        case "php":
            if let major, major < 8 || (major == 8 && (minor ?? 9) == 0) { return "PHP \(version) is end-of-life" }
        case "golang":
            if major == 1, let minor, minor <= 23 { return "Go \(version) is end-of-life" }
        default: break
        }
        if ["debian", "ubuntu", "python", "node", "ruby", "php", "golang", "buildpack-deps", "perl", "openjdk", "rust"]
            .contains(repository), let codename
        {
            return "\(codename) is an end-of-life release"
        }
        return nil
    }

    func check(_ context: LintContext) -> [Finding] {
        context.stages.compactMap { stage in
            guard let image = stage.baseImage, image.isDockerHubOfficial, let tag = image.tag, !isSymbolic(tag) else {
                return nil
            }
            guard let reason = Self.reason(repository: image.shortName, tag: tag) else { return nil }
            return context.finding(
                Self.descriptor, stage.from.range, "\(stage.base): \(reason)", hint: "move to a supported release")
        }
    }
}
