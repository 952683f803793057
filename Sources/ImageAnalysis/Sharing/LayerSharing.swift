import Findings
import ImageFormat

import struct Crypto.SHA256

/// `shipshape layers`: which layers several images share, and what a node pulling all of them downloads.
public struct LayerSharing: Sendable {
    /// One image's layer, with its identities.
    public struct Layer: Sendable, Hashable {
        public var diffID: Digest
        /// OCI image-spec, config.md, "Layer ChainID": `ChainID(L₀) = DiffID(L₀)`,
        /// `ChainID(L₀|…|Lₙ) = Digest(ChainID(L₀|…|Lₙ₋₁) + " " + DiffID(Lₙ))`.
        public var chainID: Digest
        /// The blob digest, as pulled (compressed).
        public var digest: Digest?
        public var compressedBytes: Int64
        /// Other images holding the same DiffID.
        public var sharedWith: [String]
    }

    public struct Image: Sendable, Hashable {
        public var name: String
        public var layers: [Layer]
        public var baseName: String?
    }

    /// Images whose base comes from the same repository under different tags or digests.
    public struct BaseGroup: Sendable, Hashable {
        public var repository: String
        public var images: [(name: String, base: String)]

        public static func == (lhs: BaseGroup, rhs: BaseGroup) -> Bool {
            lhs.repository == rhs.repository && lhs.images.map(\.name) == rhs.images.map(\.name)
                && lhs.images.map(\.base) == rhs.images.map(\.base)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(repository)
            hasher.combine(images.map(\.name))
        }
    }

    public var images: [Image]
    /// Bytes to pull every image when nothing is shared (each image's layers downloaded separately).
    public var bytesWithoutSharing: Int64
    /// Bytes to pull when each distinct layer blob is downloaded once.
    public var bytesWithSharing: Int64
    public var couldShareBase: [BaseGroup]

    /// Chain IDs of a list of DiffIDs.
    public static func chainIDs(_ diffIDs: [Digest]) -> [Digest] {
        var result: [Digest] = []
        for diffID in diffIDs {
            if let previous = result.last {
                result.append(Digest(sha256: SHA256.hash(data: Array("\(previous) \(diffID)".utf8))))
            } else {
                result.append(diffID)
            }
        }
        return result
    }

    /// The repository part of an image name: without tag and digest.
    static func repository(of name: String) -> String {
        var rest = Substring(name)
        if let at = rest.firstIndex(of: "@") { rest = rest[..<at] }
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") { rest = rest[..<colon] }
        var repository = String(rest)
        for prefix in ["docker.io/library/", "docker.io/", "index.docker.io/library/"]
        where repository.hasPrefix(prefix) {
            repository = String(repository.dropFirst(prefix.count))
            break
        }
        return repository
    }

    public init(_ metadata: [ImageMetadata]) {
        var holders: [Digest: [String]] = [:]
        var blobSizes: [String: Int64] = [:]
        var withoutSharing: Int64 = 0
        var images: [Image] = []
        for image in metadata {
            let diffIDs = image.config.rootfs.diffIDs
            let chains = LayerSharing.chainIDs(diffIDs)
            var layers: [Layer] = []
            for (index, diffID) in diffIDs.enumerated() {
                let descriptor = index < image.layers.count ? image.layers[index] : nil
                let size = descriptor?.compressedSize ?? 0
                withoutSharing += size
                blobSizes[(descriptor?.digest ?? diffID).description] = size
                if !(holders[diffID]?.contains(image.name) ?? false) { holders[diffID, default: []].append(image.name) }
                layers.append(
                    Layer(
                        diffID: diffID, chainID: chains[index], digest: descriptor?.digest, compressedBytes: size,
                        sharedWith: []))
            }
            let labels = (image.config.config?.labels ?? [:]).merging(image.annotations) { _, new in new }
            images.append(Image(name: image.name, layers: layers, baseName: labels[Annotation.baseName]))
        }
        for index in images.indices {
            for layer in images[index].layers.indices {
                let diffID = images[index].layers[layer].diffID
                images[index].layers[layer].sharedWith = (holders[diffID] ?? []).filter { $0 != images[index].name }
            }
        }
        var groups: [String: [(String, String, Digest?)]] = [:]
        for image in images {
            guard let base = image.baseName else { continue }
            groups[LayerSharing.repository(of: base), default: []].append(
                (image.name, base, image.layers.first?.chainID))
        }
        self.couldShareBase = groups.sorted { $0.key < $1.key }.compactMap { repository, members in
            // Worth reporting when the same base repository is used with different bottom layers.
            guard members.count >= 2, Set(members.map { $0.2?.description ?? "" }).count >= 2 else { return nil }
            return BaseGroup(repository: repository, images: members.map { ($0.0, $0.1) })
        }
        self.images = images
        self.bytesWithoutSharing = withoutSharing
        self.bytesWithSharing = blobSizes.values.reduce(0, +)
    }

    /// The report as text: one table row per distinct layer, then the pull totals.
    public func text() -> String {
        let size = ImageChecks.bytes
        var out = "LAYER (DiffID)  CHAIN ID      SIZE       IMAGES\n"
        var printed = Set<Digest>()
        // Who holds each chain, in image order, built once: a scan of every image a layer was quadratic in the
        // number of layers (24,000 layers took 57 s, issue 18 row 17).
        var holdersOf: [Digest: [String]] = [:]
        for image in images {
            for chainID in Set(image.layers.map(\.chainID)) { holdersOf[chainID, default: []].append(image.name) }
        }
        for image in images {
            for layer in image.layers where printed.insert(layer.chainID).inserted {
                let holders = holdersOf[layer.chainID] ?? []
                out += "\(layer.diffID.short)    \(layer.chainID.short)  "
                out += size(layer.compressedBytes).padding(toLength: 10) + " " + holders.joined(separator: ", ") + "\n"
            }
        }
        let saved = bytesWithoutSharing - bytesWithSharing
        let percent = bytesWithoutSharing > 0 ? (Double(saved) * 1000 / Double(bytesWithoutSharing)).rounded() / 10 : 0
        out += "\nPulling all \(images.count) images: \(size(bytesWithoutSharing)) without sharing, "
        out += "\(size(bytesWithSharing)) with shared layers (saves \(size(saved)), \(percent)%)\n"
        for group in couldShareBase {
            out += "Would share a base if they used the same tag of \(group.repository): "
            out += group.images.map { "\($0.name) (\($0.base))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// The report as JSON.
    public var json: JSONValue {
        .object([
            "images": .array(
                images.map { image in
                    .object([
                        "name": .string(image.name), "baseName": .string(image.baseName),
                        "layers": .array(
                            image.layers.map { layer in
                                .object([
                                    "diffID": .string(layer.diffID.description),
                                    "chainID": .string(layer.chainID.description),
                                    "digest": .string(layer.digest?.description),
                                    "compressedBytes": .int(layer.compressedBytes),
                                    "sharedWith": .array(layer.sharedWith.map(JSONValue.string)),
                                ])
                            }),
                    ])
                }),
            "pullBytes": .object([
                "withoutSharing": .int(bytesWithoutSharing), "withSharing": .int(bytesWithSharing),
            ]),
            "couldShareBase": .array(
                couldShareBase.map { group in
                    .object([
                        "repository": .string(group.repository),
                        "images": .array(
                            group.images.map { .object(["name": .string($0.name), "base": .string($0.base)]) }),
                    ])
                }),
        ])
    }
}

extension String {
    fileprivate func padding(toLength width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
