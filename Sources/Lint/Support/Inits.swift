/// What counts as an init (a PID 1 that forwards signals and reaps zombies), and what is known to need one.
enum Inits {
    /// Program base names that are inits.
    static let names: Set<String> = [
        "tini", "tini-static", "dumb-init", "catatonit", "shipshape-init", "docker-init", "init", "s6-svscan",
        "runsvdir", "supervisord", "pid1",
    ]

    /// Package names that install an init.
    static let packages: Set<String> = ["tini", "dumb-init", "catatonit", "tini-static"]

    /// Whether the command words start with an init (`/sbin/tini --`, `/init` of s6-overlay, …).
    static func isInit(_ word: String) -> Bool {
        let base = word.split(separator: "/").last.map(String.init) ?? word
        return names.contains(base)
    }

    /// The effective command of the image: ENTRYPOINT words then CMD words (exec form as written; shell form as
    /// `/bin/sh -c TEXT`).
    static func commandWords(_ context: LintContext) -> [String] {
        var words: [String] = []
        if let entrypoint = context.finalEntrypoint {
            words += entrypoint.execForm ?? ["/bin/sh", "-c", entrypoint.text]
        }
        if let cmd = context.finalCmd, words.isEmpty || context.finalEntrypoint?.execForm != nil {
            words += cmd.execForm ?? ["/bin/sh", "-c", cmd.text]
        }
        return words
    }

    /// Whether the image runs under an init: the command starts with one, or the file asks for `docker run
    /// --init` in a comment or label.
    static func usesInit(_ context: LintContext) -> Bool {
        let words = commandWords(context)
        if let first = words.first, isInit(first) { return true }
        if words.count > 2, ["sh", "bash", "/bin/sh", "/bin/bash"].contains(words[0]), words[1] == "-c" {
            let script = words[2].split(separator: " ").map(String.init)
            let start = script.first == "exec" ? 1 : 0
            if start < script.count, isInit(script[start]) { return true }
        }
        return context.source.contains("--init")
    }
}
