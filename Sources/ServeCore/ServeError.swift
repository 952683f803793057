/// What the service's roles report, said so an operator can act.
public enum ServeError: Error, CustomStringConvertible, Equatable {
    /// A notification body that is not an envelope of events.
    case badEnvelope(String)
    /// A layer cache entry that does not decode (it is read again from the registry).
    case badCacheEntry(String)
    /// A webhook that did not take a delivery.
    case webhook(String)
    /// A registry URL that is not `http(s)://HOST[:PORT]`.
    case badRegistryURL(String)

    public var description: String {
        switch self {
        case .badEnvelope(let reason): "the notification is not valid: \(reason)"
        case .badCacheEntry(let reason): "a layer cache entry is damaged: \(reason)"
        case .webhook(let reason): "the webhook did not take the notification: \(reason)"
        case .badRegistryURL(let text):
            "--registry '\(NotificationEnvelope.printable(text))' is not http://HOST[:PORT] or https://HOST[:PORT]"
        }
    }
}
