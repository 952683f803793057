import Findings

/// The final image starts from a full distribution or language image where a slim, alpine or distroless variant
/// exists.
struct FullBaseImage: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0060", "full-base-image", .smallBase, .info,
        summary: "The final stage uses a full image where a `-slim`, alpine or distroless variant exists.",
        why: """
            `python:3.13` is about 1 GB with compilers, headers and hundreds of packages; `python:3.13-slim` \
            is a tenth of that. Smaller bases pull faster and carry fewer vulnerabilities. Builder stages are \
            not reported: only what ships counts.
            """,
        bad: """
            FROM python:3.13
            CMD ["python", "-m", "http.server"]
            """,
        good: """
            FROM python:3.13-slim
            CMD ["python", "-m", "http.server"]
            """)

    /// Official images with a smaller variant, and what to suggest.
    static let suggestions: [String: String] = [
        "python": "python:<version>-slim", "node": "node:<version>-slim or node:<version>-alpine",
        "ruby": "ruby:<version>-slim", "golang": "a builder stage and scratch/distroless for the binary",
        "openjdk": "eclipse-temurin:<version>-jre", "eclipse-temurin": "eclipse-temurin:<version>-jre",
        "debian": "debian:<release>-slim", "ubuntu": "ubuntu with a builder stage, or debian:<release>-slim",
        "php": "php:<version>-fpm-alpine", "perl": "perl:<version>-slim", "rust": "a builder stage and a slim runtime",
        "centos": "a UBI minimal image", "fedora": "fedora-minimal", "maven": "a builder stage and a JRE runtime",
        "gradle": "a builder stage and a JRE runtime", "buildpack-deps": "debian:<release>-slim",
        "swift": "swift:<version>-slim", "elixir": "a builder stage and a slim runtime",
        "mcr.microsoft.com/dotnet/sdk": "mcr.microsoft.com/dotnet/aspnet or runtime-deps",
    ]

    static let smallMarkers = [
        "slim", "alpine", "distroless", "minimal", "micro", "busybox", "jre", "runtime", "static", "chiseled", "tiny",
    ]

    func check(_ context: LintContext) -> [Finding] {
        guard let final = context.finalStage, let image = final.baseImage else { return [] }
        let name =
            image.registry == "docker.io"
            ? image.repository.replacing("library/", with: "") : image.canonicalName.replacing("docker.io/", with: "")
        guard let suggestion = Self.suggestions[name] else { return [] }
        let tag = (image.tag ?? "latest").lowercased()
        if isSymbolic(tag) || Self.smallMarkers.contains(where: { tag.contains($0) }) { return [] }
        return [
            context.finding(
                Self.descriptor, final.from.range,
                "\(final.base) is a full image; the final stage could use \(suggestion)",
                hint: "use the smallest variant that runs the application")
        ]
    }
}
