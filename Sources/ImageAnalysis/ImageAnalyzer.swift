import Findings
import ImageFormat
import Packages

/// Runs the whole analysis of one image: scans the layers in parallel, applies them in order to one merged
/// filesystem, accounts the waste, reads the few files the checks need, and runs every image check.
public enum ImageAnalyzer {
    /// Analyses an image whose layers `source` streams. `progress` is told each layer as it is read.
    public static func analyze(
        _ metadata: ImageMetadata, layers source: some LayerScanning, options: AnalysisOptions,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> ImageReport {
        // Credentials in the history (build arguments) are masked before anything reads it: no output shows them.
        var metadata = metadata
        let (redacted, historySecrets) = HistorySecrets.redacting(metadata.config)
        metadata.config = redacted
        let count = source.layerCount
        if !metadata.config.rootfs.diffIDs.isEmpty, metadata.config.rootfs.diffIDs.count != count {
            throw AnalysisError.layerCountMismatch(
                image: metadata.name, layers: count, diffIDs: metadata.config.rootfs.diffIDs.count)
        }
        // One pass for both: inspect's own captures and the package catalogers' (separated right after it).
        var scans = try await scanAll(
            source, count: count, width: options.parallelism,
            policy: options.packageOwnership ? ownershipPolicy : inspectPolicy, progress: progress)
        var packages = PackageCatalog.catalog(
            catalogFiles(packageView(of: scans)), layers: layerReferences(metadata, count: count))
        if options.packageOwnership {
            // The file lists were cut to their evidence lines: their line counts are no package's file count.
            for index in packages.packages.indices where packages.packages[index].type == .deb {
                packages.packages[index].fileCount = nil
            }
        }
        scans = inspectView(of: scans)
        // Before the merged filesystem exists: dive's layer trees are freed before it is built, so the two are
        // never in memory together (that lowers the peak by their smaller size, about 1.5 MB on a Debian image).
        let dive = DiveCompat.compute(layers: scans.map(\.entries))
        var filesystem = MergedFilesystem()
        for scan in scans { filesystem.apply(scan.entries) }
        let facts = systemFacts(scans: scans, filesystem: filesystem)
        let command = try await resolveCommand(metadata.config, filesystem: filesystem, source: source, scans: scans)
        let layers = layerReports(metadata, scans: scans)
        let waste = wasteReport(filesystem, scans: scans, layers: layers, top: options.topShadowed)
        // Counted by the first two components ("/usr/lib/x" under "/usr/lib", "/usr/x" under "/usr", "/x" under
        // "/"), then summed to the top level: one dictionary update a file for both views.
        var subdirectories: [String: DirectoryUsage] = [:]
        var files = 0
        var contentBytes: Int64 = 0
        filesystem.forEachFile(sorted: false) { file in
            guard file.entry.kind != .directory else { return }
            files += 1
            contentBytes += file.entry.kind == .regular || file.entry.kind == .hardLink ? file.size : 0
            let name = Self.usageDirectory(file.path)
            subdirectories[name, default: DirectoryUsage(directory: name, files: 0, bytes: 0)].files += 1
            subdirectories[name, default: DirectoryUsage(directory: name, files: 0, bytes: 0)].bytes +=
                file.entry.kind == .regular ? file.size : 0
        }
        var directories: [String: DirectoryUsage] = [:]
        for usage in subdirectories.values {
            let utf8 = usage.directory.utf8
            let top =
                usage.directory == "/"
                ? "/"
                : utf8.dropFirst().firstIndex(of: UInt8(ascii: "/")).map { String(usage.directory[..<$0]) }
                    ?? usage.directory
            directories[top, default: DirectoryUsage(directory: top, files: 0, bytes: 0)].files += usage.files
            directories[top, default: DirectoryUsage(directory: top, files: 0, bytes: 0)].bytes += usage.bytes
        }
        let largestFirst: (DirectoryUsage, DirectoryUsage) -> Bool = {
            ($0.bytes, $1.directory) > ($1.bytes, $0.directory)
        }
        let context = CheckContext(
            metadata: metadata, filesystem: filesystem, scans: scans, layers: layers, facts: facts, command: command,
            waste: waste, options: options, historySecrets: historySecrets)
        let findings = ImageChecks.run(context)
        return ImageReport(
            image: metadata.name, platform: metadata.config.platform.description, layers: layers,
            historyHeuristic: metadata.config.layerHistory.count != count, waste: waste, diveCompat: dive,
            directories: directories.values.sorted(by: largestFirst),
            subdirectories: subdirectories.values.sorted(by: largestFirst), files: files, contentBytes: contentBytes,
            distribution: facts.distribution, findings: findings, packages: packages)
    }

    /// Scans every layer, at most `width` at a time, as `policy` says (by default: every entry, the contents
    /// `ContentInterest` names); results in layer order.
    static func scanAll(
        _ source: some LayerScanning, count: Int, width: Int, policy: ScanPolicy? = nil,
        progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> [LayerScan] {
        var results = [LayerScan?](repeating: nil, count: count)
        // As ImageLayers.forEachLayer: after a failure no new layer starts, and the lowest failing layer's error is
        // thrown, so a broken image gives the same message on every run.
        var failure: (index: Int, error: any Error)?
        await withTaskGroup(of: (Int, Result<LayerScan, any Error>).self) { group in
            // One flat loop: start layers until `width` are in flight, then take one result. Every counter lives in
            // this task only; the child tasks get their index by value. (A nested `add()` capturing the group and
            // these counters was miscompiled by the optimiser: the parent read garbage indices from the children's
            // results and the release build trapped "Index out of range". Tests/CLITests/ReleaseInspectTests runs
            // the release binary on multi-layer images so that cannot come back unseen.)
            var next = 0
            var inFlight = 0
            var done = 0
            while true {
                while failure == nil, next < count, inFlight < max(width, 1) {
                    let index = next
                    group.addTask {
                        do {
                            let scan =
                                if let policy {
                                    try await source.scan(layer: index, policy: policy)
                                } else {
                                    try await source.scan(layer: index, capture: ContentInterest.captureLimit)
                                }
                            return (index, .success(scan))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                    next += 1
                    inFlight += 1
                }
                guard let (index, outcome) = await group.next() else { break }
                inFlight -= 1
                switch outcome {
                case .success(let scan):
                    results[index] = scan
                    done += 1
                    progress?(done, count)
                case .failure(let error):
                    if failure.map({ index < $0.index }) ?? true { failure = (index, error) }
                }
            }
        }
        if let failure { throw failure.error }
        return results.map { $0 ?? LayerScan() }
    }

    /// The captured content of the live version of `path`, when the first pass kept it.
    static func captured(_ path: String, filesystem: MergedFilesystem, scans: [LayerScan]) -> [UInt8]? {
        guard let file = filesystem.resolve(path).file, let blob = file.blob else { return nil }
        let stored = filesystem.blobs[blob]
        let scan = scans[stored.layer]
        // The last entry of that layer at that path holds the live content.
        for index in scan.entries.indices.reversed() where scan.entries[index].path == stored.path {
            return scan.contents[index]
        }
        return nil
    }

    static func systemFacts(scans: [LayerScan], filesystem: MergedFilesystem) -> SystemFacts {
        var facts = SystemFacts()
        let read = { (path: String) in captured(path, filesystem: filesystem, scans: scans) }
        if let bytes = read("/etc/os-release") ?? read("/usr/lib/os-release") {
            facts.osRelease = SystemFacts.parseOSRelease(bytes)
        }
        if let bytes = read("/var/lib/dpkg/status") {
            facts.packages = SystemFacts.parseDpkgStatus(bytes)
            facts.packageDatabase = "dpkg"
        }
        for name in filesystem.children(of: "/var/lib/dpkg/status.d") {
            if let bytes = read("/var/lib/dpkg/status.d/" + name) {
                facts.packages.formUnion(SystemFacts.parseDpkgStatusFragment(bytes))
                facts.packageDatabase = "dpkg"
            }
        }
        if let bytes = read("/lib/apk/db/installed") {
            facts.packages.formUnion(SystemFacts.parseApkInstalled(bytes))
            facts.packageDatabase = "apk"
        }
        if let bytes = read("/etc/passwd") { facts.users = SystemFacts.parsePasswd(bytes) }
        return facts
    }

    static func layerReports(_ metadata: ImageMetadata, scans: [LayerScan]) -> [LayerReport] {
        let history = metadata.config.layerHistory
        return scans.enumerated().map { index, scan in
            let descriptor = index < metadata.layers.count ? metadata.layers[index] : nil
            let diffIDs = metadata.config.rootfs.diffIDs
            let entry = index < history.count ? history[index] : nil
            return LayerReport(
                index: index, digest: descriptor?.digest?.description,
                diffID: index < diffIDs.count ? diffIDs[index].description : nil, mediaType: descriptor?.mediaType,
                compressedBytes: descriptor?.compressedSize, tarBytes: scan.tarBytes, contentBytes: scan.contentBytes,
                entries: scan.entries.count,
                whiteouts: scan.entries.reduce(0) { $0 + (isWhiteout($1.path) ? 1 : 0) },
                createdBy: entry?.createdBy, created: entry?.created, comment: entry?.comment)
        }
    }

    static func isWhiteout(_ path: String) -> Bool {
        let utf8 = path.utf8
        let start = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        return utf8[start...].starts(with: ".wh.".utf8)
    }

    /// The directory a file counts under in the usage tables: its first two path components, or the first for a
    /// file directly under a top-level directory, or "/" for a file in the root.
    static func usageDirectory(_ path: String) -> String {
        let utf8 = path.utf8
        guard let first = utf8.dropFirst().firstIndex(of: UInt8(ascii: "/")) else { return "/" }
        guard let second = utf8[utf8.index(after: first)...].firstIndex(of: UInt8(ascii: "/")) else {
            return String(path[..<first])
        }
        return String(path[..<second])
    }

    static func wasteReport(
        _ filesystem: MergedFilesystem, scans: [LayerScan], layers: [LayerReport], top: Int
    ) -> WasteReport {
        let shadowed = filesystem.shadowedBlobs
        let largest = shadowed.prefix(top).map { blob in
            let hiddenIn = blob.hiddenBy ?? blob.layer
            let cause = blob.cause ?? .overwritten
            return ShadowedFile(
                path: "/" + blob.path.trimmingPrefix("./").trimmingPrefix("/"), bytes: blob.size, addedIn: blob.layer,
                hiddenIn: hiddenIn, cause: cause, advice: advice(cause: cause, sameLayer: hiddenIn == blob.layer))
        }
        var byLayer = [Int64](repeating: 0, count: scans.count)
        var byDirectory: [String: DirectoryUsage] = [:]
        for blob in shadowed {
            if blob.layer >= 0 && blob.layer < byLayer.count { byLayer[blob.layer] += blob.size }
            let path = "/" + blob.path.trimmingPrefix("./").trimmingPrefix("/")
            let parent = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) } ?? ""
            let directory = parent.isEmpty ? "/" : parent
            byDirectory[directory, default: DirectoryUsage(directory: directory, files: 0, bytes: 0)].files += 1
            byDirectory[directory, default: DirectoryUsage(directory: directory, files: 0, bytes: 0)].bytes += blob.size
        }
        let directories = byDirectory.values.sorted { ($0.bytes, $1.directory) > ($1.bytes, $0.directory) }
        return WasteReport(
            shadowedBytes: filesystem.shadowedBytes, shadowedFiles: shadowed.count,
            storedBytes: scans.reduce(0) { $0 + $1.contentBytes }, largest: Array(largest), shadowedByLayer: byLayer,
            shadowedByDirectory: Array(directories.prefix(100)))
    }

    static func advice(cause: MergedFilesystem.ShadowCause, sameLayer: Bool) -> String {
        if sameLayer { return "the layer writes this path twice; write it once" }
        switch cause {
        case .rewrittenSameSize:
            return "set the mode and owner when the file is added (COPY --chmod/--chown) instead of a later chmod/chown"
        case .deleted, .opaqueDirectory:
            return "delete it in the same RUN that created it, or build in a stage and COPY only the result"
        case .overwritten, .replaced:
            return "add the final version once: build in a multi-stage build and COPY only the result"
        }
    }
}
