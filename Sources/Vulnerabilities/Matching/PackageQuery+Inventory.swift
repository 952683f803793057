import Packages

extension PackageQuery {
    /// The queries for an image's inventory: distribution packages under the operating system's ecosystem, by
    /// source package; language packages under their ecosystem, marked when a distribution package owns them.
    /// `baseLayers` is how many of the lowest layers belong to the base image (for the advice).
    public static func queries(from inventory: PackageInventory, baseLayers: Int = 0) -> (
        queries: [PackageQuery], unmatched: [String]
    ) {
        var queries: [PackageQuery] = []
        var unmatched: [String] = []
        for package in inventory.packages {
            let ecosystem: String
            if package.type.isDistribution {
                guard let system = inventory.operatingSystem?.ecosystem else {
                    unmatched.append("\(package.name) \(package.version): the operating system has no OSV ecosystem")
                    continue
                }
                ecosystem = system
            } else if let language = package.type.languageEcosystem {
                ecosystem = language
            } else {
                continue
            }
            queries.append(
                PackageQuery(
                    ecosystem: ecosystem, name: package.name, version: package.version,
                    sourceName: package.source?.name, sourceVersion: package.source?.version,
                    ownedBy: package.ownedBy.map { "\($0.type.rawValue):\($0.name)" }, purl: package.purl,
                    layer: package.addedIn.diffID, createdBy: package.addedIn.createdBy,
                    fromBaseImage: package.addedIn.index < baseLayers, location: package.locations.first))
        }
        return (queries, unmatched)
    }

    /// How many of the lowest layers are a base image's, from the history: the layers up to the last one whose
    /// `created_by` is a base image's root filesystem (`ADD file:… in /`, as `docker build` records a `FROM`
    /// image's first layer). 0 when the history does not say.
    public static func baseLayerCount(createdBy history: [String?]) -> Int {
        var count = 0
        for (index, entry) in history.enumerated() {
            guard let entry else { continue }
            if entry.contains("ADD file:") && entry.contains(" in / ") || entry.hasSuffix(" in /") { count = index + 1 }
        }
        return count == history.count ? 0 : count
    }
}
