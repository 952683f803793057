/// A `.dockerignore` file as BuildKit reads it (moby/patternmatcher's `ignorefile.ReadAll` and `Pattern.match`):
/// `#` comment lines, blank lines skipped, patterns trimmed, cleaned and made relative, `!` exclusions.
struct DockerIgnore: Sendable {
    struct Pattern: Sendable {
        let text: String
        let isExclusion: Bool
        let tokens: [Token]
    }

    enum Token: Sendable, Hashable {
        case literal(Character)
        /// `*`: any run of characters but `/`.
        case star
        /// `?`: one character but `/`.
        case question
        /// `[...]`: one character of the class (`[^...]`: one not in it), as the pattern's regular expression reads it.
        case characterClass(negated: Bool, items: [ClassItem])
        /// `**/`: any number of whole leading directories, none included.
        case directories
        /// `**` at the end: anything.
        case anything
    }

    enum ClassItem: Sendable, Hashable {
        case single(Character)
        case range(Character, Character)
    }

    /// At most this many patterns and characters a pattern are read (hostile input stays bounded).
    static let maxPatterns = 10_000
    static let maxPatternLength = 4_096

    let patterns: [Pattern]

    init(text: String) {
        var patterns: [Pattern] = []
        var first = true
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            if first, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            first = false
            if line.hasPrefix("#") { continue }
            var pattern = String(line).trimmingCharacters()
            if pattern.isEmpty { continue }
            let exclusion = pattern.hasPrefix("!")
            if exclusion { pattern = String(pattern.dropFirst()).trimmingCharacters() }
            if !pattern.isEmpty {
                pattern = DockerIgnore.clean(pattern)
                if pattern.count > 1, pattern.hasPrefix("/") { pattern.removeFirst() }
            }
            guard pattern.count <= Self.maxPatternLength, patterns.count < Self.maxPatterns else { continue }
            patterns.append(Pattern(text: pattern, isExclusion: exclusion, tokens: Self.tokens(pattern)))
        }
        self.patterns = patterns
    }

    /// Whether a pattern starts with `!`: BuildKit then does not judge COPY sources at all.
    var hasExclusions: Bool { patterns.contains(where: \.isExclusion) }

    /// Go's `filepath.Clean` for `/`-separated paths.
    static func clean(_ path: String) -> String {
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func tokens(_ pattern: String) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*":
                if index + 1 < characters.count, characters[index + 1] == "*" {
                    index += 2
                    if index < characters.count, characters[index] == "/" { index += 1 }
                    tokens.append(index >= characters.count ? .anything : .directories)
                    continue
                }
                tokens.append(.star)
            case "?": tokens.append(.question)
            case "\\":
                index += 1
                if index < characters.count { tokens.append(.literal(characters[index])) }
            case "[":
                var cursor = index + 1
                var negated = false
                if cursor < characters.count, characters[cursor] == "^" {
                    negated = true
                    cursor += 1
                }
                var items: [ClassItem] = []
                var closed = false
                while cursor < characters.count {
                    let item = characters[cursor]
                    if item == "]", !items.isEmpty || cursor > index + (negated ? 2 : 1) {
                        closed = true
                        break
                    }
                    if cursor + 2 < characters.count, characters[cursor + 1] == "-", characters[cursor + 2] != "]" {
                        items.append(.range(item, characters[cursor + 2]))
                        cursor += 3
                    } else {
                        items.append(.single(item))
                        cursor += 1
                    }
                }
                if closed {
                    tokens.append(.characterClass(negated: negated, items: items))
                    index = cursor
                } else {
                    tokens.append(.literal("["))
                }
            default: tokens.append(.literal(character))
            }
            index += 1
        }
        return tokens
    }

    /// Whether `pattern` matches the whole of `path`: a table over token and path positions, each token one
    /// linear pass, so the time is the product of their lengths whatever the pattern.
    static func matches(_ tokens: [Token], _ path: [Character]) -> Bool {
        // reachable[j]: the tokens so far can consume exactly path[..<j].
        var reachable = [Bool](repeating: false, count: path.count + 1)
        reachable[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: path.count + 1)
            switch token {
            case .literal, .question, .characterClass:
                for start in 0..<path.count where reachable[start] && accepts(token, path[start]) {
                    next[start + 1] = true
                }
            case .star:
                // Any run without `/`: reachable here, or one more non-`/` character after a position that is.
                for end in 0...path.count {
                    next[end] = reachable[end] || (end > 0 && next[end - 1] && path[end - 1] != "/")
                }
            case .directories:
                // Zero directories, or any prefix that ends with `/` after a reachable position.
                var seen = false
                for end in 0...path.count {
                    next[end] = reachable[end] || (seen && end > 0 && path[end - 1] == "/")
                    if reachable[end] { seen = true }
                }
            case .anything:
                var seen = false
                for end in 0...path.count {
                    if reachable[end] { seen = true }
                    next[end] = seen
                }
            }
            reachable = next
            if !reachable.contains(true) { return false }
        }
        return reachable[path.count]
    }

    /// Whether a one-character token accepts `character`.
    private static func accepts(_ token: Token, _ character: Character) -> Bool {
        switch token {
        case .literal(let literal): return literal == character
        case .question: return character != "/"
        case .characterClass(let negated, let items):
            let inClass = items.contains { item in
                switch item {
                case .single(let c): return c == character
                case .range(let low, let high): return low <= character && character <= high
                }
            }
            return inClass != negated
        default: return false
        }
    }

    /// BuildKit's `MatchesOrParentMatches`: whether the last pattern that matches `path` or one of its parent
    /// directories is not an exclusion.
    func matchesOrParentMatches(_ path: String) -> Bool {
        let characters = Array(path)
        var parents: [[Character]] = []
        if let slash = characters.lastIndex(of: "/") {
            let parent = Array(characters[..<slash])
            var end = 0
            while end <= parent.count {
                if end == parent.count || parent[end] == "/" { parents.append(Array(parent[..<end])) }
                end += 1
            }
        }
        var matched = false
        for pattern in patterns {
            var match = Self.matches(pattern.tokens, characters)
            if !match { match = parents.contains { Self.matches(pattern.tokens, $0) } }
            if match { matched = !pattern.isExclusion }
        }
        return matched
    }
}

extension String {
    /// Without leading and trailing Unicode white space (Go's `strings.TrimSpace`).
    fileprivate func trimmingCharacters() -> String {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
