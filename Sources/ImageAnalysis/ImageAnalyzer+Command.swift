import ImageFormat

extension ImageAnalyzer {
    /// Largest file read whole in the second pass (an entrypoint binary or a library).
    static let executableLimit = 96 << 20

    /// Reads the live content of `files` in a targeted second pass over only the layers that hold them.
    static func readContents(
        _ files: [MergedFilesystem.File], filesystem: MergedFilesystem, source: some LayerScanning
    ) async throws -> [String: [UInt8]] {
        var byLayer: [Int: [String: String]] = [:]  // layer → stored entry path → final path
        for file in files {
            guard let blob = file.blob else { continue }
            let stored = filesystem.blobs[blob]
            byLayer[stored.layer, default: [:]][stored.path] = file.path
        }
        var result: [String: [UInt8]] = [:]
        for (layer, wanted) in byLayer.sorted(by: { $0.key < $1.key }) {
            let names = Set(wanted.keys)
            let scan = try await source.scan(layer: layer) { entry in
                names.contains(entry.path) && entry.kind == .regular ? executableLimit : 0
            }
            for (index, content) in scan.contents.sorted(by: { $0.key < $1.key }) {
                if let path = wanted[scan.entries[index].path] { result[path] = content }
            }
        }
        return result
    }

    /// Resolves the image's command and what it needs to start, reading the executable, its `#!` interpreter or
    /// its ELF loader and libraries (transitively, a few levels) in targeted passes.
    static func resolveCommand(
        _ config: ImageConfiguration, filesystem: MergedFilesystem, source: some LayerScanning, scans: [LayerScan]
    ) async throws -> CommandResolution {
        let container = config.config ?? ContainerConfig()
        let argv = container.command
        var resolution = CommandResolution(argv: argv, shellScript: CommandResolution.shellScript(of: argv))
        guard let name = argv.first, !name.isEmpty else {
            resolution.problems.append(.noCommand)
            return resolution
        }
        let environment = container.environment
        let path = environment["PATH"] ?? CommandResolution.defaultPath
        let workingDirectory = container.workingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        let found = CommandResolution.find(name, in: filesystem, path: path, workingDirectory: workingDirectory)
        if let loop = found.loop {
            resolution.problems.append(.symlinkLoop(path: loop))
            return resolution
        }
        guard let executable = found.file else {
            resolution.problems.append(.missing(name: name, searched: found.tried))
            return resolution
        }
        resolution.executable = executable
        guard executable.entry.kind == .regular || executable.entry.kind == .hardLink else {
            resolution.problems.append(.notRegular(path: executable.path))
            return resolution
        }
        if executable.entry.mode & 0o111 == 0 {
            resolution.problems.append(.notExecutable(path: executable.path, mode: executable.entry.mode))
        }
        if let script = resolution.shellScript, let program = CommandResolution.firstProgram(ofScript: script) {
            let inner = CommandResolution.find(program, in: filesystem, path: path, workingDirectory: workingDirectory)
            if inner.file == nil && inner.loop == nil {
                resolution.problems.append(.scriptProgramMissing(name: program))
            }
        }

        let first = try await readContents([executable], filesystem: filesystem, source: source)
        guard let bytes = first[executable.path] else { return resolution }
        if bytes.starts(with: Array("#!".utf8)) {
            let line = bytes.dropFirst(2).prefix(while: { $0 != 0x0a })
            let words = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
                .map(String.init)
            resolution.shebang = words
            if let interpreter = words.first {
                let result = filesystem.resolve(interpreter)
                if result.file == nil {
                    resolution.problems.append(.interpreterMissing(script: executable.path, interpreter: interpreter))
                } else if CommandResolution.basename(interpreter) == "env",
                    let program = words.dropFirst().first(
                        where: { !$0.hasPrefix("-") && !$0.contains("=") })
                {
                    let inner = CommandResolution.find(
                        program, in: filesystem, path: path, workingDirectory: workingDirectory)
                    if inner.file == nil {
                        resolution.problems.append(
                            .interpreterMissing(script: executable.path, interpreter: "env \(program)"))
                    }
                }
            }
            return resolution
        }
        guard ELFFile.isELF(bytes) else { return resolution }
        let elf: ELFFile
        do {
            elf = try ELFFile(parsing: bytes)
        } catch {
            resolution.problems.append(.unreadableELF(path: executable.path, reason: error.description))
            return resolution
        }
        resolution.elf = elf
        if let loader = elf.interpreter, filesystem.resolve(loader).file == nil {
            resolution.problems.append(.loaderMissing(binary: executable.path, loader: loader))
        }
        let ldSoConf = CommandResolution.ldSoConfDirectories(filesystem: filesystem) {
            captured($0, filesystem: filesystem, scans: scans)
        }
        // Breadth-first over the needed libraries: check each exists; read the found ones for their own needs.
        var pending: [(object: String, elf: ELFFile)] = [(executable.path, elf)]
        var seen = Set<String>([executable.path])
        var rounds = 0
        while !pending.isEmpty && rounds < 4 {
            rounds += 1
            var toRead: [MergedFilesystem.File] = []
            for (object, objectELF) in pending {
                let directories = CommandResolution.librarySearchPath(
                    for: objectELF, objectPath: object, environment: environment, ldSoConf: ldSoConf)
                for library in objectELF.needed {
                    let candidates = library.contains("/") ? [library] : directories.map { $0 + "/" + library }
                    guard
                        let file = candidates.lazy.compactMap({ filesystem.resolve($0).file }).first(
                            where: { $0.entry.kind != .directory })
                    else {
                        resolution.problems.append(.libraryMissing(binary: object, library: library))
                        continue
                    }
                    if seen.insert(file.path).inserted && toRead.count < 64 { toRead.append(file) }
                }
            }
            guard !toRead.isEmpty, rounds < 4 else { break }
            let contents = try await readContents(toRead, filesystem: filesystem, source: source)
            pending = contents.sorted(by: { $0.key < $1.key }).compactMap { path, bytes in
                (try? ELFFile(parsing: bytes)).map { (path, $0) }
            }
        }
        return resolution
    }
}
