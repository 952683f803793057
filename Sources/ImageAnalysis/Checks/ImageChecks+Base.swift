import Findings
import ImageFormat

/// small-base, layer-waste, tagging and public-images.
extension ImageChecks {
    /// The base image named by the `org.opencontainers.image.base.name` annotation or label.
    static func baseName(_ context: CheckContext) -> String? {
        context.labels[Annotation.baseName].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// End of security support, `YYYY-MM-DD`, by distribution and release (major, or major.minor for Alpine).
    static let endOfLife: [String: [String: String]] = [
        "debian": [
            "7": "2018-05-31", "8": "2020-06-30", "9": "2022-06-30", "10": "2024-06-30", "11": "2026-08-31",
            "12": "2028-06-30",
        ],
        "ubuntu": [
            "14.04": "2019-04-30", "16.04": "2021-04-30", "18.04": "2023-05-31", "20.04": "2025-05-31",
            "22.04": "2027-06-01",
            "24.04": "2029-05-31",
        ],
        "alpine": [
            "3.14": "2023-05-01", "3.15": "2023-11-01", "3.16": "2024-05-23", "3.17": "2024-11-22",
            "3.18": "2025-05-09",
            "3.19": "2025-11-01", "3.20": "2026-04-01", "3.21": "2026-11-01", "3.22": "2027-05-01",
        ],
        "centos": ["6": "2020-11-30", "7": "2024-06-30", "8": "2021-12-31"],
    ]

    /// Seconds since the epoch of a `YYYY-MM-DD` date (proleptic Gregorian, UTC).
    static func epochSeconds(_ date: String) -> Int64? {
        let parts = date.split(separator: "-").compactMap { Int64($0) }
        guard parts.count == 3 else { return nil }
        var year = parts[0]
        let month = parts[1]
        let day = parts[2]
        year -= month <= 2 ? 1 : 0
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return (era * 146097 + dayOfEra - 719468) * 86400
    }

    static let fullDistributions: Set<String> = [
        "debian", "ubuntu", "fedora", "centos", "rhel", "rocky", "almalinux", "amzn", "opensuse-leap", "ol",
    ]

    static func smallBase(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        let osRelease = context.facts.osRelease
        let base = baseName(context)
        if let id = osRelease["ID"], let version = osRelease["VERSION_ID"] {
            let release =
                id == "alpine"
                ? version.split(separator: ".").prefix(2).joined(separator: ".")
                : id == "ubuntu" ? version : String(version.split(separator: ".").first ?? "")
            if let date = endOfLife[id]?[release], let end = epochSeconds(date), end < context.options.now {
                findings.append(
                    Finding(
                        ImageRules.endOfLifeBase,
                        message:
                            "the base is \(osRelease["PRETTY_NAME"] ?? "\(id) \(version)"), out of security support since \(date)",
                        hint: "rebuild on a supported release", path: "/etc/os-release"))
            }
        }
        let lowerBase = base?.lowercased() ?? ""
        let slim = ["slim", "alpine", "distroless", "scratch", "minimal", "micro", "chiseled", "busybox"].contains {
            lowerBase.contains($0)
        }
        if let id = osRelease["ID"], fullDistributions.contains(id), !slim {
            let stored = context.layers.reduce(Int64(0)) { $0 + ($1.compressedBytes ?? $1.tarBytes) }
            let suggestion: String
            if let elf = context.command.elf, elf.isStatic {
                suggestion = "scratch or gcr.io/distroless/static (about 2 MB)"
            } else if context.command.elf != nil {
                suggestion = "gcr.io/distroless/base or cc (about 20–25 MB), or \(id)'s -slim variant"
            } else {
                suggestion =
                    "\(id == "debian" ? "debian:\(osRelease["VERSION_CODENAME"] ?? "stable")-slim (about 29 MB compressed)" : "a -slim, -minimal or Alpine variant")"
            }
            findings.append(
                Finding(
                    ImageRules.largeBase,
                    message:
                        "based on \(base ?? osRelease["PRETTY_NAME"] ?? id), a full distribution (\(context.facts.packages.count) packages; the image is \(bytes(stored))); \(suggestion) would do",
                    hint: "use the smallest base that works"))
        }
        return findings
    }

    static func layerWaste(_ context: CheckContext) -> [Finding] {
        let waste = context.waste
        guard waste.shadowedBytes > 0,
            context.options.maxWaste.exceeded(shadowed: waste.shadowedBytes, stored: waste.storedBytes)
        else { return [] }
        let percent = waste.storedBytes > 0 ? Double(waste.shadowedBytes) * 100 / Double(waste.storedBytes) : 0
        let offenders = waste.largest.prefix(3).map {
            "\($0.path) (\(bytes($0.bytes)), added in layer \($0.addedIn), hidden in layer \($0.hiddenIn))"
        }
        let top = waste.largest.first
        return [
            Finding(
                ImageRules.layerWaste,
                message:
                    "\(bytes(waste.shadowedBytes)) (\((percent * 10).rounded() / 10)% of stored content) in \(waste.shadowedFiles) shadowed files, above \(context.options.maxWaste): "
                    + offenders.joined(separator: "; "),
                hint: top?.advice, layer: top.map { context.layerID($0.addedIn) } ?? nil, path: top?.path)
        ]
    }

    static func isSemanticVersion(_ text: String) -> Bool {
        var core = Substring(text)
        if core.hasPrefix("v") { core = core.dropFirst() }
        let main = core.prefix { $0 != "-" && $0 != "+" }
        let numbers = main.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(numbers.count),
            numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return false }
        let rest = core.dropFirst(main.count)
        return rest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-+.".contains($0)) }
    }

    static func tagging(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        let labels = context.labels
        if let version = labels[Annotation.version], !version.isEmpty {
            if !isSemanticVersion(version) {
                findings.append(
                    Finding(
                        ImageRules.versionLabel,
                        message: "org.opencontainers.image.version '\(version)' is not a version",
                        hint: "a semantic version such as 1.4.2"))
            }
        } else {
            findings.append(
                Finding(
                    ImageRules.versionLabel, message: "no org.opencontainers.image.version label or annotation",
                    hint: context.builtByShipshape
                        ? "shipshape build --version 1.4.2 (or build in a git checkout whose HEAD has a version tag)"
                        : "LABEL org.opencontainers.image.version=1.4.2"))
        }
        if let revision = labels[Annotation.revision], !revision.isEmpty {
            let hex = revision.allSatisfy { $0.isHexDigit && !$0.isUppercase }
            if !hex || !(7...64).contains(revision.count) {
                findings.append(
                    Finding(
                        ImageRules.revisionLabel,
                        message: "org.opencontainers.image.revision '\(revision)' is not a commit id",
                        hint: "the full commit id, e.g. $(git rev-parse HEAD)"))
            }
        } else {
            findings.append(
                Finding(
                    ImageRules.revisionLabel, message: "no org.opencontainers.image.revision label or annotation",
                    hint: context.builtByShipshape
                        ? "shipshape build --revision $(git rev-parse HEAD) (or build in a git checkout)"
                        : "LABEL org.opencontainers.image.revision=$GIT_SHA"))
        }
        if let tags = context.metadata.tags {
            if tags.isEmpty {
                findings.append(
                    Finding(
                        ImageRules.latestTag, message: "the inspected image has no tag",
                        hint: "tag it with its version and commit"))
            } else if tags.allSatisfy({ $0 == "latest" }) {
                findings.append(
                    Finding(
                        ImageRules.latestTag, message: "the inspected image is tagged only 'latest'",
                        hint: "tag it with its version and commit"))
            }
        }
        return findings
    }

    /// The registry host of an image name: the first component when it looks like a host, else docker.io.
    static func registry(of name: String) -> String {
        let first = name.split(separator: "/").first.map(String.init) ?? name
        guard name.contains("/"), first.contains(".") || first.contains(":") || first == "localhost" else {
            return "docker.io"
        }
        return first == "index.docker.io" || first == "registry-1.docker.io" ? "docker.io" : first
    }

    static func publicImages(_ context: CheckContext) -> [Finding] {
        guard let trusted = context.options.trustedRegistries, let base = baseName(context) else { return [] }
        let host = registry(of: base)
        guard !trusted.contains(host) else { return [] }
        return [
            Finding(
                ImageRules.untrustedRegistry,
                message:
                    "the base '\(base)' comes from \(host), which is not a trusted registry (\(trusted.joined(separator: ", ")))",
                hint: "mirror the base into a trusted registry")
        ]
    }
}
