import Findings

/// Runs a ``LanguageServer`` over standard input and output (`shipshape lsp`): one thread, waiting on standard
/// input at most until the next diagnostics are due. Nothing but protocol messages goes to standard output.
public enum StdioServer {
    /// Serves until `exit` or the end of input; the exit code (0 after `shutdown` then `exit`, else 1).
    public static func run(_ server: LanguageServer) -> Int32 {
        var server = server
        System.ignoreBrokenPipe()
        var framer = MessageFramer()
        do {
            while true {
                var timeout: Int32 = -1
                if let deadline = server.nextDeadline {
                    let now = System.now()
                    timeout = deadline <= now ? 0 : Int32(min(60_000, (deadline - now) / 1_000_000 + 1))
                }
                if try System.waitReadable(0, milliseconds: timeout) {
                    let chunk = try System.read(0, count: 64 << 10)
                    if chunk.isEmpty { return server.exitCode ?? 1 }  // The client went away.
                    framer.append(chunk)
                    while let body = try framer.next() {
                        try send(server.handle(body, now: System.now()))
                        if let code = server.exitCode { return code }
                    }
                }
                try send(server.tick(now: System.now()))
            }
        } catch {
            let message = "shipshape lsp: \(error)\n"
            try? System.write(2, Array(message.utf8))
            return 1
        }
    }

    private static func send(_ messages: [JSONValue]) throws(System.Errno) {
        for message in messages { try System.write(1, MessageFramer.frame(message.compact())) }
    }
}
