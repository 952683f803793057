import ImageFormat
import Packages

/// The package inventory of an image, from one pass over its layers that keeps only the catalogers' files and
/// the whiteouts (never every entry, never the merged filesystem): memory follows the packages, not the files.
extension ImageAnalyzer {
    /// What the pass keeps: the catalogers' files (`PackageCatalog.captureLimit`), the whiteouts that can hide
    /// them, and, for Go build information, every executable's bytes as they stream past.
    public static let packagePolicy = ScanPolicy(
        capture: { entry in
            guard entry.kind == .regular, entry.size > 0 else { return 0 }
            return PackageCatalog.captureLimit(path: entry.path, size: entry.size)
        },
        keep: { entry in isWhiteout(entry.path) || (entry.kind != .regular && entry.kind != .directory) },
        searchBuildInfo: { entry in
            entry.kind == .regular && GoBuildInfoSearch.isCandidate(mode: entry.mode, size: entry.size)
        },
        reduce: { entry, bytes in PackageCatalog.reduce(path: entry.path, bytes: bytes, size: entry.size) })

    /// `inspect`'s pass: every entry, the contents its checks read (`ContentInterest`, as read) and the catalogers'
    /// (reduced as soon as read, like `packagePolicy`, unless a check reads the same file; not dpkg's file lists),
    /// Go and Rust build information. `packageView` and `inspectView` then give each side what it asked for.
    static let inspectPolicy = ScanPolicy(
        capture: { entry in
            // The summary counts packages: dpkg's file lists (ownership, file counts; most of the catalogers'
            // memory on a Debian image) are not read for it.
            let list = entry.path.hasSuffix(".list") && entry.path.contains("var/lib/dpkg/info/")
            return max(ContentInterest.captureLimit(for: entry), list ? 0 : packagePolicy.capture(entry))
        },
        keep: { _ in true }, searchBuildInfo: packagePolicy.searchBuildInfo,
        reduce: { entry, bytes in
            ContentInterest.captureLimit(for: entry) > 0
                ? bytes : PackageCatalog.reduce(path: entry.path, bytes: bytes, size: entry.size)
        })

    /// `inspect`'s pass when it matches vulnerabilities: the same, and dpkg's file lists too, reduced as they are
    /// read to the lines that name a file some cataloger reads (a package's METADATA, package.json, …). Those are
    /// the only lines ownership needs (Debian's python3-urllib3 owns urllib3's egg-info, so urllib3 is matched
    /// through Debian's advisories, which know the backported fix), and they are a few of a Debian image's ~10,000.
    static let ownershipPolicy = ScanPolicy(
        capture: { entry in max(ContentInterest.captureLimit(for: entry), packagePolicy.capture(entry)) },
        keep: { _ in true }, searchBuildInfo: packagePolicy.searchBuildInfo,
        reduce: { entry, bytes in
            if ContentInterest.captureLimit(for: entry) > 0 { return bytes }
            if isDpkgList(entry.path) { return evidenceLines(bytes) }
            return PackageCatalog.reduce(path: entry.path, bytes: bytes, size: entry.size)
        })

    static func isDpkgList(_ path: String) -> Bool {
        path.hasSuffix(".list") && path.contains("var/lib/dpkg/info/")
    }

    /// The lines of a dpkg file list that name a file a cataloger would read.
    static func evidenceLines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for line in bytes.split(separator: 0x0a) {
            let path = String(decoding: line, as: UTF8.self)
            guard PackageCatalog.captureLimit(path: path, size: 1) > 0 else { continue }
            out += line
            out.append(0x0a)
        }
        return out
    }

    /// The scans as `packagePolicy` would have kept them: the catalogers' contents, reduced, and the build information.
    static func packageView(of scans: [LayerScan]) -> [LayerScan] {
        scans.map { scan in
            var view = scan
            view.contents = [:]
            for (index, content) in scan.contents {
                let entry = scan.entries[index]
                guard PackageCatalog.captureLimit(path: entry.path, size: entry.size) > 0 else { continue }
                let raw = ContentInterest.captureLimit(for: entry) > 0
                view.contents[index] =
                    raw ? PackageCatalog.reduce(path: entry.path, bytes: content, size: entry.size) : content
            }
            return view
        }
    }

    /// The scans as inspect's own capture would have kept them: only `ContentInterest`'s contents, at its limits.
    static func inspectView(of scans: [LayerScan]) -> [LayerScan] {
        scans.map { scan in
            var view = scan
            view.buildInfo = [:]
            view.contents = [:]
            for (index, content) in scan.contents {
                let limit = ContentInterest.captureLimit(for: scan.entries[index])
                if limit > 0 { view.contents[index] = content.count > limit ? Array(content.prefix(limit)) : content }
            }
            return view
        }
    }

    /// Reads every layer (at most `parallelism` at a time) and catalogs what they hold.
    public static func inventory(
        _ metadata: ImageMetadata, layers source: some LayerScanning, parallelism: Int,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> PackageInventory {
        let count = source.layerCount
        if !metadata.config.rootfs.diffIDs.isEmpty, metadata.config.rootfs.diffIDs.count != count {
            throw AnalysisError.layerCountMismatch(
                image: metadata.name, layers: count, diffIDs: metadata.config.rootfs.diffIDs.count)
        }
        let scans = try await scanAll(
            source, count: count, width: parallelism, policy: packagePolicy, progress: progress)
        return PackageCatalog.catalog(catalogFiles(scans), layers: layerReferences(metadata, count: count))
    }

    /// Every layer's index, DiffID and history `created_by`.
    public static func layerReferences(_ metadata: ImageMetadata, count: Int) -> [LayerReference] {
        let history = metadata.config.layerHistory
        let diffIDs = metadata.config.rootfs.diffIDs
        return (0..<count).map { index in
            LayerReference(
                index: index, diffID: index < diffIDs.count ? diffIDs[index].description : nil,
                createdBy: index < history.count ? history[index].createdBy : nil)
        }
    }

    /// The captured files with, for each, whether a later entry hid it: the same path written again (in the same
    /// layer or a later one), or a whiteout of it or of a directory above it in a later layer (OCI image-spec,
    /// layer.md: "Whiteout files MUST only apply to resources in lower/parent layers"; an opaque whiteout hides
    /// everything below its directory from lower layers).
    static func catalogFiles(_ scans: [LayerScan]) -> [CatalogFile] {
        var files: [CatalogFile] = []
        // Normalised path → indices into `files`; each ancestor directory → indices of the files below it.
        var byPath: [String: [Int]] = [:]
        var byAncestor: [String: [Int]] = [:]
        for (layer, scan) in scans.enumerated() {
            // First the hiding done by this layer's entries, to the files of lower layers (and, for a rewrite, of
            // this layer's earlier entries, handled below as they are added).
            for entry in scan.entries {
                let path = normalized(entry.path)
                let name = path.split(separator: "/").last.map(String.init) ?? ""
                guard name.hasPrefix(".wh.") else { continue }
                let directory = String(path.dropLast(name.count + 1))
                let hidden: [Int]
                if name == ".wh..wh..opq" {
                    hidden = byAncestor[directory] ?? []
                } else {
                    let target = (directory.isEmpty ? "" : directory) + "/" + name.dropFirst(4)
                    hidden = (byPath[target] ?? []) + (byAncestor[target] ?? [])
                }
                for index in hidden where files[index].hiddenBy == nil && files[index].layer < layer {
                    files[index].hiddenBy = layer
                    files[index].deleted = true
                }
            }
            for (position, entry) in scan.entries.enumerated() {
                let content = scan.contents[position]
                let found = scan.buildInfo[position]
                guard content != nil || found != nil || entry.kind != .directory else { continue }
                let path = normalized(entry.path)
                // A new entry at a path hides every earlier version there (overwritten, not deleted).
                for index in byPath[path] ?? [] where files[index].hiddenBy == nil {
                    files[index].hiddenBy = layer
                }
                // A non-directory over a directory hides what was below it.
                if entry.kind != .directory {
                    for index in byAncestor[path] ?? [] where files[index].hiddenBy == nil {
                        files[index].hiddenBy = layer
                        files[index].deleted = true
                    }
                }
                var added: [Int] = []
                if let content, entry.kind == .regular {
                    added.append(files.count)
                    files.append(
                        CatalogFile(
                            path: path, layer: layer, content: content,
                            size: PackageCatalog.isSummarised(path) ? Int64(content.count) : entry.size,
                            isJavaArchive: JavaArchive.isArchive(path)))
                }
                if let found {
                    added.append(files.count)
                    files.append(
                        CatalogFile(
                            path: path, layer: layer, content: found, size: Int64(found.count), isGoBuildInfo: true))
                }
                guard !added.isEmpty else { continue }
                byPath[path, default: []] += added
                var ancestor = path[...]
                while let slash = ancestor.lastIndex(of: "/"), slash != ancestor.startIndex {
                    ancestor = ancestor[..<slash]
                    byAncestor[String(ancestor), default: []] += added
                }
            }
        }
        // A hidden version whose path has a live version again was rewritten, not deleted.
        let live = Set(files.filter(\.isLive).map(\.path))
        for index in files.indices where files[index].deleted && live.contains(files[index].path) {
            files[index].deleted = false
        }
        return files
    }

    /// `./usr/bin/x`, `usr/bin/x/` → `/usr/bin/x`.
    static func normalized(_ path: String) -> String {
        var text = path[...]
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        while text.hasPrefix("/") { text = text.dropFirst() }
        while text.hasSuffix("/") { text = text.dropLast() }
        return "/" + text
    }
}
