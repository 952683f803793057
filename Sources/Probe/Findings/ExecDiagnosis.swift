import ImageAnalysis

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why execve failed, from what the root holds: the program missing, or its dynamic loader.
enum ExecDiagnosis {
    static func explain(_ error: Errno, argv: [String], path: String?, root: ProbeRoot) -> String? {
        guard let program = argv.first else { return nil }
        var candidates: [String] = []
        if program.contains("/") {
            candidates = [program]
        } else {
            for directory in (path ?? "").split(separator: ":", omittingEmptySubsequences: false) {
                candidates.append(directory.isEmpty ? program : "\(directory)/\(program)")
            }
        }
        guard let found = candidates.first(where: { root.readFile($0, limit: 1) != nil }),
            let head = root.readFile(found, limit: 4 << 20)
        else {
            return error.code == ENOENT ? "'\(program)' is not in the image" : nil
        }
        if ELFFile.isELF(head), let elf = try? ELFFile(parsing: head) {
            if let interpreter = elf.interpreter, root.readFile(interpreter, limit: 1) == nil {
                return "'\(found)' is dynamically linked and its loader '\(interpreter)' is not in the image"
            }
            if error.code == ENOEXEC { return "'\(found)' is an ELF file this machine cannot run" }
        } else if error.code == ENOEXEC {
            return "'\(found)' is neither an ELF executable nor a script with a '#!' line"
        } else if head.starts(with: Array("#!".utf8)), error.code == ENOENT {
            let line = String(decoding: head.prefix(256).prefix(while: { $0 != 10 }).dropFirst(2), as: UTF8.self)
            let interpreter = line.split(separator: " ").first.map(String.init) ?? ""
            return "'\(found)' is a script whose interpreter '\(interpreter)' is not in the image"
        }
        if error.code == EACCES { return "'\(found)' is not executable" }
        return nil
    }
}
