// libFuzzer entry point for the Dockerfile parser: built by scripts/fuzz.sh with `swiftc -sanitize=fuzzer`
// together with Sources/DockerfileSyntax, so every input runs the whole parser, the typed views, the variable
// expansion and the shell analysis.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let file = Dockerfile.parse(bytes)
    var checksum = file.errors.count &+ file.comments.count &+ file.allCommands.count
    for instruction in file.instructions {
        precondition(instruction.span.start.offset <= bytes.count && instruction.span.end.offset <= bytes.count)
        precondition(instruction.span.start.offset <= instruction.span.end.offset)
        checksum &+= instruction.copy?.sources.count ?? 0
        checksum &+= instruction.run?.mounts.count ?? 0
        checksum &+= instruction.env?.count ?? 0
        checksum &+= instruction.label?.count ?? 0
        checksum &+= instruction.arg?.count ?? 0
        checksum &+= instruction.expose?.count ?? 0
        checksum &+= instruction.healthcheck == nil ? 0 : 1
        checksum &+= instruction.user == nil ? 0 : 1
        for heredoc in instruction.heredocs { checksum &+= heredoc.content.utf8.count }
        for command in instruction.commands {
            precondition(command.span.start.offset <= bytes.count)
            checksum &+= command.hasFlag("-y") ? 1 : 0
            checksum &+= command.subcommand?.utf8.count ?? 0
        }
    }
    for stage in file.stages {
        checksum &+= stage.copiesFrom.count
        for instruction in stage.instructions.prefix(50) {
            checksum &+= stage.expand(instruction.text, before: instruction, escape: file.escape).value.utf8.count
        }
    }
    checksum &+= file.stagesNeededByFinal.count
    return checksum == Int.min ? 1 : 0
}
