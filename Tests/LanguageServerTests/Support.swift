import Findings
import LanguageServer
import Lint
import Synchronization

/// A workspace whose `.shipshape.yml` is whatever the test last set (`nil`: none).
final class FakeWorkspace: Workspace {
    let yaml = Mutex<String?>(nil)

    func configuration(forDocumentAt path: String) -> Result<Configuration, ConfigurationError> {
        guard let text = yaml.withLock({ $0 }) else { return .success(Configuration()) }
        do {
            return .success(try Configuration(yaml: text, path: ".shipshape.yml", knownRules: RuleRegistry.descriptors))
        } catch {
            return .failure(error)
        }
    }

    func buildContext(forDocumentAt path: String) -> (any BuildContextProbe)? { nil }
}

/// A client's side of a conversation with the server, in memory; time moves only when the test says.
struct Client {
    var server: LanguageServer
    var now: UInt64 = 1_000_000_000
    var nextID = 1
    let workspace: FakeWorkspace

    init(options: LanguageServer.Options = LanguageServer.Options()) {
        let workspace = FakeWorkspace()
        self.workspace = workspace
        server = LanguageServer(workspace: workspace, options: options)
    }

    /// Sends a raw body through the server's JSON parser.
    mutating func send(_ message: JSONValue) -> [JSONValue] {
        server.handle(message.compact(), now: now)
    }

    mutating func request(_ method: String, _ params: JSONValue) -> (result: JSONValue?, messages: [JSONValue]) {
        let id = nextID
        nextID += 1
        let messages = send(
            .object(["jsonrpc": .string("2.0"), "id": .int(id), "method": .string(method), "params": params]))
        let response = messages.first { $0["id"]?.intValue == id }
        return (response?["result"] ?? response?["error"].map { _ in JSONValue.null }, messages)
    }

    mutating func notify(_ method: String, _ params: JSONValue) -> [JSONValue] {
        send(.object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params]))
    }

    mutating func initialize() {
        _ = request("initialize", .object(["capabilities": .object([:])]))
        _ = notify("initialized", .object([:]))
    }

    mutating func open(_ text: String, uri: String = "file:///work/Dockerfile") -> [JSONValue] {
        notify(
            "textDocument/didOpen",
            .object([
                "textDocument": .object([
                    "uri": .string(uri), "languageId": .string("dockerfile"), "version": .int(1),
                    "text": .string(text),
                ])
            ]))
    }

    mutating func change(
        _ range: LSPRange?, _ text: String, version: Int, uri: String = "file:///work/Dockerfile"
    ) -> [JSONValue] {
        var change: [String: JSONValue] = ["text": .string(text)]
        if let range { change["range"] = range.json }
        return notify(
            "textDocument/didChange",
            .object([
                "textDocument": .object(["uri": .string(uri), "version": .int(version)]),
                "contentChanges": .array([.object(change)]),
            ]))
    }

    mutating func advance(_ nanoseconds: UInt64) -> [JSONValue] {
        now += nanoseconds
        return server.tick(now: now)
    }
}

extension LSPRange {
    var json: JSONValue {
        .object([
            "start": .object(["line": .int(start.line), "character": .int(start.character)]),
            "end": .object(["line": .int(end.line), "character": .int(end.character)]),
        ])
    }
}

/// The diagnostics of the publishDiagnostics notifications among `messages`.
func diagnostics(in messages: [JSONValue]) -> [JSONValue]? {
    messages.last { $0["method"]?.stringValue == "textDocument/publishDiagnostics" }?["params"]?["diagnostics"]?
        .arrayValue
}

func range(_ value: JSONValue?) -> LSPRange? {
    guard let start = value?["start"], let end = value?["end"], let sl = start["line"]?.intValue,
        let sc = start["character"]?.intValue, let el = end["line"]?.intValue, let ec = end["character"]?.intValue
    else { return nil }
    return LSPRange(start: Position(line: sl, character: sc), end: Position(line: el, character: ec))
}

/// `text` with LSP edits (UTF-16 positions) applied, as a client applies them: the last first.
func applying(_ edits: [JSONValue], to text: String) -> String {
    var document = TextDocument(text)
    let parsed = edits.compactMap { edit -> (LSPRange, String)? in
        guard let range = range(edit["range"]), let newText = edit["newText"]?.stringValue else { return nil }
        return (range, newText)
    }
    for (range, newText) in parsed.sorted(by: { $0.0.start > $1.0.start }) { document.replace(range, with: newText) }
    return document.text
}

/// The LSP position of the end of `text`, as a client computes it: lines end at `\r\n`, `\n` or `\r`, characters
/// are UTF-16 units.
func endPosition(of text: String) -> Position {
    var line = 0
    var character = 0
    var afterCR = false
    for scalar in text.unicodeScalars {
        defer { afterCR = scalar == "\r" }
        if scalar == "\n" && afterCR { continue }
        if scalar == "\n" || scalar == "\r" {
            line += 1
            character = 0
        } else {
            character += scalar.value > 0xFFFF ? 2 : 1
        }
    }
    return Position(line: line, character: character)
}
