/// What can go wrong building an image. Each case says what failed, with which value, and what to do.
public enum BuildError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidAddition(String, reason: String)
    case unreadable(path: String, reason: String)
    case unsupportedFile(path: String, kind: String)
    case changedWhileReading(path: String)
    case invalidOption(name: String, value: String, reason: String)
    case platformMismatch(path: String, machine: String, platform: String)
    case dynamicExecutable(path: String, problem: String)
    case entrypointMissing(command: String, searched: [String])
    case entrypointNotExecutable(path: String)
    case noCommand
    case initBinaryMissing(searched: [String])
    case baseUnsupported(String, reason: String)

    public var description: String {
        switch self {
        case .invalidAddition(let value, let reason):
            "invalid --add '\(value)': \(reason); the form is SRC:DEST[:MODE], for example ./app:/app:0755"
        case .unreadable(let path, let reason):
            "cannot read '\(path)': \(reason)"
        case .unsupportedFile(let path, let kind):
            "cannot add '\(path)': it is a \(kind); only files, directories and symbolic links are added"
        case .changedWhileReading(let path):
            "'\(path)' changed size while it was being added; build again when nothing writes to it"
        case .invalidOption(let name, let value, let reason):
            "invalid \(name) '\(value)': \(reason)"
        case .platformMismatch(let path, let machine, let platform):
            "'\(path)' is an ELF binary for \(machine), but the image is for \(platform); "
                + "build it for \(platform) or pass the matching --platform"
        case .dynamicExecutable(let path, let problem):
            "'\(path)' is dynamically linked and \(problem): it cannot start in this image; link it statically "
                + "(CGO_ENABLED=0, -static, musl), add what it needs, use a base that has it, or pass --allow-dynamic"
        case .entrypointMissing(let command, let searched):
            "the command '\(command)' is not in the image (looked for \(searched.joined(separator: ", "))); "
                + "add it with --add or fix --entrypoint/--cmd"
        case .entrypointNotExecutable(let path):
            "the command '\(path)' is in the image but not executable; add it with mode 0755 (--add SRC:DEST:0755)"
        case .noCommand:
            "the image has no command: give --entrypoint or --cmd"
        case .initBinaryMissing(let searched):
            "--init needs the shipshape-init binary, which is not at \(searched.joined(separator: ", ")); "
                + "build it with scripts/build-init.sh or pass --init-binary PATH"
        case .baseUnsupported(let base, let reason):
            "cannot use base '\(base)': \(reason)"
        }
    }
}
