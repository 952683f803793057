import Testing

@testable import YAML

/// One test a construct: the text, and the JSON it stands for.
@Suite("YAML parser: constructs")
struct YAMLParserTests {
    static func json(_ text: String) throws -> String {
        try YAMLParser.parse(text)?.jsonText() ?? "(none)"
    }

    @Test(
        "each construct reads as PyYAML reads it",
        arguments: [
            // Block collections, compact sequences, nesting.
            ("a: 1\nb: two\n", #"{"a": 1, "b": "two"}"#),
            ("- a\n- b\n", #"["a", "b"]"#),
            ("a:\n- 1\n- 2\nb: 3\n", #"{"a": [1, 2], "b": 3}"#),
            ("a:\n  - x: 1\n    y: 2\n  - - n\n    - m\n", #"{"a": [{"x": 1, "y": 2}, ["n", "m"]]}"#),
            ("a:\n  b:\n    c: 1\n  d: 2\n", #"{"a": {"b": {"c": 1}, "d": 2}}"#),
            ("a:\nb: ~\nc: []\nd: {}\ne: ''\n", #"{"a": null, "b": null, "c": [], "d": {}, "e": ""}"#),
            ("a: 1\r\nb:\r\n  - x\r\n", #"{"a": 1, "b": ["x"]}"#),
            // Flow collections.
            ("{a: 1, b: [1, {c: d}], \"e\":f, g}", #"{"a": 1, "b": [1, {"c": "d"}], "e": "f", "g": null}"#),
            ("x: [a, b: c]\ny: [\n  1,\n  2,  # two\n]\n", #"{"x": ["a", {"b": "c"}], "y": [1, 2]}"#),
            ("a: [one two,\n  three]\n", #"{"a": ["one two", "three"]}"#),
            // Plain scalars: colons and hashes inside, continuation lines folded.
            ("url: http://x:80/a\nk: a:b\nh: a#b\n", #"{"url": "http://x:80/a", "k": "a:b", "h": "a#b"}"#),
            ("a: one\n  two\n\n  three\nb: c\n", #"{"a": "one two\nthree", "b": "c"}"#),
            ("- -1\n- -x\n- ?y\n", #"[-1, "-x", "?y"]"#),
            ("a b: c d   \n", #"{"a b": "c d"}"#),
            // Quoted scalars.
            ("a: 'it''s'\nb: 'one\n  two'\n", #"{"a": "it's", "b": "one two"}"#),
            (
                #"a: "t\tx \u00e9 \x41 \\ \" \/ \U0001F600""# + "\n",
                #"{"a": "t\tx é A \\ \" / 😀"}"#
            ),
            ("a: \"one\n  two\n\n  three\"\nb: \"es\\\n   caped\"\n", #"{"a": "one two\nthree", "b": "escaped"}"#),
            // Block scalars, chomping and indentation indicators.
            ("a: |\n  x\n  y\n\n  z\n\nb: 1\n", #"{"a": "x\ny\n\nz\n", "b": 1}"#),
            ("a: |-\n  x\n\n\nb: 1\n", #"{"a": "x", "b": 1}"#),
            ("a: |+\n  x\n\n\nb: 1\n", #"{"a": "x\n\n\n", "b": 1}"#),
            ("a: >\n  one\n  two\n\n  three\n    more\n  four\n", #"{"a": "one two\nthree\n  more\nfour\n"}"#),
            ("a: >2-\n   lead\n  b\n", #"{"a": " lead\nb"}"#),
            ("a: |\n  x\n  y", #"{"a": "x\ny"}"#),
            ("- |\n  a\n- >-\n  b\n  c\n", #"["a\n", "b c"]"#),
            // Comments, documents, directives.
            ("# c\na: 1 # c\nb: # c\n  c: 2\n", #"{"a": 1, "b": {"c": 2}}"#),
            ("%YAML 1.2\n---\na: 1\n...\n", #"{"a": 1}"#),
            ("--- [1, 2]\n", "[1, 2]"),
            ("--- |\n  text\n", #""text\n""#),
            ("", "(none)"),
            ("# only a comment\n", "(none)"),
            // Anchors, aliases, tags.
            ("b: &b {x: 1}\no: *b\nl: [&s hi, *s]\n", #"{"b": {"x": 1}, "o": {"x": 1}, "l": ["hi", "hi"]}"#),
            ("&k key: v\nother: &v\n  x: 1\ncopy: *v\n", #"{"key": "v", "other": {"x": 1}, "copy": {"x": 1}}"#),
            (
                "a: !!str 123\nb: !!int \"42\"\nc: !custom x\nd: !!float 1\n",
                #"{"a": "123", "b": 42, "c": "x", "d": 1.0}"#
            ),
            // The core schema.
            (
                "[~, null, true, False, 0o17, 0x1F, -12, +3, 1.5, .5, 1e3, -.inf, .NaN, yes, 012, 1_0, 2020-01-01]",
                #"[null, null, true, false, 15, 31, -12, 3, 1.5, 0.5, 1000.0, -Infinity, NaN, "yes", 12, "1_0", "2020-01-01"]"#
            ),
            ("1: a\ntrue: b\n~: c\n", #"{"1": "a", "true": "b", "null": "c"}"#),
        ])
    func construct(yaml: String, json: String) throws {
        #expect(try Self.json(yaml) == json)
    }

    @Test("nodes keep where they start, their style and their tag")
    func marks() throws {
        let root = try #require(try YAMLParser.parse("a:\n  - x\n  - 'y'\nb: !t |\n  z\n"))
        let items = try #require(root["a"]?.sequence)
        #expect(items.map(\.mark) == [YAMLMark(line: 2, column: 5), YAMLMark(line: 3, column: 5)])
        #expect(items[1].kind == .scalar("y", .singleQuoted))
        #expect(root["b"]?.tag == "!t")
        #expect(root["b"]?.kind == .scalar("z\n", .literal))
        #expect(root.mapping?.map(\.key.mark.line) == [1, 4])
    }

    @Test("several documents")
    func documents() throws {
        let documents = try YAMLParser.parseAll("a: 1\n---\nb: 2\n...\n--- x\n")
        #expect(documents.map { $0.jsonText() } == [#"{"a": 1}"#, #"{"b": 2}"#, #""x""#])
    }

    @Test("accessors")
    func accessors() throws {
        let root = try #require(try YAMLParser.parse("s: text\nn: 3\nq: '3'\nz: ~\nl: [a]\n"))
        #expect(root["s"]?.string == "text")
        #expect(root["n"]?.string == nil)
        #expect(root["n"]?.value == .int(3))
        #expect(root["n"]?.scalar == "3")
        #expect(root["q"]?.string == "3")
        #expect(root["z"]?.isNull == true)
        #expect(root["l"]?.sequence?.count == 1)
        #expect(root["missing"] == nil)
    }
}

/// What is refused, with the line and column and the reason.
@Suite("YAML parser: errors and limits")
struct YAMLErrorTests {
    static func error(_ text: String) -> YAMLError? {
        do {
            _ = try YAMLParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "malformed text is an error at its line and column",
        arguments: [
            ("a: 1\nb: 2\na: 3\n", 3, 1, YAMLError.Reason.duplicateKey("a")),
            ("{a: 1, a: 2}", 1, 8, .duplicateKey("a")),
            ("a:\n\tb: 1\n", 2, 1, .tabIndentation),
            ("a: \"abc\n", 1, 4, .unterminatedQuote),
            (
                "a: 1\n  b: 2\n", 2, 4,
                .unexpected(found: "':'", expected: "a value (a mapping in a value starts on its own line)")
            ),
            ("a: - b\n", 1, 4, .unexpected(found: "'- '", expected: "a value (a sequence starts on its own line)")),
            ("a: *nope\n", 1, 4, .undefinedAlias("nope")),
            ("a: 1\n---\nb: 2\n", 2, 1, .multipleDocuments),
            ("a: \"\\q\"\n", 1, 5, .invalidEscape("q")),
            ("a: |x\n  b\n", 1, 5, .invalidBlockScalarHeader),
            ("? a\n: b\n", 1, 1, .explicitKey),
            ("[a]: b\n", 1, 1, .complexKey),
            (
                "a:\n  b: 1\n c: 2\n", 3, 2, .badIndentation("a mapping key")
            ),
            (
                "- a\nb: c\n", 2, 1,
                .unexpected(found: "'b'", expected: "the end of the document (is the indentation right?)")
            ),
            ("a\nb: c\n", 1, 1, .multilineKey),
            ("a: b\u{0}", 1, 5, .nulCharacter),
        ] as [(String, Int, Int, YAMLError.Reason)])
    func malformed(yaml: String, line: Int, column: Int, reason: YAMLError.Reason) {
        #expect(Self.error(yaml) == YAMLError(reason, at: YAMLMark(line: line, column: column)))
    }

    @Test("an unclosed flow collection names where it opened")
    func unclosedFlow() throws {
        let error = try #require(Self.error("a: [1, 2\nb: 3\n"))
        #expect(error.description.contains("to close the '[' at line 1, column 4"))
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() {
        #expect(Self.error("é: *x\n")?.mark == YAMLMark(line: 1, column: 4))
    }

    @Test("issue 18 row 6: one anchor aliased 400,000 times is refused, not expanded")
    func aliasFlood() throws {
        let big = String(repeating: "x", count: 10_240)
        let yaml = "trusted-registries: [&s \"\(big)\"" + String(repeating: ", *s", count: 400_000) + "]\n"
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(Self.error(yaml))
        #expect(clock.now - start < .seconds(10))
        #expect(error.line == 1)
        guard case .aliasExpansionTooLarge(YAMLLimits.maxAliasExpansion) = error.reason else {
            Issue.record("unexpected \(error)")
            return
        }
    }

    @Test("one very long line (minified JSON) parses in linear time")
    func longLine() throws {
        let json = "[" + Array(repeating: #"{"k": "v", "n": 1}"#, count: 50_000).joined(separator: ",") + "]"
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try YAMLParser.parse(json)?.sequence?.count == 50_000)
        #expect(clock.now - start < .seconds(10))
    }

    @Test("more aliases than the limit are refused, however small")
    func aliasCount() throws {
        let yaml =
            "a: &a x\nb: [" + Array(repeating: "*a", count: YAMLLimits.maxAliases + 1).joined(separator: ", ") + "]"
        let error = try #require(Self.error(yaml))
        #expect(error.reason == .tooManyAliases(limit: YAMLLimits.maxAliases))
        #expect(error.line == 2)
        let within =
            "a: &a x\nb: [" + Array(repeating: "*a", count: YAMLLimits.maxAliases).joined(separator: ", ") + "]"
        #expect(try YAMLParser.parse(within)?["b"]?.sequence?.count == YAMLLimits.maxAliases)
    }

    @Test("billion laughs: nested aliases count at their expanded size")
    func billionLaughs() throws {
        var yaml =
            "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...9 {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(previous)]\n"
        }
        let error = try #require(Self.error(yaml))
        #expect(error.reason == .aliasExpansionTooLarge(limit: YAMLLimits.maxAliasExpansion))
    }

    @Test("nesting deeper than the limit is refused without exhausting the stack")
    func depth() throws {
        let flow = String(repeating: "[", count: 100_000)
        #expect(Self.error(flow)?.reason == .tooDeep(limit: YAMLLimits.maxDepth))
        var block = ""
        for level in 0...YAMLLimits.maxDepth { block += String(repeating: " ", count: level) + "k:\n" }
        #expect(Self.error(block)?.reason == .tooDeep(limit: YAMLLimits.maxDepth))
        let dashes = String(repeating: "- ", count: 100_000) + "x"
        #expect(Self.error(dashes)?.reason == .tooDeep(limit: YAMLLimits.maxDepth))
    }
}
