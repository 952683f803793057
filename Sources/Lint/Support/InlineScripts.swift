/// The text of a script the Dockerfile writes itself into a shipped stage: `COPY <<EOF /start.sh`, or a RUN that
/// writes it with `echo`/`printf … > /start.sh` or `cat <<EOF > /start.sh`. What the Dockerfile alone says about the
/// script, without the build context.
enum InlineScripts {
    static func script(for path: String, in context: LintContext) -> String? {
        var text: String?
        for stage in context.shippedStages {
            for instruction in stage.instructions {
                if ["COPY", "ADD"].contains(instruction.keyword), let body = instruction.heredocs.first?.body,
                    instruction.words.last == path
                {
                    text = body
                    continue
                }
                guard instruction.keyword == "RUN" else { continue }
                for command in instruction.commands where command.outputFile == path {
                    let written: String
                    switch command.name {
                    case "echo", "printf":
                        written = command.arguments.filter { !$0.hasPrefix("-") }.joined(separator: " ")
                    case "cat", "tee":
                        guard let body = instruction.heredocs.first?.body else { continue }
                        written = body
                    default:
                        continue
                    }
                    // `>` starts the file again, `>>` appends; the parser keeps only the target, so a second
                    // write is taken as appending (either way the script holds what was written last).
                    text = (text.map { $0 + "\n" } ?? "") + written
                }
            }
        }
        return text
    }
}
