import FoundationEssentials
import ImageFormat

extension RegistryClient {
    /// Most pages of a catalog followed (with `n` = 1000, a million repositories).
    public static let catalogPageLimit = 1_000

    /// GET /v2/_catalog?n=PAGESIZE, following `Link: <…>; rel="next"` pages (the `serve` reconcile walk). Bounded
    /// as `tags(_:pageSize:)` is: at most `catalogPageLimit` pages, `tagListByteLimit` bytes, no page twice.
    public func catalog(pageSize: Int = 1_000) async throws -> [String] {
        struct Page: Decodable { var repositories: [String]? }
        let subject = Subject(repository: "_catalog", reference: "")
        var next: URL? = try await url("_catalog", query: [URLQueryItem(name: "n", value: String(pageSize))])
        var repositories: [String] = []
        var pages = 0
        var bytes = 0
        var visited = Set<String>()
        while let current = next {
            guard visited.insert(current.absoluteString).inserted else {
                throw RegistryError.protocolViolation(
                    host: host, reason: "the catalog links back to a page already read (\(current))")
            }
            guard pages < Self.catalogPageLimit else {
                throw RegistryError.tooLarge(
                    what: "the catalog (more than \(Self.catalogPageLimit) pages)", limit: Self.tagListByteLimit)
            }
            pages += 1
            let receiver = MemoryReceiver(limit: min(4 << 20, Self.tagListByteLimit - bytes))
            let head: HTTPResponseHead
            do {
                head = try await execute(
                    HTTPRequest(method: "GET", url: current), scopes: ["registry:catalog:*"], subject: subject,
                    receiver: receiver)
            } catch is MemoryReceiver.BodyTooLarge {
                throw RegistryError.tooLarge(what: "the catalog", limit: Self.tagListByteLimit)
            }
            guard let page = try? JSONDecoder().decode(Page.self, from: Data(receiver.bytes)) else {
                throw RegistryError.protocolViolation(host: host, reason: "the catalog is not JSON")
            }
            bytes += receiver.bytes.count
            repositories += page.repositories ?? []
            next = Self.nextLink(head["link"], relativeTo: current)
        }
        return repositories
    }
}
