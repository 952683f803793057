import Findings
import LanguageServer
import Testing

@Suite("Language server: framing and JSON")
struct ProtocolTests {
    @Test("framing: a message split into single bytes, and two in one chunk")
    func framing() throws {
        let one = MessageFramer.frame(Array(#"{"a":1}"#.utf8))
        let two = Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n".utf8) + one
        var framer = MessageFramer()
        var bodies: [[UInt8]] = []
        for byte in one {
            framer.append([byte])
            if let body = try framer.next() { bodies.append(body) }
        }
        framer.append(two + one)
        while let body = try framer.next() { bodies.append(body) }
        #expect(bodies == Array(repeating: Array(#"{"a":1}"#.utf8), count: 3))
    }

    @Test(
        "framing: headers that are not the base protocol",
        arguments: [
            ("Content-Length: x\r\n\r\n", FramingError.badHeader), ("Foo: 1\r\n\r\n", .missingLength),
            ("Content-Length: 999999999999\r\n\r\n", .bodyTooLarge(999_999_999_999)),
            ("nonsense\r\n\r\n", .badHeader),
        ])
    func badHeaders(header: String, error: FramingError) {
        var framer = MessageFramer()
        framer.append(Array(header.utf8))
        #expect(throws: error) { try framer.next() }
    }

    @Test("framing: an endless header is refused, not buffered")
    func endlessHeader() {
        var framer = MessageFramer()
        framer.append(Array(repeating: UInt8(ascii: "a"), count: MessageFramer.maximumHeader + 10))
        #expect(throws: FramingError.headerTooLarge) { try framer.next() }
    }

    @Test(
        "JSON: valid documents",
        arguments: [
            (
                #"{"a":[1,-2.5,true,false,null,"x"]}"#,
                JSONValue.object([
                    "a": .array([.int(1), .double(-2.5), .bool(true), .bool(false), .null, .string("x")])
                ])
            ),
            (#""\ud83d\ude00 \u00e9\n\"\\\/""#, .string("😀 é\n\"\\/")),
            (#""\ud800x""#, .string("\u{FFFD}x")),
            (" [ ] ", .array([])),
            ("1e3", .double(1000)),
        ])
    func validJSON(text: String, value: JSONValue) throws {
        #expect(try JSONParser.parse(Array(text.utf8)) == value)
        #expect(try JSONParser.parse(value.compact()) == value)
    }

    @Test(
        "JSON: invalid documents",
        arguments: [
            "", "{", "[1,]", #"{"a" 1}"#, "tru", "01x", "\"\u{01}\"", #""\x""#, "[1] 2", "-", #""\u12"#, "{\"a\":1,}",
        ])
    func invalidJSON(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test("JSON: nesting deeper than the limit is an error, not a crash")
    func deepJSON() {
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: JSONParseError.tooDeep) { try JSONParser.parse(deep) }
    }

    @Test("control characters are escaped on the wire")
    func escaping() throws {
        let value = JSONValue.string("a\u{1B}[31mb\u{7F}\t")
        #expect(String(decoding: value.compact(), as: UTF8.self) == #""a\u001b[31mb\u007f\t""#)
        #expect(try JSONParser.parse(value.compact()) == value)
    }
}

@Suite("Language server: positions")
struct PositionTests {
    let text = "FROM a\r\nRUN echo \"😀é\" x\n# 日本\n"

    @Test("UTF-16 positions of byte offsets, and back, at every scalar boundary")
    func roundTrip() {
        let document = TextDocument(text)
        var offset = 0
        for scalar in text.unicodeScalars {
            let position = document.position(of: offset)
            #expect(document.offset(of: position) == offset || scalar == "\n", "offset \(offset)")
            offset += String(scalar).utf8.count
        }
        // After the emoji (4 bytes, 2 UTF-16 units): character 12 on line 1.
        let afterEmoji = Array(text.utf8).count - Array("é\" x\n# 日本\n".utf8).count
        #expect(document.position(of: afterEmoji) == Position(line: 1, character: 12))
        #expect(document.offset(of: Position(line: 1, character: 12)) == afterEmoji)
        // Inside the surrogate pair: the emoji's start.
        #expect(document.offset(of: Position(line: 1, character: 11)) == afterEmoji - 4)
    }

    @Test("positions out of range are clamped")
    func clamped() {
        let document = TextDocument(text)
        #expect(document.offset(of: Position(line: 0, character: 99)) == 6)  // Before the \r\n.
        #expect(document.offset(of: Position(line: 99, character: 0)) == Array(text.utf8).count)
        #expect(document.offset(of: Position(line: -1, character: -5)) == 0)
        #expect(document.position(of: 10_000) == Position(line: 3, character: 0))
        #expect(document.position(of: -3) == Position(line: 0, character: 0))
    }

    @Test("incremental replacements keep the line table right")
    func replace() {
        var document = TextDocument(text)
        document.replace(
            LSPRange(start: Position(line: 1, character: 10), end: Position(line: 2, character: 1)), with: "\n\n")
        #expect(document.text == "FROM a\r\nRUN echo \"\n\n 日本\n")
        #expect(document.lineStarts == TextDocument(document.text).lineStarts)
        document.replace(nil, with: "x")
        #expect(document.text == "x" && document.lineStarts == [0])
    }

    @Test("a lone \\r (old Mac), \\r\\n and \\n each end an LSP line; the linter's lines end at \\n only")
    func lineEndings() {
        let text = "FROM a\rRUN b\r\nUSER c\nX\r"
        let document = TextDocument(text)
        #expect(document.lineStarts == [0, 7, 14, 21, 23])
        #expect(document.linterLineStarts == [0, 14, 21])
        #expect(document.offset(of: Position(line: 0, character: 99)) == 6)  // Before the lone \r.
        #expect(document.offset(of: Position(line: 1, character: 99)) == 12)  // Before the \r\n.
        #expect(document.offset(of: Position(line: 3, character: 99)) == 22)
        // The linter's line 1, column 8 (the R after the lone \r) is LSP's line 1, character 0.
        #expect(document.position(of: document.offset(line: 1, column: 8)) == Position(line: 1, character: 0))
        #expect(document.position(of: document.offset(line: 2, column: 1)) == Position(line: 2, character: 0))
        #expect(document.position(of: document.offset(line: 3, column: 2)) == Position(line: 3, character: 1))
        // Every prefix ends where a client counting lines as the specification does puts it.
        for variant in [text, "a\r\rb", "\r\n\r\n", "\r", "😀\ré\r\n日\n\r\n\rz"] {
            var offset = 0
            var prefix = ""
            for scalar in variant.unicodeScalars {
                prefix.unicodeScalars.append(scalar)
                offset += String(scalar).utf8.count
                // Between the \r and \n of a pair the client has no position: it is the line's end.
                let next = variant.utf8.dropFirst(offset).first
                guard !(scalar == "\r" && next == UInt8(ascii: "\n")) else { continue }
                #expect(
                    TextDocument(variant).position(of: offset) == endPosition(of: prefix),
                    "\(variant.debugDescription) at \(offset)")
            }
        }
    }

    @Test("incremental edits that make or break a \\r\\n pair keep both line tables right")
    func replaceAcrossLineEnds() {
        let text = "a\rb\r\nc\nd\r"
        let count = text.utf8.count
        for start in 0...count {
            for end in start...count {
                for insert in ["", "\n", "\r", "\r\n", "x"] {
                    var document = TextDocument(text)
                    let range = LSPRange(start: document.position(of: start), end: document.position(of: end))
                    document.replace(range, with: insert)
                    let fresh = TextDocument(document.text)
                    #expect(document.lineStarts == fresh.lineStarts, "\(start)..<\(end) \(insert.debugDescription)")
                    #expect(document.linterLineStarts == fresh.linterLineStarts)
                }
            }
        }
    }
}
