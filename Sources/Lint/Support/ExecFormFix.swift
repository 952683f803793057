import Findings

/// The safe fix from a simple shell-form CMD/ENTRYPOINT to exec form: one line, words without quotes,
/// variables, globs, redirections or operators, so the JSON array means exactly what the shell would have run.
enum ExecFormFix {
    static func make(_ instruction: Instruction, in context: LintContext) -> Fix? {
        guard instruction.isShellForm, instruction.lastLine == instruction.range.line,
            let start = instruction.argumentsOffset
        else { return nil }
        let text = instruction.text.trimmingBlanks()
        let forbidden = "$&|;<>()*?`\"'\\~#[]{}=!"
        guard !text.isEmpty, !text.contains(where: { forbidden.contains($0) }) else { return nil }
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if words.first == "exec" { words.removeFirst() }
        guard !words.isEmpty else { return nil }
        let json = "[" + words.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        var end = instruction.endOffset
        while end > start,
            context.source.bytes[end - 1] == UInt8(ascii: " ") || context.source.bytes[end - 1] == UInt8(ascii: "\t")
        {
            end -= 1
        }
        return Fix(
            description: "write \(instruction.keyword) in exec form: \(json)",
            edits: [TextEdit(start: start, end: end, replacement: json)])
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
