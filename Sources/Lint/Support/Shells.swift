/// Which shell runs a shell-form instruction: the last `SHELL` of the instruction's stage or of the stages it
/// is built `FROM` (no other stage's), else the default, `/bin/sh -c` (`cmd /S /C` on a Windows base). Rules about
/// shell syntax (pipes, `set -o pipefail`, `exec`) apply only where that shell is a POSIX one.
enum Shells {
    /// POSIX-family shells the shell rules understand.
    static let posix: Set<String> = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"]

    /// The exec-form words of the SHELL in effect at `instruction`, or `nil` when no SHELL is declared. One
    /// walk over the stage chain: for one instruction, not for every RUN of a file (rules that look at every RUN
    /// follow SHELL as they go, as MissingPipefail does).
    static func declared(at instruction: Instruction, in context: LintContext) -> [String]? {
        guard let index = instruction.stageIndex, index >= 0, index < context.stages.count else { return nil }
        var found: Instruction?
        for stage in context.chain(of: context.stages[index]) {
            for earlier in stage.instructions where earlier.keyword == "SHELL" {
                if stage.index == index, earlier.startOffset >= instruction.startOffset { break }
                found = earlier
            }
        }
        return found.map { $0.execForm ?? [$0.text] }
    }

    /// Whether the SHELL words `words` start a POSIX shell.
    static func isPosix(_ words: [String]) -> Bool {
        guard let program = words.first else { return true }
        let base = (program.split(separator: "/").last.map(String.init) ?? program).lowercased()
        return posix.contains(base)
    }

    /// Whether the stage of `instruction` is built on a Windows base image (its default shell is cmd.exe).
    static func isWindows(_ instruction: Instruction, _ context: LintContext) -> Bool {
        guard let index = instruction.stageIndex, index >= 0, index < context.stages.count,
            let root = context.chain(of: context.stages[index]).first
        else { return false }
        let base = root.base.lowercased()
        return ["windows/", "nanoserver", "servercore", "windowsservercore", "/windows:", "powershell:"].contains {
            base.contains($0)
        }
    }
}
