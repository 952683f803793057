import CShipshapeInit

// The init's thin libc layer. Built only by scripts/build-init.sh (Embedded Swift against musl, static), compiled
// into one module with Sources/InitCore, so the InitCore types need no import here.

/// The bytes of a NUL-terminated C string.
func bytes(_ pointer: UnsafePointer<CChar>) -> [UInt8] {
    let length = strlen(pointer)
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        Array(UnsafeBufferPointer(start: $0, count: length))
    }
}

/// The value of an environment variable, nil when it is not set.
func environmentValue(_ name: String) -> [UInt8]? {
    var name = name
    return name.withUTF8 { utf8 in
        let cName = Array(utf8) + [0]
        return cName.withUnsafeBufferPointer { buffer -> [UInt8]? in
            guard let base = buffer.baseAddress,
                let value = base.withMemoryRebound(to: CChar.self, capacity: buffer.count, { getenv($0) })
            else { return nil }
            return bytes(value)
        }
    }
}

/// Writes all of `text` to a file descriptor, retrying interrupted and partial writes; errors are dropped
/// (there is nowhere left to report them).
func writeAll(_ descriptor: Int32, _ text: String) {
    var text = text
    text.withUTF8 { utf8 in
        guard var next = utf8.baseAddress else { return }
        var remaining = utf8.count
        while remaining > 0 {
            let written = write(descriptor, next, remaining)
            if written < 0 {
                if ssinit_errno() == EINTR { continue }
                return
            }
            next += written
            remaining -= written
        }
    }
}

/// The text of an errno value.
func errorText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(decoding: bytes(text), as: UTF8.self)
}

/// Messages on stderr, each prefixed with the init's name, shown when the verbosity allows.
struct Log {
    var verbosity: Int

    func fatal(_ message: String) { writeAll(2, "shipshape-init: \(message)\n") }
    func warning(_ message: String) { if verbosity >= 1 { writeAll(2, "shipshape-init: warning: \(message)\n") } }
    func info(_ message: String) { if verbosity >= 2 { writeAll(2, "shipshape-init: \(message)\n") } }
    func debug(_ message: String) { if verbosity >= 3 { writeAll(2, "shipshape-init: \(message)\n") } }
}
