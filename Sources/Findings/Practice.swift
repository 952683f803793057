/// The practices of PRODUCT.md. Every finding, from any command, names exactly one; the raw values are stable ids.
public enum Practice: String, CaseIterable, Sendable, Codable, Hashable {
    case oneApp = "one-app"
    case pid1 = "pid1"
    case buildCache = "build-cache"
    case noTools = "no-tools"
    case minimalContent = "minimal-content"
    case fsSecurity = "fs-security"
    case smallBase = "small-base"
    case layerWaste = "layer-waste"
    case sharedLayers = "shared-layers"
    case vulnerabilities = "vulnerabilities"
    case tagging = "tagging"
    case publicImages = "public-images"
    case secrets = "secrets"
    case correctness = "correctness"

    /// One line on what the practice guards, as PRODUCT.md words it.
    public var summary: String {
        switch self {
        case .oneApp: "one application per container"
        case .pid1: "signals and zombies: a correct PID 1"
        case .buildCache: "cache-friendly instruction order"
        case .noTools: "no unnecessary tools in the final image"
        case .minimalContent: "as little content as possible"
        case .fsSecurity: "nobody can add tools or escalate"
        case .smallBase: "the smallest base that works"
        case .layerWaste: "no bytes hidden in lower layers"
        case .sharedLayers: "images share base layers"
        case .vulnerabilities: "known vulnerabilities in installed packages"
        case .tagging: "every image names its version"
        case .publicImages: "public images are weighed"
        case .secrets: "no credentials in the image"
        case .correctness: "the Dockerfile or image is broken"
        }
    }
}
