import Findings
import Lint

/// The Dockerfile language server's state and protocol, without I/O: ``handle(_:now:)`` takes one message body
/// and returns the messages to send; ``tick(now:)`` the diagnostics whose debounce has run out. Times are
/// monotonic nanoseconds. `StdioServer` runs it over standard input and output.
///
/// Text sync is incremental (`TextDocumentSyncKind.Incremental`); positions are UTF-16 (LSP's default).
/// Diagnostics are published when a document opens, `debounce` after the last change, and again for every open
/// document when the configuration may have changed (a save, or `workspace/didChangeWatchedFiles`).
public struct LanguageServer: Sendable {
    public struct Options: Sendable {
        /// Nanoseconds from the last change to the diagnostics.
        public var debounce: UInt64 = 250_000_000
        /// Documents larger than this are not linted (a diagnostic says so): `shipshape lint`'s limit.
        public var maximumDocumentBytes = Linter.maxDockerfileSize
        /// Open documents kept at most; more are not tracked.
        public var maximumDocuments = 1000
        public var version = "0"

        public init() {}
    }

    struct OpenDocument: Sendable {
        var uri: String
        /// The file path, or `nil` for a document that is not a file (an unsaved buffer).
        var path: String?
        var document: TextDocument
        /// The findings of the last lint, and the document version they belong to.
        var findings: [Finding] = []
        var lintedVersion: Int?
        /// When to publish diagnostics next (monotonic nanoseconds), `nil` when they are current.
        var due: UInt64?
    }

    enum State: Sendable {
        case uninitialized, running, shutDown
    }

    let options: Options
    let workspace: any Workspace
    let linter = Linter()
    var state = State.uninitialized
    var documents: [String: OpenDocument] = [:]
    /// Configurations by document directory, until a save or a watched-file change drops them.
    var configurations: [String: Result<Configuration, ConfigurationError>] = [:]
    var clientWatchesFiles = false
    var nextRequestID = 1
    /// The process's exit code, once `exit` arrived: 0 after `shutdown`, 1 without.
    public private(set) var exitCode: Int32?

    public init(workspace: any Workspace = FileSystemWorkspace(), options: Options = Options()) {
        self.workspace = workspace
        self.options = options
    }

    /// The earliest time diagnostics are due, for the transport's wait.
    public var nextDeadline: UInt64? { documents.values.compactMap(\.due).min() }

    // MARK: Messages

    /// Handles one message body; returns the messages to send, in order.
    public mutating func handle(_ body: [UInt8], now: UInt64) -> [JSONValue] {
        let message: JSONValue
        do {
            message = try JSONParser.parse(body)
        } catch {
            return [LanguageServer.error(id: .null, code: -32700, "parse error: \(error.description)")]
        }
        return handle(message, now: now)
    }

    public mutating func handle(_ message: JSONValue, now: UInt64) -> [JSONValue] {
        guard case .object = message else {
            return [LanguageServer.error(id: .null, code: -32600, "a message must be a JSON object")]
        }
        let id = message["id"]
        guard let method = message["method"]?.stringValue else {
            // A response to one of our requests (client/registerCapability): nothing to do.
            return []
        }
        let params = message["params"] ?? .null
        if let id {
            return [request(id: id, method: method, params: params, now: now)] + tick(now: now)
        }
        return notification(method: method, params: params, now: now) + tick(now: now)
    }

    private mutating func request(id: JSONValue, method: String, params: JSONValue, now: UInt64) -> JSONValue {
        switch (state, method) {
        case (.uninitialized, "initialize"):
            state = .running
            clientWatchesFiles =
                params["capabilities"]?["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"]?.boolValue
                == true
            return LanguageServer.result(id: id, initializeResult)
        case (.uninitialized, _):
            return LanguageServer.error(id: id, code: -32002, "the server is not initialized")
        case (.shutDown, _):
            return LanguageServer.error(id: id, code: -32600, "the server is shut down")
        case (.running, "shutdown"):
            state = .shutDown
            return LanguageServer.result(id: id, .null)
        case (.running, "textDocument/codeAction"):
            return LanguageServer.result(id: id, codeActions(params))
        case (.running, "textDocument/hover"):
            return LanguageServer.result(id: id, hover(params))
        case (.running, "initialize"):
            return LanguageServer.error(id: id, code: -32600, "initialize was already called")
        default:
            return LanguageServer.error(id: id, code: -32601, "unknown method '\(LanguageServer.printable(method))'")
        }
    }

    private mutating func notification(method: String, params: JSONValue, now: UInt64) -> [JSONValue] {
        if method == "exit" {
            exitCode = state == .shutDown ? 0 : 1
            return []
        }
        guard state == .running else { return [] }
        switch method {
        case "initialized":
            return clientWatchesFiles ? [registerWatchers()] : []
        case "textDocument/didOpen":
            guard let item = params["textDocument"], let uri = item["uri"]?.stringValue,
                let text = item["text"]?.stringValue
            else { return [] }
            guard documents[uri] != nil || documents.count < options.maximumDocuments,
                text.utf8.count <= options.maximumDocumentBytes * 4
            else { return [] }
            documents[uri] = OpenDocument(
                uri: uri, path: filePath(ofURI: uri),
                document: TextDocument(text, version: item["version"]?.intValue ?? 0), due: now)
        case "textDocument/didChange":
            guard let uri = params["textDocument"]?["uri"]?.stringValue, var open = documents[uri],
                let changes = params["contentChanges"]?.arrayValue
            else { return [] }
            for change in changes {
                guard let text = change["text"]?.stringValue else { continue }
                open.document.replace(LSPRange(change["range"]), with: text)
                // A document that keeps growing past any Dockerfile is dropped rather than held without bound.
                if open.document.bytes.count > options.maximumDocumentBytes * 4 {
                    documents.removeValue(forKey: uri)
                    return [LanguageServer.publish(uri: uri, version: nil, diagnostics: [])]
                }
            }
            open.document.version = params["textDocument"]?["version"]?.intValue ?? open.document.version + 1
            open.due = now + options.debounce
            documents[uri] = open
        case "textDocument/didClose":
            guard let uri = params["textDocument"]?["uri"]?.stringValue, documents.removeValue(forKey: uri) != nil
            else { return [] }
            return [LanguageServer.publish(uri: uri, version: nil, diagnostics: [])]
        case "textDocument/didSave", "workspace/didChangeWatchedFiles", "workspace/didChangeConfiguration":
            reloadConfiguration(now: now)
        default:
            break
        }
        return []
    }

    /// Drops the cached configurations and re-lints every open document now.
    mutating func reloadConfiguration(now: UInt64) {
        configurations.removeAll()
        for uri in documents.keys { documents[uri]?.due = now }
    }

    /// The diagnostics due by `now`, as `textDocument/publishDiagnostics` notifications.
    public mutating func tick(now: UInt64) -> [JSONValue] {
        var messages: [JSONValue] = []
        for uri in documents.keys.sorted() {
            guard let due = documents[uri]?.due, due <= now else { continue }
            documents[uri]?.due = nil
            messages.append(diagnostics(uri: uri))
        }
        return messages
    }

    private var initializeResult: JSONValue {
        .object([
            "capabilities": .object([
                "positionEncoding": .string("utf-16"),
                "textDocumentSync": .object([
                    "openClose": .bool(true), "change": .int(2), "save": .object(["includeText": .bool(false)]),
                ]),
                "codeActionProvider": .object([
                    "codeActionKinds": .array([.string("quickfix"), .string("source.fixAll.shipshape")])
                ]),
                "hoverProvider": .bool(true),
            ]),
            "serverInfo": .object(["name": .string("shipshape"), "version": .string(options.version)]),
        ])
    }

    private mutating func registerWatchers() -> JSONValue {
        let id = nextRequestID
        nextRequestID += 1
        let watchers = ConfigurationFile.names.map { JSONValue.object(["globPattern": .string("**/" + $0)]) }
        return .object([
            "jsonrpc": .string("2.0"), "id": .int(id), "method": .string("client/registerCapability"),
            "params": .object([
                "registrations": .array([
                    .object([
                        "id": .string("shipshape-configuration"),
                        "method": .string("workspace/didChangeWatchedFiles"),
                        "registerOptions": .object(["watchers": .array(watchers)]),
                    ])
                ])
            ]),
        ])
    }

    // MARK: JSON-RPC

    static func result(id: JSONValue, _ result: JSONValue) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "id": id, "result": result])
    }

    static func error(id: JSONValue, code: Int, _ message: String) -> JSONValue {
        .object([
            "jsonrpc": .string("2.0"), "id": id,
            "error": .object(["code": .int(code), "message": .string(message)]),
        ])
    }

    static func publish(uri: String, version: Int?, diagnostics: [JSONValue]) -> JSONValue {
        var params: [String: JSONValue] = ["uri": .string(uri), "diagnostics": .array(diagnostics)]
        if let version { params["version"] = .int(version) }
        return .object([
            "jsonrpc": .string("2.0"), "method": .string("textDocument/publishDiagnostics"), "params": .object(params),
        ])
    }

    /// Client text in a message: at most 200 characters, control characters shown as `?`.
    static func printable(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.prefix(200).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}
