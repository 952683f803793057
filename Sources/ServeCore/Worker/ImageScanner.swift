import Findings
import Foundation
import ImageAnalysis
import ImageFormat
import Packages
import Registry
import ServeStore
import Vulnerabilities

/// Scans one manifest digest of the registry: an index gives its platform manifests (queued on their own); an
/// image gives its layers, its package inventory (through the layer cache), the vulnerability matches and the
/// image checks' findings.
public struct ImageScanner: Sendable {
    public enum Outcome: Sendable {
        case index([(digest: String, platform: String?)])
        case image(ScanResult)
    }

    public let registry: RegistryEndpoint
    public let access: RegistryAccess
    public let store: ServeStore
    public let matcher: MatcherBox
    /// The analyser version the layer cache is keyed by (the tool's version and the package pass's).
    public let analyser: String
    /// Whether to run the image checks too (a second pass over each image's layers, from the blob cache).
    public let imageChecks: Bool

    public init(
        registry: RegistryEndpoint, access: RegistryAccess, store: ServeStore, matcher: MatcherBox, analyser: String,
        imageChecks: Bool = true
    ) {
        self.registry = registry
        self.access = access
        self.store = store
        self.matcher = matcher
        self.analyser = analyser
        self.imageChecks = imageChecks
    }

    public func scan(_ job: Job, now: Int64) async throws -> Outcome {
        let started = ContinuousClock.now
        let source = try access.source("\(registry.host)/\(job.repository)@\(job.digest)")
        defer { source.removeTemporaryFiles() }
        let (root, bytes) = try await source.root()
        if MediaType.isIndex(root.mediaType) {
            let index = try JSONDecoder().decode(Index.self, from: Data(bytes))
            return .index(
                index.manifests.compactMap { entry in
                    guard MediaType.isManifest(entry.mediaType) else { return nil }
                    // Build attestations (unknown/unknown, BuildKit's) are not images to scan.
                    if let platform = entry.platform, platform.os == "unknown" { return nil }
                    return (entry.digest.description, entry.platform?.description)
                })
        }
        let resolved = try await ImageResolver.resolve(source, platform: nil)
        let metadata = ResolvedImageLayers.metadata(of: resolved)
        let digests = resolved.layers.map(\.descriptor.digest.description)
        let layers = ResolvedImageLayers(image: resolved, source: source, verify: false)
        let cached = try await CachingLayers.load(digests, store: store, analyser: analyser)
        let caching = CachingLayers(
            base: layers, digests: digests, cached: cached, store: store, analyser: analyser, now: now)
        let inventory = try await ImageAnalyzer.inventory(metadata, layers: caching, parallelism: 2)
        let history = metadata.config.layerHistory.map(\.createdBy)
        let (queries, _) = PackageQuery.queries(
            from: inventory, baseLayers: PackageQuery.baseLayerCount(createdBy: history))
        var packages: [ImagePackage] = []
        var vulnerabilities: [PackageKey: [StoredVulnerability]] = [:]
        // The file as it is now (a worker-only process has no re-match role to load it).
        matcher.refresh()
        let current = matcher.current
        for query in queries {
            let key = PackageKey(query)
            packages.append(
                ImagePackage(
                    package: key, layer: query.layer, createdBy: query.createdBy, fromBase: query.fromBaseImage,
                    location: query.location))
            if let current {
                vulnerabilities[key] = try current.match(query).map(StoredVulnerability.init)
            }
        }
        var findings: [StoredFinding] = []
        if imageChecks {
            let report = try await ImageAnalyzer.analyze(
                metadata, layers: layers, options: AnalysisOptions(now: now, parallelism: 2))
            findings = report.findings.map(StoredFinding.init)
        }
        let elapsed = ContinuousClock.now - started
        let layerRows = resolved.layers.map { layer in
            StoredLayer(
                digest: layer.descriptor.digest.description, size: layer.descriptor.size,
                createdBy: layer.index < history.count ? history[layer.index] : nil)
        }
        return .image(
            ScanResult(
                digest: job.digest, repository: job.repository, mediaType: root.mediaType,
                configDigest: resolved.configDescriptor.digest.description,
                platform: resolved.platform.description, indexDigest: job.indexDigest, layers: layerRows,
                packages: packages, vulnerabilities: vulnerabilities, findings: findings, analyser: analyser,
                milliseconds: Int64(
                    elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)))
    }
}

/// Where the registry is: `http(s)://HOST[:PORT]`.
public struct RegistryEndpoint: Sendable, Hashable {
    public var host: String
    public var plainHTTP: Bool

    public init(parsing text: String) throws {
        var rest = Substring(text)
        if rest.hasPrefix("http://") {
            plainHTTP = true
            rest = rest.dropFirst(7)
        } else if rest.hasPrefix("https://") {
            plainHTTP = false
            rest = rest.dropFirst(8)
        } else {
            throw ServeError.badRegistryURL(text)
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains(" ") else {
            throw ServeError.badRegistryURL(text)
        }
        host = String(rest)
    }
}

extension PackageKey {
    init(_ query: PackageQuery) {
        self.init(
            ecosystem: query.ecosystem, name: query.name, version: query.version, sourceName: query.sourceName,
            sourceVersion: query.sourceVersion, ownedBy: query.ownedBy, purl: query.purl)
    }

    /// The matcher's question for a stored package.
    var query: PackageQuery {
        PackageQuery(
            ecosystem: ecosystem, name: name, version: version, sourceName: sourceName, sourceVersion: sourceVersion,
            ownedBy: ownedBy, purl: purl)
    }
}

extension StoredVulnerability {
    init(_ match: VulnerabilityMatch) {
        self.init(
            id: match.id, aliases: match.aliases, severity: match.severity.rawValue,
            score: match.score.map { String(Double(Int($0 * 10)) / 10) }, fixed: match.fixedVersion,
            summary: match.summary)
    }
}

extension StoredFinding {
    init(_ finding: Finding) {
        self.init(
            rule: finding.rule, name: finding.name, practice: finding.practice.rawValue,
            severity: finding.severity.rawValue, message: finding.message, layer: finding.layer, path: finding.path)
    }
}
