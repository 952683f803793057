import Crypto
import FoundationEssentials
import ImageFormat

/// A running sha256 or sha512 over streamed bytes.
struct StreamingDigester {
    private var sha256: SHA256?
    private var sha512: SHA512?
    private(set) var count: Int64 = 0

    init(algorithm: String) {
        if algorithm == "sha512" { sha512 = SHA512() } else { sha256 = SHA256() }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        sha256?.update(bufferPointer: bytes)
        sha512?.update(bufferPointer: bytes)
        count += Int64(bytes.count)
    }

    func finalize() -> String {
        if let sha512 { return "sha512:" + hex(sha512.finalize()) }
        return "sha256:" + hex(sha256?.finalize() ?? SHA256().finalize())
    }

    private func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}

/// Streams a blob into a file, hashing as it goes, refusing more bytes than the descriptor's size.
final class FileDigestingReceiver: HTTPBodyReceiver, @unchecked Sendable {
    // @unchecked: the transport calls begin/receive serially (one delegate queue per task); `finish` is called
    // after `send` returned.
    let path: String
    let expected: Descriptor
    private var handle: OutputFile?
    private var digester: StreamingDigester

    init(path: String, expected: Descriptor) {
        self.path = path
        self.expected = expected
        digester = StreamingDigester(algorithm: expected.digest.algorithm)
    }

    func begin(_ head: HTTPResponseHead) throws {
        try? handle?.close()
        digester = StreamingDigester(algorithm: expected.digest.algorithm)
        do {
            handle = try OutputFile(creating: path)
        } catch {
            throw RegistryError.io(path: path, reason: "cannot create the file: \(error.reason)")
        }
    }

    func receive(_ bytes: UnsafeRawBufferPointer) throws {
        guard digester.count + Int64(bytes.count) <= expected.size else {
            throw RegistryError.sizeMismatch(
                what: "blob \(expected.digest)", expected: expected.size, actual: digester.count + Int64(bytes.count))
        }
        digester.update(bytes)
        do { try handle?.write(bytes) } catch {
            throw RegistryError.io(path: path, reason: error.reason)
        }
    }

    /// Closes the file and checks size and digest.
    func finish() throws {
        try? handle?.close()
        handle = nil
        guard digester.count == expected.size else {
            throw RegistryError.sizeMismatch(
                what: "blob \(expected.digest)", expected: expected.size, actual: digester.count)
        }
        let actual = digester.finalize()
        guard actual == expected.digest.description else {
            throw RegistryError.digestMismatch(
                what: "blob \(expected.digest)", expected: expected.digest.description, actual: actual)
        }
    }

    func abandon() {
        try? handle?.close()
        handle = nil
    }
}
