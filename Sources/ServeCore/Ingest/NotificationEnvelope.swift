import Foundation
import ServeStore

/// A registry notification envelope (CNCF distribution, `application/vnd.docker.distribution.events.v1+json`:
/// `{"events": [{"id", "action", "target": {"mediaType", "digest", "repository", "tag"}, …}]}`; v2 sends one event
/// an envelope in the same shape). Only what the service needs is read: manifest pushes and deletes; pulls and blob
/// events are dropped.
public enum NotificationEnvelope {
    /// Most events one envelope may carry (the registry sends at most its `threshold`, 100 by default).
    public static let eventLimit = 10_000

    struct Envelope: Decodable {
        var events: [Event]
    }
    struct Event: Decodable {
        var id: String
        var action: String
        var target: Target?
    }
    struct Target: Decodable {
        var mediaType: String?
        var digest: String?
        var repository: String?
        var tag: String?
    }

    /// The manifest media types whose pushes are scanned.
    static let manifestTypes: Set<String> = [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    ]

    /// The events of an envelope; throws `ServeError.badEnvelope` naming what is wrong.
    public static func parse(_ body: [UInt8]) throws -> [RegistryEvent] {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(body))
        } catch {
            throw ServeError.badEnvelope("not a notification envelope: \(Self.describe(error))")
        }
        guard envelope.events.count <= eventLimit else {
            throw ServeError.badEnvelope("\(envelope.events.count) events, more than \(eventLimit)")
        }
        var events: [RegistryEvent] = []
        for (position, event) in envelope.events.enumerated() {
            guard let target = event.target, let repository = target.repository else { continue }
            guard !event.id.isEmpty, event.id.utf8.count <= 256 else {
                throw ServeError.badEnvelope("event \(position + 1): an id of \(event.id.utf8.count) bytes")
            }
            guard Self.isRepositoryName(repository) else {
                throw ServeError.badEnvelope(
                    "event \(position + 1): '\(Self.printable(repository))' is not a repository name")
            }
            if let digest = target.digest, !Self.isDigest(digest) {
                throw ServeError.badEnvelope("event \(position + 1): '\(Self.printable(digest))' is not a digest")
            }
            if let tag = target.tag, !Self.isTag(tag) {
                throw ServeError.badEnvelope("event \(position + 1): '\(Self.printable(tag))' is not a tag")
            }
            switch event.action {
            case "push":
                guard let mediaType = target.mediaType, manifestTypes.contains(mediaType), target.digest != nil else {
                    continue
                }
                events.append(
                    RegistryEvent(
                        id: event.id, action: .push, repository: repository, digest: target.digest, tag: target.tag,
                        mediaType: mediaType))
            case "delete":
                guard target.digest != nil || target.tag != nil else { continue }
                events.append(
                    RegistryEvent(
                        id: event.id, action: .delete, repository: repository, digest: target.digest, tag: target.tag))
            default:
                continue
            }
        }
        return events
    }

    /// distribution spec: `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*`, at most 255.
    static func isRepositoryName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            guard let first = component.utf8.first, let last = component.utf8.last, isLowerAlnum(first),
                isLowerAlnum(last)
            else { return false }
            for byte in component.utf8
            where !isLowerAlnum(byte) && byte != UInt8(ascii: ".") && byte != UInt8(ascii: "_")
                && byte != UInt8(ascii: "-")
            {
                return false
            }
        }
        return true
    }

    /// `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`.
    static func isTag(_ tag: String) -> Bool {
        guard let first = tag.utf8.first, tag.utf8.count <= 128, isWord(first) else { return false }
        return tag.utf8.allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// `sha256:` and 64 lowercase hex digits (the only algorithm distribution stores manifests under).
    static func isDigest(_ digest: String) -> Bool {
        guard digest.hasPrefix("sha256:") else { return false }
        let hex = digest.utf8.dropFirst(7)
        return hex.count == 64
            && hex.allSatisfy {
                ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                    || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
            }
    }

    static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    static func isWord(_ byte: UInt8) -> Bool {
        isLowerAlnum(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }

    /// At most 80 characters, control characters replaced: safe to put in a message or a log line.
    public static func printable(_ text: String) -> String {
        String(text.prefix(80).map { $0.isASCII && ($0.asciiValue ?? 0) < 0x20 || $0 == "\u{7F}" ? "?" : $0 })
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted: "not JSON"
        default: "unreadable"
        }
    }
}
