import Findings

/// `FROM --platform=linux/amd64` with a constant platform, in a stage whose name names no platform.
struct FromPlatformFlagConstDisallowed: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0142", "from-platform-flag-const", .correctness, .info,
        summary: "FROM --platform has a constant value: the stage builds for one platform only.",
        why: """
            A constant `--platform` pins the stage to one platform whatever `docker build --platform` asks \
            for, so the Dockerfile cannot build a multi-platform image (BuildKit: \
            FromPlatformFlagConstDisallowed). Leave the flag out, use `$BUILDPLATFORM`/`$TARGETPLATFORM`, or \
            name the stage after the platform (`AS build_amd64`), which tells readers it is deliberate and \
            silences this, as in BuildKit.
            """,
        bad: """
            FROM --platform=linux/amd64 alpine:3.22 AS base
            RUN apk add --no-cache git
            """,
        good: """
            FROM --platform=$BUILDPLATFORM alpine:3.22 AS base
            RUN apk add --no-cache git
            """)
    static let buildkitChecks = ["FromPlatformFlagConstDisallowed"]

    /// containerd's `platforms` names: operating systems, and architectures with their normalised names.
    static let operatingSystems: Set<String> = [
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
        "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
    ]
    static let architectures: [String: String] = [
        "386": "386", "i386": "386", "i486": "386", "i586": "386", "i686": "386", "x86_64": "amd64",
        "x86-64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64", "armhf": "arm", "armel": "arm",
        "arm": "arm", "ppc64le": "ppc64le", "ppc64": "ppc64", "s390x": "s390x", "riscv64": "riscv64",
        "mips64le": "mips64le", "mips64": "mips64", "mipsle": "mipsle", "mips": "mips", "loong64": "loong64",
        "wasm": "wasm",
    ]

    /// The operating system and architecture of a platform specifier (`linux/amd64`, `linux/arm64/v8`,
    /// `linux`, `arm64`), or nil when containerd would not parse it.
    static func parse(_ platform: String) -> (os: String, architecture: String)? {
        let parts = platform.lowercased().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            if operatingSystems.contains(parts[0]) { return (parts[0], "") }
            if let architecture = architectures[parts[0]] { return ("linux", architecture) }
            return nil
        case 2, 3:
            guard operatingSystems.contains(parts[0]), let architecture = architectures[parts[1]] else { return nil }
            return (parts[0], architecture)
        default: return nil
        }
    }

    func check(_ context: LintContext) -> [Finding] {
        context.stages.compactMap { stage in
            guard let platform = stage.from.flag("platform"), !platform.contains("$"),
                let (os, architecture) = Self.parse(platform)
            else { return nil }
            let name = stage.name?.lowercased() ?? ""
            if name.contains(os) || (!architecture.isEmpty && name.contains(architecture)) { return nil }
            return context.finding(
                Self.descriptor, stage.from.range, "FROM --platform has the constant value \"\(platform)\"",
                hint: "drop --platform, use $BUILDPLATFORM, or name the stage after the platform")
        }
    }
}
