import Logging
import Registry
import ServeStore

/// The reconcile walk: `/v2/_catalog` and each repository's `tags/list` (both with `Link` pagination, `n` = 1000),
/// so what notifications missed (a registry restart loses them) is queued, and what was deleted is dropped.
public struct Reconciler: Sendable {
    public let registry: RegistryEndpoint
    public let access: RegistryAccess
    public let store: ServeStore
    public let logger: Logger
    public var pageSize = 1_000

    public init(registry: RegistryEndpoint, access: RegistryAccess, store: ServeStore, logger: Logger) {
        self.registry = registry
        self.access = access
        self.store = store
        self.logger = logger
    }

    public struct Summary: Sendable, Equatable {
        public var repositories = 0
        public var tags = 0
        public var queued = 0
        public var removedTags = 0
    }

    public func walk(now: Int64) async throws -> Summary {
        let client = try access.client(for: try RegistryReference(parsing: "\(registry.host)/catalog"))
        var summary = Summary()
        let repositories = try await client.catalog(pageSize: pageSize)
        for repository in repositories {
            summary.repositories += 1
            var tags: [String: String] = [:]
            let names: [String]
            do {
                names = try await client.tags(repository, pageSize: pageSize)
            } catch RegistryError.notFound {
                names = []
            }
            for tag in names {
                do {
                    let (descriptor, _) = try await client.manifest(repository, reference: tag)
                    tags[tag] = descriptor.digest.description
                } catch RegistryError.notFound {
                    continue
                }
            }
            summary.tags += tags.count
            let result = try await store.reconcile(repository: repository, tags: tags, now: now)
            summary.queued += result.queued
            summary.removedTags += result.removedTags
        }
        // Repositories the catalog no longer lists lose their tags.
        let listed = Set(repositories)
        for repository in try await store.taggedRepositories() where !listed.contains(repository) {
            summary.removedTags += try await store.reconcile(repository: repository, tags: [:], now: now).removedTags
        }
        logger.info(
            "reconcile: \(summary.repositories) repositories, \(summary.tags) tags, \(summary.queued) queued, \(summary.removedTags) tags removed"
        )
        return summary
    }
}
