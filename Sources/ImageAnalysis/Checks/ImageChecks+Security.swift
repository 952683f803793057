import Findings
import ImageFormat

/// fs-security and secrets.
extension ImageChecks {
    static let systemDirectories = [
        "/bin", "/sbin", "/usr", "/usr/bin", "/usr/sbin", "/usr/lib", "/lib", "/lib64", "/etc",
    ]

    /// Whether `path` is one of `systemDirectories` or below one.
    static func isSystemPath(_ path: String) -> Bool {
        systemDirectories.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// The uid the container runs as: nil for root or unknown.
    static func runtimeUID(_ context: CheckContext) -> Int? {
        let user =
            (context.container.user ?? "").split(separator: ":", omittingEmptySubsequences: false).first
            .map(String.init) ?? ""
        if user.isEmpty || user == "root" || user == "0" { return nil }
        if let uid = Int(user) { return uid }
        return context.facts.users[user]
    }

    static func fsSecurity(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        let user = context.container.user ?? ""
        let name = user.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if name.isEmpty || name == "root" || name == "0" {
            findings.append(
                Finding(
                    ImageRules.runsAsRoot,
                    message: user.isEmpty
                        ? "the image runs as root (no User set)" : "the image runs as root (User '\(user)')",
                    hint: "add a user and USER 10001 in the final stage"))
        }
        var setuid: [MergedFilesystem.File] = []
        var worldWritable: [MergedFilesystem.File] = []
        let uid = runtimeUID(context)
        var writableSystem: [MergedFilesystem.File] = []
        context.filesystem.forEachFile { file in
            let mode = file.entry.mode
            switch file.entry.kind {
            case .regular, .hardLink:
                if mode & 0o6000 != 0 { setuid.append(file) }
                if mode & 0o002 != 0 { worldWritable.append(file) }
            case .directory:
                if mode & 0o002 != 0 && mode & 0o1000 == 0 { worldWritable.append(file) }
            default:
                break
            }
            guard file.entry.kind != .symbolicLink else { return }
            let ownerWritable = uid.map { file.entry.uid == $0 && mode & 0o200 != 0 } ?? false
            let sharedWritable = file.entry.kind == .directory && mode & 0o022 != 0 && mode & 0o1000 == 0
            // Only then the path: this runs for every file of the image.
            guard ownerWritable || sharedWritable, isSystemPath(file.path) else { return }
            writableSystem.append(file)
        }
        func listed(_ files: [MergedFilesystem.File]) -> String {
            files.prefix(10).map(\.path).joined(separator: ", ")
                + (files.count > 10 ? ", … (\(files.count) in all)" : "")
        }
        if !setuid.isEmpty {
            findings.append(
                Finding(
                    ImageRules.setuidFiles,
                    message: "\(setuid.count) setuid/setgid file\(setuid.count == 1 ? "" : "s"): \(listed(setuid))",
                    hint: "chmod a-s, or remove them", layer: context.layerID(setuid[0].layer), path: setuid[0].path))
        }
        if !worldWritable.isEmpty {
            findings.append(
                Finding(
                    ImageRules.worldWritable,
                    message:
                        "\(worldWritable.count) world-writable path\(worldWritable.count == 1 ? "" : "s"): \(listed(worldWritable))",
                    hint: "no write bit for others; the sticky bit on shared directories",
                    layer: context.layerID(worldWritable[0].layer), path: worldWritable[0].path))
        }
        if !writableSystem.isEmpty {
            findings.append(
                Finding(
                    ImageRules.writableSystemPath,
                    message:
                        "system paths writable by \(uid.map { "uid \($0)" } ?? "group or others"): \(listed(writableSystem))",
                    hint: "system paths belong to root, mode 0755",
                    layer: context.layerID(writableSystem[0].layer), path: writableSystem[0].path))
        }
        return findings
    }

    static func secrets(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        // Every layer, including files a later layer deleted or overwrote: the bytes are still in the image.
        for (layerIndex, scan) in context.scans.enumerated() {
            for (entryIndex, content) in scan.contents.sorted(by: { $0.key < $1.key }) {
                let entry = scan.entries[entryIndex]
                guard SecretScanner.isCandidate(path: entry.path) else { continue }
                let path = "/" + entry.path.trimmingPrefix("./")
                let live = context.filesystem.lookup(path)
                let stillVisible = live.map { $0.layer == layerIndex && $0.entry == entry } ?? false
                for hit in SecretScanner.scan(path: entry.path, content: content) {
                    let rule: RuleDescriptor =
                        switch hit.category {
                        case .privateKey: ImageRules.privateKey
                        case .cloudCredentials: ImageRules.cloudCredentials
                        case .token: ImageRules.token
                        case .envFile: ImageRules.envFile
                        }
                    let state = stillVisible ? "" : " (removed or replaced later, still stored in the layer)"
                    findings.append(
                        Finding(
                            rule, message: "\(hit.kind) in '\(path)', layer \(layerIndex)\(state)",
                            hint: "never copy credentials into an image; rotate this one",
                            layer: context.layerID(layerIndex),
                            path: path))
                }
            }
        }
        for entry in context.container.env ?? [] {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            let name = String(entry[..<equals])
            let value = String(entry[entry.index(after: equals)...])
            if let kind = SecretScanner.credentialEnvironment(name: name, value: value) {
                findings.append(
                    Finding(
                        ImageRules.credentialEnv, message: "Env '\(name)' holds a \(kind) (value not shown)",
                        hint: "pass secrets at run time, not in the image config"))
            }
        }
        for hit in context.historySecrets {
            let holder = hit.name.map { " in \(hit.buildArgument ? "build argument" : "variable") '\($0)'" } ?? ""
            let what = "a \(hit.kind)\(holder)"
            findings.append(
                Finding(
                    ImageRules.historySecret, message: "history entry \(hit.entry) records \(what) (value not shown)",
                    hint: "pass build secrets with `RUN --mount=type=secret`, never --build-arg; rotate this one"))
        }
        return findings
    }
}
