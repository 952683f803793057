// Typed views of instructions: `instruction.from`, `.copy`, `.run`, `.env`, … Each is nil for other keywords.

/// `FROM [--platform=…] image [AS name]`.
public struct FromInstruction: Sendable, Hashable {
    /// The image as written (`node:${NODE_VERSION}-alpine`); nil when FROM has no argument.
    public var image: Word?
    /// `--platform`, if given.
    public var platform: InstructionFlag?
    /// The stage name after `AS`, as written.
    public var stageName: Word?
    /// The `AS` keyword as written (for checks of its casing).
    public var asKeyword: Word?
}

/// `COPY` or `ADD` with their flags.
public struct CopyInstruction: Sendable, Hashable {
    /// Whether this is ADD.
    public var isAdd: Bool
    /// The sources as written (a `<<EOF` marker for a heredoc source).
    public var sources: [Word]
    /// The destination as written (the last word); nil when missing.
    public var destination: Word?
    /// `--from` value (stage name, index or image), if given.
    public var from: String?
    /// `--chown` value.
    public var chown: String?
    /// `--chmod` value.
    public var chmod: String?
    /// `--checksum` value (ADD).
    public var checksum: String?
    /// `--link`.
    public var link: Bool
    /// `--keep-git-dir` (ADD).
    public var keepGitDir: Bool
    /// `--parents`.
    public var parents: Bool
    /// `--exclude` patterns.
    public var excludes: [String]
    /// Heredocs used as sources (`COPY <<EOF /etc/file`).
    public var heredocSources: [Heredoc]
    /// Whether the sources are in exec (JSON) form.
    public var isExecForm: Bool
}

/// A `--mount=type=…,key=value,…` of RUN.
public struct RunMount: Sendable, Hashable {
    /// One `key=value` (or bare `key`) option.
    public struct Option: Sendable, Hashable {
        /// The key, lower-cased as BuildKit compares it.
        public var key: String
        /// The value; nil for a bare key (`readonly`).
        public var value: String?
    }

    /// `bind` (the default), `cache`, `tmpfs`, `secret` or `ssh` (as written, lower-cased).
    public var type: String
    /// Every option in order, `type` included.
    public var options: [Option]
    /// The whole flag.
    public var span: SourceSpan

    /// The value of the last option `key` (keys compared lower-cased), or nil.
    public subscript(key: String) -> String? {
        let lowered = key.lowercased()
        return options.last { $0.key == lowered }?.value
    }

    /// Whether option `key` is present (with or without a value).
    public func has(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return options.contains { $0.key == lowered }
    }

    /// `target` (also spelled `dst`, `destination`).
    public var target: String? { self["target"] ?? self["dst"] ?? self["destination"] }
    /// `source` (also `src`).
    public var source: String? { self["source"] ?? self["src"] }
    /// `from`: a stage or image to mount from.
    public var from: String? { self["from"] }
    /// `id` (cache, secret, ssh).
    public var id: String? { self["id"] }
    /// Whether `type=cache`.
    public var isCache: Bool { type == "cache" }
    /// Whether `type=secret`.
    public var isSecret: Bool { type == "secret" }

    /// Parses a `--mount` value the way BuildKit does (comma-separated CSV fields, `key=value`).
    public init(parsing value: String, span: SourceSpan) {
        self.span = span
        var options: [Option] = []
        for field in RunMount.csvFields(value) {
            if let equals = field.firstIndex(of: "=") {
                options.append(
                    Option(key: field[..<equals].lowercased(), value: String(field[field.index(after: equals)...])))
            } else {
                options.append(Option(key: field.lowercased(), value: nil))
            }
        }
        self.options = options
        type = options.last { $0.key == "type" }?.value?.lowercased() ?? "bind"
    }

    /// Go's `encoding/csv` reading of one record: commas separate fields; a field starting with `"` is quoted.
    static func csvFields(_ text: String) -> [String] {
        var fields: [String] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        var atFieldStart = true
        var quoted = false
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        current.append(byte)
                        index += 2
                        continue
                    }
                    quoted = false
                } else {
                    current.append(byte)
                }
            } else if byte == UInt8(ascii: ",") {
                fields.append(String(decoding: current, as: UTF8.self))
                current = []
                atFieldStart = true
                index += 1
                continue
            } else if byte == UInt8(ascii: "\"") && atFieldStart {
                quoted = true
            } else {
                current.append(byte)
            }
            atFieldStart = false
            index += 1
        }
        fields.append(String(decoding: current, as: UTF8.self))
        return fields.filter { !$0.isEmpty }
    }
}

/// `RUN` with its flags and the commands it runs.
public struct RunInstruction: Sendable, Hashable {
    /// Every `--mount`.
    public var mounts: [RunMount]
    /// `--network` value (`default`, `none`, `host`).
    public var network: String?
    /// `--security` value (`sandbox`, `insecure`).
    public var security: String?
    /// The commands run, in order (see ``Instruction/commands``).
    public var commands: [ShellCommand]
    /// Whether the command is in exec (JSON) form.
    public var isExecForm: Bool
    /// The script text: the shell-form text, or for `RUN <<EOF` alone the heredoc body.
    public var script: String?

    /// Whether a cache mount targets `path` (or a path under it, or the path is under the mount).
    public func hasCacheMount(covering path: String) -> Bool {
        mounts.contains { mount in
            guard mount.isCache, let target = mount.target else { return false }
            let t = target.hasSuffix("/") ? String(target.dropLast()) : target
            let p = path.hasSuffix("/") ? String(path.dropLast()) : path
            return p == t || p.hasPrefix(t + "/") || t.hasPrefix(p + "/")
        }
    }
}

/// One `key=value` of ENV or LABEL (or the legacy `ENV key value`).
public struct KeyValue: Sendable, Hashable {
    /// The key with quotes removed.
    public var key: String
    /// The value as written (quotes kept). Expand with ``Stage/expand(_:before:escape:)``.
    public var rawValue: String
    /// The value with quotes removed; variables left as written.
    public var value: String
    /// Where the key is.
    public var keySpan: SourceSpan
    /// Where the value is (empty span after `=` for an empty value).
    public var valueSpan: SourceSpan
    /// The whole pair.
    public var span: SourceSpan
    /// Whether it was the legacy `ENV key value` form.
    public var isLegacyForm: Bool
}

/// One name of an ARG (`ARG name` or `ARG name=default`).
public struct ArgDeclaration: Sendable, Hashable {
    /// The name.
    public var name: String
    /// The default as written (quotes kept), if any.
    public var rawDefault: String?
    /// The default with quotes removed (variables left as written), if any.
    public var defaultValue: String?
    public var nameSpan: SourceSpan
    public var span: SourceSpan
}

/// One port of EXPOSE (`80`, `8080/tcp`, `53/udp`, or forms BuildKit only warns about such as `80:80`).
public struct ExposedPort: Sendable, Hashable {
    /// As written.
    public var text: String
    /// The port part (before `/`), with quotes removed.
    public var port: String
    /// The protocol after `/`, if any.
    public var proto: String?
    public var span: SourceSpan
}

/// `HEALTHCHECK [options] CMD …` or `HEALTHCHECK NONE`.
public struct HealthcheckInstruction: Sendable, Hashable {
    /// `HEALTHCHECK NONE`.
    public var isNone: Bool
    /// The command after `CMD` (exec or shell form); `.none` for NONE.
    public var command: InstructionArguments
    public var interval: String?
    public var timeout: String?
    public var startPeriod: String?
    public var startInterval: String?
    public var retries: String?
}

/// `USER name[:group]`.
public struct UserInstruction: Sendable, Hashable {
    /// The whole argument as written.
    public var word: Word
    /// The user part (before `:`) with quotes removed, variables as written.
    public var user: String
    /// The group after `:`, if any.
    public var group: String?
}

extension Instruction {
    /// Text with quotes and escapes removed as BuildKit's lexer does; variables stay as written.
    static func unquote(_ text: String, escape: UInt8 = EscapeCharacter.backslash.rawValue) -> String {
        VariableExpander(escape: escape) { _ in nil }.expand(text).value
    }

    /// FROM.
    public var from: FromInstruction? {
        guard keyword == .from else { return nil }
        let hasAlias = words.count == 3 && words[1].text.lowercased() == "as"
        return FromInstruction(
            image: words.first, platform: flag("platform"), stageName: hasAlias ? words[2] : nil,
            asKeyword: hasAlias ? words[1] : nil)
    }

    /// COPY and ADD.
    public var copy: CopyInstruction? {
        guard keyword == .copy || keyword == .add else { return nil }
        let sources = Array(words.dropLast())
        let heredocSources = heredocs.filter { heredoc in
            sources.contains { $0.span.start.offset == heredoc.markerSpan.start.offset }
        }
        return CopyInstruction(
            isAdd: keyword == .add, sources: sources, destination: words.count >= 2 ? words.last : nil,
            from: flag("from")?.value, chown: flag("chown")?.value, chmod: flag("chmod")?.value,
            checksum: flag("checksum")?.value, link: flag("link")?.boolValue ?? false,
            keepGitDir: flag("keep-git-dir")?.boolValue ?? false, parents: flag("parents")?.boolValue ?? false,
            excludes: flags(named: "exclude").compactMap(\.value), heredocSources: heredocSources,
            isExecForm: isExecForm)
    }

    /// RUN.
    public var run: RunInstruction? {
        guard keyword == .run else { return nil }
        let mounts = flags(named: "mount").map { RunMount(parsing: $0.value ?? "", span: $0.span) }
        var script = arguments.shellText
        if let text = script, heredocs.count == 1, text.trimmingSpaces.hasPrefix("<<"),
            !text.trimmingSpaces.contains(where: { $0 == " " || $0 == "\t" })
        {
            script = heredocs[0].content
        }
        return RunInstruction(
            mounts: mounts, network: flag("network")?.value, security: flag("security")?.value, commands: commands,
            isExecForm: isExecForm, script: script)
    }

    /// ENV: the pairs.
    public var env: [KeyValue]? {
        keyword == .env ? keyValues() : nil
    }

    /// LABEL: the pairs.
    public var label: [KeyValue]? {
        keyword == .label ? keyValues() : nil
    }

    /// ARG: the declarations.
    public var arg: [ArgDeclaration]? {
        guard keyword == .arg else { return nil }
        return words.map { word in
            guard let equals = word.text.firstIndex(of: "=") else {
                return ArgDeclaration(
                    name: word.text, rawDefault: nil, defaultValue: nil, nameSpan: word.span, span: word.span)
            }
            let name = String(word.text[..<equals])
            let raw = String(word.text[word.text.index(after: equals)...])
            var nameSpan = word.span
            nameSpan.end = Self.advance(word.span.start, by: name)
            return ArgDeclaration(
                name: name, rawDefault: raw, defaultValue: Self.unquote(raw), nameSpan: nameSpan, span: word.span)
        }
    }

    /// EXPOSE: the ports.
    public var expose: [ExposedPort]? {
        guard keyword == .expose else { return nil }
        return words.map { word in
            let text = Self.unquote(word.text)
            if let slash = text.lastIndex(of: "/") {
                return ExposedPort(
                    text: word.text, port: String(text[..<slash]), proto: String(text[text.index(after: slash)...]),
                    span: word.span)
            }
            return ExposedPort(text: word.text, port: text, proto: nil, span: word.span)
        }
    }

    /// HEALTHCHECK.
    public var healthcheck: HealthcheckInstruction? {
        guard keyword == .healthcheck else { return nil }
        let isNone = words.first?.text.uppercased() == "NONE"
        return HealthcheckInstruction(
            isNone: isNone, command: isNone ? .none : arguments, interval: flag("interval")?.value,
            timeout: flag("timeout")?.value, startPeriod: flag("start-period")?.value,
            startInterval: flag("start-interval")?.value, retries: flag("retries")?.value)
    }

    /// USER.
    public var user: UserInstruction? {
        guard keyword == .user, let word = words.first else { return nil }
        let text = Self.unquote(word.text)
        if let colon = text.firstIndex(of: ":") {
            return UserInstruction(
                word: word, user: String(text[..<colon]), group: String(text[text.index(after: colon)...]))
        }
        return UserInstruction(word: word, user: text, group: nil)
    }

    /// WORKDIR: the path as written.
    public var workdir: Word? { keyword == .workdir ? words.first : nil }

    /// STOPSIGNAL: the signal as written.
    public var stopSignal: Word? { keyword == .stopsignal ? words.first : nil }

    /// MAINTAINER: the text.
    public var maintainer: Word? { keyword == .maintainer ? words.first : nil }

    /// VOLUME: the paths.
    public var volumes: [Word]? { keyword == .volume ? words : nil }

    /// CMD: its arguments (exec or shell form).
    public var cmd: InstructionArguments? { keyword == .cmd ? arguments : nil }

    /// ENTRYPOINT: its arguments (exec or shell form).
    public var entrypoint: InstructionArguments? { keyword == .entrypoint ? arguments : nil }

    /// SHELL: the shell and its options.
    public var shell: [String]? { keyword == .shell ? arguments.execValues : nil }

    /// The position after `text` written from `start` on one line.
    static func advance(_ start: SourcePosition, by text: String) -> SourcePosition {
        SourcePosition(
            line: start.line, column: start.column + text.unicodeScalars.count, offset: start.offset + text.utf8.count)
    }

    /// BuildKit's `parseNameVal`.
    func keyValues() -> [KeyValue] {
        guard let first = words.first else { return [] }
        if !first.text.contains("=") {
            // Legacy: the key, then the rest of the line as the value.
            guard words.count >= 2, let text = arguments.shellText, let argumentsSpan = arguments.span else {
                return []
            }
            let utf8 = Array(text.utf8)
            var index = 0
            while index < utf8.count, !isSpace(utf8[index]) { index += 1 }
            while index < utf8.count, isSpace(utf8[index]) { index += 1 }
            let raw = String(decoding: utf8[index...], as: UTF8.self)
            let valueSpan = SourceSpan(start: words[1].span.start, end: argumentsSpan.end)
            return [
                KeyValue(
                    key: Self.unquote(first.text), rawValue: raw, value: Self.unquote(raw), keySpan: first.span,
                    valueSpan: valueSpan, span: SourceSpan(start: first.span.start, end: argumentsSpan.end),
                    isLegacyForm: true)
            ]
        }
        return words.compactMap { word in
            guard let equals = word.text.firstIndex(of: "=") else { return nil }
            let key = String(word.text[..<equals])
            let raw = String(word.text[word.text.index(after: equals)...])
            var keySpan = word.span
            keySpan.end = Self.advance(word.span.start, by: key)
            var valueSpan = word.span
            if word.span.start.line == word.span.end.line {
                valueSpan.start = Self.advance(keySpan.end, by: "=")
            }
            return KeyValue(
                key: Self.unquote(key), rawValue: raw, value: Self.unquote(raw), keySpan: keySpan,
                valueSpan: valueSpan, span: word.span, isLegacyForm: false)
        }
    }
}
