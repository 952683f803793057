import FoundationEssentials
import ImageFormat

/// What git says about a working tree: the HEAD commit, the semantic-version tags on HEAD, every tag of the
/// repository, whether tracked files have changes, and the `origin` remote.
public struct GitState: Sendable, Hashable {
    public var head: String
    /// The highest semantic version among the tags pointing at HEAD (`git tag --points-at HEAD`).
    public var version: SemanticVersion?
    /// The tag that gave `version`, as spelled in git.
    public var versionTag: String?
    public var allTags: [String]
    public var dirty: Bool
    /// `remote.origin.url`, with credentials removed and converted to an https URL when it is an scp-like ssh one.
    public var source: String?

    public init(
        head: String, version: SemanticVersion?, versionTag: String?, allTags: [String], dirty: Bool, source: String?
    ) {
        self.head = head
        self.version = version
        self.versionTag = versionTag
        self.allTags = allTags
        self.dirty = dirty
        self.source = source
    }

    /// Runs `git`; `run` is injectable for tests (arguments, working directory) → (exit status, stdout).
    public static func read(
        directory: String,
        run: (_ arguments: [String], _ directory: String) throws -> (Int32, String) = GitState.runGit
    ) throws -> GitState {
        func git(_ arguments: [String]) throws -> String? {
            let (status, output) = try run(arguments, directory)
            return status == 0 ? output : nil
        }
        guard let headOutput = try git(["rev-parse", "--verify", "HEAD"]) else {
            throw TagError.git(
                command: "git rev-parse HEAD", message: "'\(directory)' is not inside a git repository with a commit")
        }
        let head = headOutput.trimmingWhitespaceAndNewlines()
        // The issue's `git describe --tags --exact-match` names one tag; `--points-at` lists all of them, so a
        // commit tagged both `v1.2.3` and `deploy-prod` still finds its version.
        let pointing = (try git(["tag", "--points-at", "HEAD"]) ?? "").split(whereSeparator: \.isNewline).map(
            String.init)
        var best: (SemanticVersion, String)?
        for tag in pointing {
            guard let version = try? SemanticVersion(tag) else { continue }
            if best.map({ $0.0 < version }) ?? true { best = (version, tag) }
        }
        let all = (try git(["tag", "--list"]) ?? "").split(whereSeparator: \.isNewline).map(String.init)
        let status = try git(["status", "--porcelain", "--untracked-files=no"]) ?? ""
        let remote = try git(["config", "--get", "remote.origin.url"])?.trimmingWhitespaceAndNewlines()
        return GitState(
            head: head, version: best?.0, versionTag: best?.1, allTags: all,
            dirty: !status.trimmingWhitespaceAndNewlines().isEmpty,
            source: remote.flatMap(GitState.publicURL))
    }

    /// `git@github.com:org/app.git` → `https://github.com/org/app`; `https://user:token@host/x.git` →
    /// `https://host/x`. Local paths give nil (they mean nothing outside this machine).
    public static func publicURL(_ remote: String) -> String? {
        var value = remote
        if value.hasSuffix(".git") { value.removeLast(4) }
        if let scheme = value.firstRange(of: "://") {
            let schemeName = value[..<scheme.lowerBound]
            var rest = value[scheme.upperBound...]
            if let at = rest.firstIndex(of: "@"), rest[..<at].firstIndex(of: "/") == nil {
                rest = rest[rest.index(after: at)...]
            }
            guard schemeName == "https" || schemeName == "http" || schemeName == "ssh" || schemeName == "git" else {
                return nil
            }
            if schemeName == "ssh" || schemeName == "git" {
                // Drop a port: ssh://git@host:22/org/app.
                let host = rest.prefix { $0 != "/" }
                let path = rest.dropFirst(host.count)
                return "https://" + (host.split(separator: ":").first.map(String.init) ?? String(host)) + path
            }
            return "\(schemeName)://\(rest)"
        }
        // scp-like: [user@]host:path
        if let colon = value.firstIndex(of: ":"), !value[..<colon].contains("/") {
            var host = value[..<colon]
            if let at = host.firstIndex(of: "@") { host = host[host.index(after: at)...] }
            let path = value[value.index(after: colon)...]
            guard !host.isEmpty, !path.isEmpty else { return nil }
            return "https://\(host)/\(path.hasPrefix("/") ? path.dropFirst() : path)"
        }
        return nil
    }

    /// Runs `git -C directory ARGUMENTS`, capturing stdout; stderr is discarded.
    public static func runGit(_ arguments: [String], directory: String) throws -> (Int32, String) {
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run(["/usr/bin/env", "git", "-C", directory] + arguments, outputLimit: 64 << 20)
        } catch {
            throw TagError.git(command: "git " + arguments.joined(separator: " "), message: "cannot run git: \(error)")
        }
        return (output.status, String(decoding: output.stdout, as: UTF8.self))
    }
}
