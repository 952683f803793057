import Findings

/// A file downloaded with curl or wget is run (`curl -o x.sh URL && sh x.sh`, `sh -c "$(curl …)"`) with no
/// checksum or signature check in between.
struct DownloadedScriptExecuted: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0106", "downloaded-script-executed", .publicImages, .warning,
        summary: "A file downloaded with curl or wget is executed without a checksum or signature check.",
        why: """
            Saving the download first changes nothing if nothing checks it: whatever the server returns runs as \
            root in the build, as with `curl … | sh`. Seen: `curl -o x.sh URL` or `wget URL` followed by \
            `sh x.sh`, `bash x.sh`, `python x.py`, `. x.sh` or `./x` (after `chmod +x`) in the same stage, and \
            `sh -c "$(curl …)"`, `eval "$(wget -O- …)"`, `bash <(curl …)`. Not reported when a checksum or \
            signature is verified in between (`sha256sum -c`, `gpg --verify`, `cosign verify`, …).
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN curl -fsSL -o /tmp/install.sh https://example.com/install.sh && sh /tmp/install.sh
            """,
        good: """
            FROM debian:bookworm-slim
            RUN curl -fsSL -o /tmp/install.sh https://example.com/install.sh \\
                && echo "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d  /tmp/install.sh" | sha256sum -c - \\
                && sh /tmp/install.sh
            """)

    static let interpreters: Set<String> = CurlPipeShell.interpreters.union(["python3.12", "pwsh", "source", "."])

    /// Programs that verify a download: any of them between download and execution counts as a check. A check
    /// written inside a test (`[ "$(sha256sum x)" = … ]`) is found too: the parser gives the substitution's
    /// commands as commands of the RUN.
    static let verifiers: Set<String> = [
        "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "shasum", "md5sum", "b2sum", "cksum",
        "gpg", "gpg2", "gpgv", "cosign", "minisign", "signify", "openssl", "rpm", "slsa-verifier", "sigstore",
    ]

    static func verifies(_ command: ShellCommand) -> Bool {
        verifiers.contains(command.name)
    }

    /// A download the RUN steps make into a file, as the path is written.
    struct Download {
        var path: String
        var line: Int
        var program: String
    }

    /// The file `command` (curl or wget) writes, if it writes one named in the command.
    static func downloadedFile(_ command: ShellCommand) -> String? {
        guard command.name == "curl" || command.name == "wget" else { return nil }
        let arguments = command.arguments
        let outputLetter: Character = command.name == "curl" ? "o" : "O"
        var url: String?
        var output: String?
        var remoteName = false
        var prefix: String?
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if word == "--output" || word == "--output-document" {
                output = next
                index += 2
                continue
            }
            if word.hasPrefix("--output=") || word.hasPrefix("--output-document=") {
                output = String(word.drop { $0 != "=" }.dropFirst())
            } else if word == "--remote-name" {
                remoteName = true
            } else if word == "-P" || word == "--directory-prefix" {
                prefix = next
                index += 2
                continue
            } else if word.hasPrefix("-"), !word.hasPrefix("--"), word.count > 1 {
                let letters = word.dropFirst()
                if let position = letters.firstIndex(of: outputLetter) {
                    let rest = letters[letters.index(after: position)...]
                    if rest.isEmpty {
                        output = next
                        index += 2
                        continue
                    }
                    output = String(rest)
                } else if command.name == "curl", letters.contains("O") {
                    remoteName = true
                }
            } else if !word.hasPrefix("-"), word.contains("://") {
                url = word
            }
            index += 1
        }
        if let output { return output == "-" ? command.outputFile : output }
        if let redirected = command.outputFile { return redirected }
        // `curl -O URL`, `wget URL`: the URL's last path component, in the working (or `-P`) directory.
        guard remoteName || command.name == "wget", let url else { return nil }
        let path = url.split(separator: "?").first.map(String.init) ?? url
        guard let name = path.split(separator: "/").last.map(String.init), !name.contains("://"), !name.isEmpty,
            name.contains(".") || command.name == "curl"
        else { return nil }
        return prefix.map { $0.hasSuffix("/") ? $0 + name : $0 + "/" + name } ?? name
    }

    /// The file `command` executes, if it runs one: `sh x.sh`, `./x`, `/tmp/x`, `. x.sh`.
    static func executedFile(_ command: ShellCommand) -> String? {
        guard let first = command.effectiveWords.first else { return nil }
        if interpreters.contains(command.name) {
            // `-c`/`-e`/`-m` run something else; `sh -n x.sh` only parses the script.
            if command.arguments.contains(where: { ["-c", "-m", "-e", "-n", "--help", "--version"].contains($0) }) {
                return nil
            }
            return command.arguments.first { !$0.hasPrefix("-") }
        }
        return first.contains("/") ? first : nil
    }

    static func normalized(_ path: String) -> String {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        return path
    }

    /// Runs the output of a download directly: `sh -c "$(curl …)"`, `eval "$(wget -O- …)"`.
    static func runsSubstitutedDownload(_ command: ShellCommand) -> Bool {
        guard interpreters.contains(command.name) || command.name == "eval" else { return false }
        return command.arguments.contains { word in
            let trimmed = word.drop { $0 == " " }
            return ["$(curl ", "$(wget ", "`curl ", "`wget "].contains { trimmed.hasPrefix($0) }
        }
    }

    /// `bash <(curl …)`: the shell reads the download through a process substitution.
    static func runsProcessSubstitution(_ text: String) -> Bool {
        guard text.contains("<("), text.contains("<(curl") || text.contains("<(wget") || text.contains("<( curl")
        else { return false }
        let compact = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return ["sh", "bash", "zsh", "ksh", "dash", "source", "."].contains { shell in
            ["<(curl", "<(wget", "<( curl", "<( wget"].contains { compact.contains("\(shell) \($0)") }
        }
    }

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        // A stage's RUN steps share its filesystem; each ONBUILD trigger is checked alone.
        var groups = context.stages.map { $0.instructions("RUN") }
        groups += context.triggerRuns.map { [$0] }
        for runs in groups {
            var downloads: [String: Download] = [:]
            for instruction in runs {
                if Self.runsProcessSubstitution(instruction.text), let first = instruction.commands.first {
                    findings.append(
                        context.finding(
                            Self.descriptor, first.range, "a shell runs a download through `<(…)` without checking it",
                            hint: "download to a file, verify its checksum, then run it"))
                }
                for command in instruction.commands {
                    if Self.verifies(command) {
                        downloads.removeAll()
                        continue
                    }
                    if Self.runsSubstitutedDownload(command) {
                        findings.append(
                            context.finding(
                                Self.descriptor, command.range,
                                "`\(command.name)` runs the output of a download without checking it",
                                hint: "download to a file, verify its checksum, then run it"))
                        continue
                    }
                    if let path = Self.downloadedFile(command) {
                        downloads[Self.normalized(path)] = Download(
                            path: path, line: command.line, program: command.name)
                        continue
                    }
                    guard !command.isSubstitution, let file = Self.executedFile(command),
                        let download = downloads[Self.normalized(file)]
                    else { continue }
                    downloads[Self.normalized(file)] = nil
                    findings.append(
                        context.finding(
                            Self.descriptor, command.range,
                            "`\(file)` was downloaded by \(download.program) (line \(download.line)) and runs unchecked",
                            hint: "verify its checksum (`sha256sum -c`) or signature before running it"))
                }
            }
        }
        return findings
    }
}
