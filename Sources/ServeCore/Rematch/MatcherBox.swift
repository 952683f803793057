import Foundation
import Synchronization
import Vulnerabilities

/// The vulnerability database the workers match with, swapped by the re-match when `db update`/`db import` writes
/// a new file.
public final class MatcherBox: Sendable {
    public let path: String
    private let state = Mutex<(matcher: Matcher?, fingerprint: String?)>((nil, nil))

    public init(path: String) {
        self.path = path
    }

    public var current: Matcher? { state.withLock { $0.matcher } }
    public var fingerprint: String? { state.withLock { $0.fingerprint } }

    func set(_ matcher: Matcher?, fingerprint: String?) {
        state.withLock { $0 = (matcher, fingerprint) }
    }

    /// Loads the database file when it changed since the last look (or was never read): every process that
    /// matches calls this, the workers before each scan and the re-match every 2 s, so a worker-only process
    /// matches with the same file as the re-match does, and a scan right after start does not match with none.
    /// Returns the error text when the file exists but cannot be read (the matcher is then none).
    @discardableResult
    public func refresh() -> String? {
        let fingerprint = Self.fingerprint(of: path)
        guard fingerprint != self.fingerprint || (fingerprint != nil && current == nil) else { return nil }
        do {
            set(Matcher(database: try VulnerabilityDatabase(path: path)), fingerprint: fingerprint)
            return nil
        } catch {
            set(nil, fingerprint: fingerprint)
            return fingerprint == nil ? nil : error.description
        }
    }

    /// The file's identity (size, modification time, inode): a new `db import` writes a new file.
    static func fingerprint(of path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let inode = (attributes[.systemFileNumber] as? NSNumber)?.int64Value ?? 0
        return "\(size)-\(Int64(modified * 1000))-\(inode)"
    }
}
