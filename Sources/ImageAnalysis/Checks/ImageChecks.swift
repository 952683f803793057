import Findings
import ImageFormat

/// Everything a check reads.
struct CheckContext: Sendable {
    var metadata: ImageMetadata
    var filesystem: MergedFilesystem
    var scans: [LayerScan]
    var layers: [LayerReport]
    var facts: SystemFacts
    var command: CommandResolution
    var waste: WasteReport
    var options: AnalysisOptions
    /// Credentials found (and masked) in the history.
    var historySecrets: [HistorySecrets.Hit] = []

    var container: ContainerConfig { metadata.config.config ?? ContainerConfig() }

    /// The layer's name for a finding.
    func layerID(_ index: Int) -> String? { index < layers.count ? layers[index].identifier : nil }

    /// Whether `shipshape build` made the image (its history says so): hints then name build's options instead
    /// of a Dockerfile instruction.
    var builtByShipshape: Bool {
        metadata.config.history?.last?.createdBy?.hasPrefix("shipshape build:") == true
    }

    /// Labels of the config merged with the manifest annotations (annotations win).
    var labels: [String: String] {
        (container.labels ?? [:]).merging(metadata.annotations) { _, annotation in annotation }
    }
}

/// Runs every image check, practice by practice.
enum ImageChecks {
    static func run(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        findings += pid1(context)
        findings += correctness(context)
        findings += oneApp(context)
        findings += noTools(context)
        findings += minimalContent(context)
        findings += fsSecurity(context)
        findings += smallBase(context)
        findings += layerWaste(context)
        findings += secrets(context)
        findings += tagging(context)
        findings += publicImages(context)
        return findings.filter { !context.options.disabledRules.contains($0.rule) }
    }

    /// Formats a byte count for people: `1.2 MB`.
    static func bytes(_ value: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var number = Double(value)
        var unit = 0
        while number >= 1000 && unit < units.count - 1 {
            number /= 1000
            unit += 1
        }
        if unit == 0 { return "\(value) B" }
        let rounded = (number * 10).rounded() / 10
        return "\(rounded) \(units[unit])"
    }
}
