import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The transport on Foundation's URLSession (corelibs on Linux, libcurl underneath).
///
/// Bodies stream through `URLSessionDataDelegate` into the receiver chunk by chunk (about 16 KiB each), so a
/// download is hashed and written as it arrives and never held in memory. Redirects are refused in
/// `willPerformHTTPRedirection` and handed back as 3xx responses: the registry client follows them itself.
/// Several sessions, each with its own serial delegate queue, let parallel transfers hash on several cores.
public final class URLSessionHTTPClient: HTTPClient {
    private let sessions: [URLSession]
    private let delegate: Delegate
    private let next = Mutex(0)

    public init(parallelism: Int = 4, timeout: TimeInterval = 120) {
        let delegate = Delegate()
        self.delegate = delegate
        sessions = (0..<max(1, parallelism)).map { _ in
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = timeout
            configuration.httpShouldSetCookies = false
            configuration.urlCache = nil
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            let queue = OperationQueue()
            queue.maxConcurrentOperationCount = 1
            return URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
        }
    }

    deinit {
        for session in sessions { session.finishTasksAndInvalidate() }
    }

    public func send(_ request: HTTPRequest, receiver: any HTTPBodyReceiver) async throws -> HTTPResponseHead {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let session = sessions[
            next.withLock { value in
                value = (value + 1) % sessions.count
                return value
            }]
        let task: URLSessionTask
        switch request.body {
        case .none:
            task = session.dataTask(with: urlRequest)
        case .bytes(let bytes):
            task = session.uploadTask(with: urlRequest, from: Data(bytes))
        case .file(let path, let offset, let length):
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
            // Small bodies from memory: corelibs' upload from a file reopens it for every read of ~47 KB.
            if offset == 0, size == length, length > 16 << 20 {
                urlRequest.setValue(String(length), forHTTPHeaderField: "Content-Length")
                task = session.uploadTask(with: urlRequest, fromFile: URL(fileURLWithPath: path))
            } else {
                task = session.uploadTask(with: urlRequest, from: try Self.read(path, offset: offset, length: length))
            }
        }
        // Cancellation may come before the task was registered or resumed; corelibs then never reports the task
        // complete. Whichever of completion and cancellation takes the pending entry first resumes the caller.
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                delegate.register(task, receiver: receiver, continuation: continuation)
                if Task.isCancelled {
                    delegate.take(task)?.continuation.resume(throwing: CancellationError())
                    task.cancel()
                    return
                }
                task.resume()
            }
        } onCancel: {
            task.cancel()
            delegate.take(task)?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Reads a file region (a chunk of a blob inside an archive) for a request body.
    static func read(_ path: String, offset: Int64, length: Int64) throws -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw HTTPTransportError(reason: "cannot open '\(path)' for reading")
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let data = try handle.read(upToCount: Int(length)) ?? Data()
        guard data.count == Int(length) else {
            throw HTTPTransportError(reason: "'\(path)' ended after \(data.count) of \(length) bytes at \(offset)")
        }
        return data
    }

    final class Delegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        // @unchecked: NSObject subclass; its only state is behind the Mutex.
        struct Pending {
            var receiver: any HTTPBodyReceiver
            var continuation: CheckedContinuation<HTTPResponseHead, any Error>
            var head: HTTPResponseHead?
            var failure: (any Error)?
            var challengeCancelled = false
        }
        private let pending = Mutex<[ObjectIdentifier: Pending]>([:])

        func register(
            _ task: URLSessionTask, receiver: any HTTPBodyReceiver,
            continuation: CheckedContinuation<HTTPResponseHead, any Error>
        ) {
            let key = ObjectIdentifier(task)
            pending.withLock { $0[key] = Pending(receiver: receiver, continuation: continuation) }
        }

        private func key(_ task: URLSessionTask) -> ObjectIdentifier { ObjectIdentifier(task) }

        /// Removes the pending entry of `task`: the one who takes it resumes the continuation.
        func take(_ task: URLSessionTask) -> Pending? {
            pending.withLock { $0.removeValue(forKey: key(task)) }
        }

        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }

        /// corelibs URLSession (Swift 6.3 on Linux) asks about a 401 with a Basic challenge after it delivered the
        /// response and its body; `.performDefaultHandling` then hangs the task forever and `.useCredential` with
        /// no credential crashes. The registry client answers challenges itself: cancel here, and hand the 401
        /// (already received) back as the response when the task completes as cancelled.
        func urlSession(
            _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
            completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
        ) {
            pending.withLock { $0[key(task)]?.challengeCancelled = true }
            completionHandler(.cancelAuthenticationChallenge, nil)
        }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
        ) {
            guard let http = response as? HTTPURLResponse else {
                completionHandler(.cancel)
                return
            }
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name] = value }
            }
            let head = HTTPResponseHead(status: http.statusCode, headers: headers)
            let receiver = pending.withLock { entries -> (any HTTPBodyReceiver)? in
                entries[key(dataTask)]?.head = head
                return entries[key(dataTask)]?.receiver
            }
            do {
                try receiver?.begin(head)
                completionHandler(.allow)
            } catch {
                pending.withLock { $0[key(dataTask)]?.failure = error }
                completionHandler(.cancel)
            }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let entry = pending.withLock { $0[key(dataTask)] }
            guard let entry, entry.failure == nil else { return }
            do {
                try data.withUnsafeBytes { try entry.receiver.receive($0) }
            } catch {
                pending.withLock { $0[key(dataTask)]?.failure = error }
                dataTask.cancel()
            }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            guard let entry = pending.withLock({ $0.removeValue(forKey: key(task)) }) else { return }
            if let failure = entry.failure {
                entry.continuation.resume(throwing: failure)
            } else if entry.challengeCancelled, let head = entry.head {
                entry.continuation.resume(returning: head)
            } else if let error {
                if (error as? URLError)?.code == .cancelled {
                    entry.continuation.resume(throwing: CancellationError())
                } else {
                    entry.continuation.resume(throwing: HTTPTransportError(reason: error.localizedDescription))
                }
            } else if let head = entry.head {
                entry.continuation.resume(returning: head)
            } else {
                entry.continuation.resume(
                    throwing: HTTPTransportError(reason: "the connection closed without a response"))
            }
        }
    }
}
