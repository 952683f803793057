import FoundationEssentials
import ImageFormat
import Registry
import Synchronization

/// One status line on stderr, rewritten in place (only on a terminal): blobs and bytes done.
final class CopyProgress: Sendable {
    private struct State {
        var done = 0
        var skipped = 0
        var active = 0
        var bytes: Int64 = 0
    }
    private let state = Mutex(State())

    static var isTerminal: Bool { Terminal.isTerminal(2) }

    func handle(_ event: ImageCopier.Event) {
        let line: String? = state.withLock { state in
            switch event {
            case .blobStarted: state.active += 1
            case .blobSkipped: state.skipped += 1
            case .blobCopied(let descriptor):
                state.active -= 1
                state.done += 1
                state.bytes += descriptor.size
            case .manifestPushed: return nil
            }
            // One decimal, as "%.1f" wrote it.
            let tenths = (Double(state.bytes) / 1_048_576 * 10).rounded()
            let megabytes = "\(Int(tenths) / 10).\(Int(tenths) % 10)"
            return "\r\u{1B}[2Kcopying: \(state.done) blobs copied (\(megabytes) MiB), \(state.active) in flight,"
                + " \(state.skipped) already there"
        }
        if let line { FileHandleStderr.write(line) }
    }

    func finish() { FileHandleStderr.write("\r\u{1B}[2K") }
}
