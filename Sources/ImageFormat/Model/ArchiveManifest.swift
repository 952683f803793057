/// One image of a docker-archive's `manifest.json` (what `docker save` writes): the config's member name, the
/// tags and the layers' member names, in order.
struct ArchiveManifest: Decodable, Hashable {
    var config: String
    var repoTags: [String]?
    var layers: [String]

    enum CodingKeys: String, CodingKey {
        case config = "Config"
        case repoTags = "RepoTags"
        case layers = "Layers"
    }
}
