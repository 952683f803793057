/// Finds the build-context source of a script the image runs (`ENTRYPOINT ["/docker-entrypoint.sh"]` copied by
/// `COPY docker-entrypoint.sh /`), so rules can read it.
enum WrapperScripts {
    /// The script's text, when `path` (as the image runs it) was copied from the build context and is readable.
    static func script(for path: String, in context: LintContext) -> String? {
        guard let probe = context.buildContext else { return nil }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        for stage in context.shippedStages.reversed() {
            for instruction in stage.instructions.reversed() where ["COPY", "ADD"].contains(instruction.keyword) {
                if instruction.hasFlag("from") || !instruction.heredocs.isEmpty { continue }
                guard instruction.words.count >= 2, let destination = instruction.words.last else { continue }
                let sources = instruction.words.dropLast()
                for source in sources where !isSymbolic(source) && !source.contains("://") {
                    let sourceName = source.split(separator: "/").last.map(String.init) ?? source
                    let target =
                        destination.hasSuffix("/") || sources.count > 1 ? destination + sourceName : destination
                    let targetName = target.split(separator: "/").last.map(String.init) ?? target
                    if target == path || (!path.hasPrefix("/") && targetName == name)
                        || (sourceName == name && destination.hasSuffix("/") && path.hasSuffix("/" + name))
                    {
                        if let text = probe.readFile(source) { return text }
                    }
                }
            }
        }
        // `ENTRYPOINT ["./entrypoint.sh"]` with `COPY . .`: try the name at the context root.
        if path.hasPrefix("./") { return probe.readFile(String(path.dropFirst(2))) }
        return nil
    }
}
