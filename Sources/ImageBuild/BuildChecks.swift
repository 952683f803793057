import FoundationEssentials
import ImageAnalysis
import ImageFormat

/// The checks made before anything is written: added ELF binaries match the platform and can start (a dynamically
/// linked one finds its loader and libraries in the image), and the command exists and is executable.
///
/// The filesystem is ImageAnalysis's `MergedFilesystem` and the ELF headers its `ELFFile`. The command lookup
/// mirrors `CommandResolution.find` (execvp's PATH search), which ImageAnalysis keeps internal for now; when it
/// becomes `package`, `entrypoint(_:in:)` is the one function to swap for it.
public enum BuildChecks {
    /// `e_machine` for each image architecture (gABI "ELF Header", machine values).
    static let machines: [String: UInt16] = [
        "amd64": 62, "386": 3, "arm64": 183, "arm": 40, "riscv64": 243, "ppc64le": 21, "ppc64": 21, "s390x": 22,
    ]

    static func machineName(_ machine: UInt16) -> String {
        switch machine {
        case 62: "x86-64 (amd64)"
        case 3: "x86 (386)"
        case 183: "AArch64 (arm64)"
        case 40: "ARM (arm)"
        case 243: "RISC-V (riscv64)"
        case 21: "PowerPC 64"
        case 22: "s390x"
        default: "machine \(machine)"
        }
    }

    /// Runs every check; `layers` are the new layers' entries, bottom first, `base` the base image's filesystem.
    public static func run(spec: BuildSpec, config: ContainerConfig, layers: [[LayerFile]], base: MergedFilesystem)
        throws
    {
        var filesystem = base
        for layer in layers { filesystem.apply(layer.map(\.entry)) }
        for layer in layers {
            for file in layer where [.regular, .hardLink].contains(file.entry.kind) && file.entry.mode & 0o111 != 0 {
                guard let source = file.source else { continue }
                try checkExecutable(source: source, imagePath: "/" + file.entry.path, spec: spec, in: filesystem)
            }
        }
        try entrypoint(config, in: filesystem)
    }

    static func readHead(_ path: String, limit: Int) throws -> [UInt8] {
        guard let file = try? SystemFile(reading: path) else {
            throw BuildError.unreadable(path: path, reason: "it cannot be opened")
        }
        return try file.readBytes(count: limit, at: 0)
    }

    static func checkExecutable(source: String, imagePath: String, spec: BuildSpec, in filesystem: MergedFilesystem)
        throws
    {
        var bytes = try readHead(source, limit: 1 << 20)
        guard ELFFile.isELF(bytes) else { return }
        var elf: ELFFile
        do {
            elf = try ELFFile(parsing: bytes)
        } catch {
            // The dynamic section lies beyond the first MiB: read the whole file (bounded).
            bytes = try readHead(source, limit: 256 << 20)
            do {
                elf = try ELFFile(parsing: bytes)
            } catch {
                throw BuildError.unreadable(path: source, reason: "its ELF headers are invalid: \(error)")
            }
        }
        if let expected = machines[spec.platform.architecture], expected != elf.machine {
            throw BuildError.platformMismatch(
                path: source, machine: machineName(elf.machine), platform: spec.platform.description)
        }
        guard !elf.isStatic, !spec.allowDynamic else { return }
        if let loader = elf.interpreter, filesystem.resolve(loader).file == nil {
            throw BuildError.dynamicExecutable(
                path: source, problem: "its loader \(loader) is not in the image (on scratch nothing is)")
        }
        let origin = String(imagePath[..<(imagePath.lastIndex(of: "/") ?? imagePath.startIndex)])
        var directories = (elf.runpath.isEmpty ? elf.rpath : elf.runpath).map {
            $0.replacing("$ORIGIN", with: origin).replacing("${ORIGIN}", with: origin)
        }
        for triplet in elf.multiarchTriplets { directories += ["/lib/\(triplet)", "/usr/lib/\(triplet)"] }
        directories += ["/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib"]
        for library in elf.needed {
            let candidates = library.contains("/") ? [library] : directories.map { $0 + "/" + library }
            if !candidates.contains(where: { filesystem.resolve($0).file != nil }) {
                throw BuildError.dynamicExecutable(path: source, problem: "its library \(library) is not in the image")
            }
        }
    }

    /// The command (Entrypoint + Cmd) must name an executable file in the image, found as execvp finds it.
    public static func entrypoint(_ config: ContainerConfig, in filesystem: MergedFilesystem) throws {
        guard let name = config.command.first, !name.isEmpty else { throw BuildError.noCommand }
        let workingDirectory = config.workingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        var candidates: [String]
        if name.contains("/") {
            candidates = [name.hasPrefix("/") ? name : workingDirectory + "/" + name]
        } else {
            let path = config.environment["PATH"] ?? CommandResolution.defaultPath
            candidates = path.split(separator: ":", omittingEmptySubsequences: false).map { directory in
                let base = directory.isEmpty ? workingDirectory : String(directory)
                return (base.hasPrefix("/") ? base : workingDirectory + "/" + base) + "/" + name
            }
        }
        var found: String?
        for candidate in candidates {
            guard let file = filesystem.resolve(candidate).file, file.entry.kind != .directory else { continue }
            if file.entry.mode & 0o111 != 0 { return }
            found = found ?? file.path
        }
        if let found { throw BuildError.entrypointNotExecutable(path: found) }
        throw BuildError.entrypointMissing(command: name, searched: candidates)
    }
}
