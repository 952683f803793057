import Foundation
import Synchronization

extension TestFiles {
    /// Like `temporaryDirectory`, but removed (with everything in it) when the test process exits, so a suite that
    /// makes hundreds of small databases leaves nothing in /tmp. Nothing is removed after a crash or a SIGKILL.
    public static func scratchDirectory(_ label: String) throws -> String {
        let path = try temporaryDirectory(label)
        ScratchDirectories.register(path)
        return path
    }
}

/// The directories to remove at exit (an `atexit` handler, installed once).
enum ScratchDirectories {
    static let paths = Mutex<[String]?>(nil)

    static func register(_ path: String) {
        let first = paths.withLock { list -> Bool in
            let first = list == nil
            list = (list ?? []) + [path]
            return first
        }
        if first { atexit { ScratchDirectories.removeAll() } }
    }

    static func removeAll() {
        let list = paths.withLock { $0 ?? [] }
        for path in list { try? FileManager.default.removeItem(atPath: path) }
    }
}
