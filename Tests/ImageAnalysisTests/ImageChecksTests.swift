import Findings
import ImageAnalysis
import ImageFormat
import Testing

/// One image per case: a clean baseline (a static binary on scratch, non-root, labelled, tagged) that yields no
/// finding at all, and variations that each make one rule fire.
struct CheckCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var layers: [[Layer.Item]]
    var configure: @Sendable (inout ContainerConfig) -> Void = { _ in }
    var tags: [String]? = ["1.2.3"]
    var trusted: [String]? = nil
    /// `created_by` of each layer's history entry; "test" for each when nil.
    var history: [String]? = nil
    var testDescription: String { rule }
}

let staticApp = Layer.file("app", bytes: ELFBuilder.make())
let shell = Layer.file("bin/sh", bytes: ELFBuilder.make())

func analyze(
    _ layers: [[Layer.Item]], configure: (inout ContainerConfig) -> Void = { _ in }, tags: [String]? = ["1.2.3"],
    trusted: [String]? = nil, history: [String]? = nil
) async throws -> ImageReport {
    var container = ContainerConfig()
    container.cmd = ["/app"]
    container.user = "10001"
    container.labels = [
        "org.opencontainers.image.version": "1.2.3",
        "org.opencontainers.image.revision": "0123456789abcdef0123456789abcdef01234567",
    ]
    configure(&container)
    let config = ImageConfiguration(
        architecture: "amd64", os: "linux", config: container,
        rootfs: RootFS(diffIDs: []), history: (history ?? layers.map { _ in "test" }).map { History(createdBy: $0) })
    let metadata = ImageMetadata(name: "test", config: config, layers: layers.map { _ in .init() }, tags: tags)
    let options = AnalysisOptions(trustedRegistries: trusted, now: 1_800_000_000)
    return try await ImageAnalyzer.analyze(metadata, layers: InMemoryLayers(layers), options: options)
}

let debianRelease = Layer.file(
    "etc/os-release", text: "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n")

let checkCases: [CheckCase] = [
    CheckCase(
        rule: "SS1001", layers: [[staticApp, shell]], configure: { $0.cmd = ["/bin/sh", "-c", "/app --serve"] }),
    CheckCase(rule: "SS1002", layers: [[staticApp, shell]], configure: { $0.cmd = ["/bin/sh", "/app"] }),
    CheckCase(rule: "SS1003", layers: [[staticApp]], configure: { $0.stopSignal = "SIGKILL" }),
    CheckCase(rule: "SS1010", layers: [[staticApp]], configure: { $0.cmd = ["python", "app.py"] }),
    CheckCase(rule: "SS1011", layers: [[Layer.file("app", bytes: ELFBuilder.make(), mode: 0o644)]]),
    CheckCase(rule: "SS1012", layers: [[Layer.file("app", text: "#!/usr/bin/python3\nprint(1)\n", mode: 0o755)]]),
    CheckCase(
        rule: "SS1013",
        layers: [
            [
                Layer.file(
                    "app",
                    bytes: ELFBuilder.make(interpreter: "/lib/ld-musl-x86_64.so.1", needed: ["libc.musl-x86_64.so.1"]))
            ]
        ]),
    CheckCase(
        rule: "SS1014",
        layers: [
            [
                Layer.file("app", bytes: ELFBuilder.make(interpreter: "/lib/ld.so", needed: ["libfoo.so.1"])),
                Layer.file("lib/ld.so", bytes: ELFBuilder.make()),
            ]
        ]),
    CheckCase(
        rule: "SS1015", layers: [[Layer.symlink("loop", to: "/loop2"), Layer.symlink("loop2", to: "loop")]],
        configure: { $0.cmd = ["/loop"] }),
    CheckCase(rule: "SS1016", layers: [[staticApp]], configure: { $0.cmd = nil }),
    CheckCase(
        rule: "SS1017", layers: [[staticApp, shell]], configure: { $0.cmd = ["/bin/sh", "-c", "exec python app.py"] }),
    CheckCase(
        rule: "SS1020", layers: [[Layer.file("usr/bin/supervisord", text: "#!/app\n", mode: 0o755), staticApp]],
        configure: { $0.cmd = ["supervisord", "-n"] }),
    CheckCase(
        rule: "SS1021",
        layers: [
            [staticApp, Layer.file("usr/sbin/nginx", 5, mode: 0o755), Layer.file("usr/sbin/sshd", 5, mode: 0o755)]
        ]),
    CheckCase(rule: "SS1030", layers: [[staticApp, Layer.file("usr/bin/nc.openbsd", 5, mode: 0o755)]]),
    CheckCase(rule: "SS1031", layers: [[staticApp, Layer.file("usr/bin/ssh", 5, mode: 0o755)]]),
    CheckCase(rule: "SS1032", layers: [[staticApp, Layer.file("usr/bin/gcc", 5, mode: 0o755)]]),
    CheckCase(rule: "SS1033", layers: [[staticApp, Layer.file("usr/bin/strace", 5, mode: 0o755)]]),
    CheckCase(rule: "SS1034", layers: [[staticApp, Layer.file("usr/bin/vim.basic", 5, mode: 0o755)]]),
    CheckCase(rule: "SS1035", layers: [[staticApp, Layer.file("usr/bin/apk", 5, mode: 0o755)]]),
    CheckCase(
        rule: "SS1040", layers: [[staticApp, Layer.file("etc/os-release", text: "ID=alpine\nVERSION_ID=3.22.1\n")]]),
    CheckCase(rule: "SS1041", layers: [[staticApp, Layer.file("usr/share/doc/x/changelog", 70_000)]]),
    CheckCase(rule: "SS1042", layers: [[staticApp, Layer.file("var/lib/apt/lists/deb.debian.org_Packages", 10)]]),
    CheckCase(rule: "SS1050", layers: [[staticApp]], configure: { $0.user = nil }),
    CheckCase(rule: "SS1051", layers: [[staticApp, Layer.file("usr/bin/su", 5, mode: 0o4755)]]),
    CheckCase(rule: "SS1052", layers: [[staticApp, Layer.dir("data", mode: 0o777)]]),
    CheckCase(rule: "SS1053", layers: [[staticApp, Layer.dir("usr/bin", mode: 0o755, uid: 10001)]]),
    CheckCase(rule: "SS1060", layers: [[staticApp, debianRelease]]),
    CheckCase(
        rule: "SS1061", layers: [[staticApp, Layer.file("etc/os-release", text: "ID=alpine\nVERSION_ID=3.16.2\n")]]),
    CheckCase(rule: "SS1070", layers: [[staticApp, Layer.file("big", 5000)], [Layer.whiteout("big")]]),
    CheckCase(
        rule: "SS1080",
        layers: [
            [staticApp, Layer.file("root/.ssh/id_ed25519", text: "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n")],
            [Layer.whiteout("root/.ssh/id_ed25519")],
        ]),
    CheckCase(
        rule: "SS1081",
        layers: [[staticApp, Layer.file("root/.aws/credentials", text: "[default]\naws_secret_access_key = abc\n")]]),
    CheckCase(
        rule: "SS1082", layers: [[staticApp, Layer.file("srv/.npmrc", text: "//registry.npmjs.org/:_authToken=abc\n")]]),
    CheckCase(rule: "SS1083", layers: [[staticApp, Layer.file("srv/.env", text: "# settings\nDB_HOST=db\n")]]),
    CheckCase(
        rule: "SS1085", layers: [[staticApp]],
        history: ["|1 AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY /bin/sh -c make"]),
    CheckCase(rule: "SS1084", layers: [[staticApp]], configure: { $0.env = ["PATH=/bin", "DB_PASSWORD=hunter2"] }),
    CheckCase(
        rule: "SS1090", layers: [[staticApp]], configure: { $0.labels?["org.opencontainers.image.version"] = nil }),
    CheckCase(
        rule: "SS1091", layers: [[staticApp]], configure: { $0.labels?["org.opencontainers.image.revision"] = "main" }),
    CheckCase(rule: "SS1092", layers: [[staticApp]], tags: ["latest"]),
    CheckCase(
        rule: "SS1095", layers: [[staticApp]],
        configure: { $0.labels?["org.opencontainers.image.base.name"] = "docker.io/library/alpine:3.22" },
        trusted: ["registry.example.com"]),
]

@Suite("Image checks")
struct ImageChecksTests {
    @Test("the clean baseline yields no finding at all (the negative case of every rule)")
    func baseline() async throws {
        let report = try await analyze([[staticApp]])
        #expect(report.findings.map(\.rule) == [])
    }

    @Test("each rule fires on its case", arguments: checkCases)
    func positive(_ check: CheckCase) async throws {
        let report = try await analyze(
            check.layers, configure: check.configure, tags: check.tags, trusted: check.trusted, history: check.history)
        #expect(report.findings.contains { $0.rule == check.rule }, "\(report.findings.map(\.rule))")
    }

    @Test("every registered rule has a positive case, a name, a summary and documentation")
    func registry() {
        let tested = Set(checkCases.map(\.rule))
        for rule in ImageRules.all {
            #expect(tested.contains(rule.id), "\(rule.id) has no positive test")
            #expect(rule.id.hasPrefix("SS1") && rule.id.count == 6)
            #expect(!rule.summary.isEmpty && rule.documentation.count > rule.summary.count)
        }
        #expect(Set(ImageRules.all.map(\.id)).count == ImageRules.all.count)
    }

    @Test("a secret deleted by a later layer is still reported, with its layer, never its value")
    func deletedSecret() async throws {
        let report = try await analyze(
            [
                [staticApp, Layer.file("root/.ssh/id_ed25519", text: "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n")],
                [Layer.whiteout("root/.ssh/id_ed25519")],
            ],
            configure: { $0.env = ["API_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyz"] })
        let key = try #require(report.findings.first { $0.rule == "SS1080" })
        #expect(key.path == "/root/.ssh/id_ed25519")
        #expect(key.layer == "layer 0")
        #expect(key.message.contains("still stored"))
        #expect(!report.findings.contains { $0.message.contains("AAAA") || $0.message.contains("ghp_") })
    }

    @Test("negatives: exec in a shell script, an init in front, libraries found through RUNPATH and ld.so.conf")
    func negatives() async throws {
        let exec = try await analyze([[staticApp, shell]], configure: { $0.cmd = ["/bin/sh", "-c", "exec /app"] })
        #expect(!exec.findings.contains { $0.rule == "SS1001" })
        let tini = try await analyze(
            [[staticApp, shell, Layer.file("usr/bin/tini", bytes: ELFBuilder.make())]],
            configure: {
                $0.entrypoint = ["tini", "--"]
                $0.cmd = ["/bin/sh", "/app"]
            })
        #expect(!tini.findings.contains { $0.rule == "SS1002" })
        let dynamic = ELFBuilder.make(
            interpreter: "/lib/ld.so", needed: ["libfoo.so.1", "libbar.so"], runpath: "$ORIGIN/vendor")
        let linked = try await analyze([
            [
                Layer.file("app", bytes: dynamic), Layer.file("lib/ld.so", bytes: ELFBuilder.make()),
                Layer.file("vendor/libfoo.so.1", bytes: ELFBuilder.make(needed: ["libdeep.so"])),
                Layer.file("opt/deep/libdeep.so", bytes: ELFBuilder.make()),
                Layer.file("etc/ld.so.conf", text: "include /etc/ld.so.conf.d/*.conf\n"),
                Layer.file("etc/ld.so.conf.d/deep.conf", text: "/opt/deep\n"),
                Layer.symlink("vendor/libbar.so", to: "libfoo.so.1"),
            ]
        ])
        #expect(linked.findings.map(\.rule) == [])
        let missingDeep = try await analyze([
            [
                Layer.file("app", bytes: dynamic), Layer.file("lib/ld.so", bytes: ELFBuilder.make()),
                Layer.file("vendor/libfoo.so.1", bytes: ELFBuilder.make(needed: ["libdeep.so"])),
                Layer.symlink("vendor/libbar.so", to: "libfoo.so.1"),
            ]
        ])
        #expect(missingDeep.findings.map(\.message).contains { $0.contains("libdeep.so") })
    }
}
