import ArgumentParser
import Foundation
import ImageBuild
import ImageFormat
import Registry

struct TagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "The tags an image should get from a version and a git commit.",
        discussion: """
            From --version and --sha, or from git (the semantic-version tag on HEAD, the HEAD commit, whether \
            tracked files changed). A release 1.2.3 gets 1.2.3, 1.2, 1 and latest, each of the last three only \
            when no existing release of its line is higher (pass them with --existing-tags FILE, or read them from \
            the registry with --repository REGISTRY/REPO; in git mode the repository's tags count too); a \
            pre-release gets only its exact tag; every commit gets sha-<7 hex> (outside a git checkout, \
            --version alone gives the version tags and no sha- tag).
            """)

    @Option(name: .long, help: "The semantic version (1.2.3, v1.2.3, 1.2.3-rc.1).")
    var version: String?

    @Option(name: .long, help: "The git commit id (7 to 64 hex digits).")
    var sha: String?

    @Option(name: .long, help: "A file with the repository's existing tags, one per line.")
    var existingTags: String?

    @Option(
        name: .long,
        help: "A registry repository (REGISTRY/REPO or docker://REF) whose tags are the existing ones.")
    var repository: String?

    @OptionGroup var registry: RegistryOptionsGroup
    @OptionGroup var login: RegistryLoginOptions

    @Option(name: .long, help: "The git working tree to read when --version or --sha is not given.")
    var git: String = "."

    @Option(name: .long, help: "lines, json or args (--tag X for each, for shipshape build).")
    var format: Format = .lines

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case lines, json, args
    }

    func run() async throws {
        let plan: TagPlan
        do {
            var fromRegistry: [String] = []
            if let repository { fromRegistry = try await registryTags(repository) }
            plan = try TagsCommand.plan(
                version: version, sha: sha, existingTagsFile: existingTags, git: git, registryTags: fromRegistry)
        } catch let error as TagError {
            throw ExitCode(fail(error.description, code: Exit.usage).rawValue)
        } catch let error as RegistryError {
            if case .invalidReference = error { throw ExitCode(fail(error.description, code: Exit.usage).rawValue) }
            throw ExitCode(fail(error.description).rawValue)
        } catch let error as TagCommandError {
            if case .repositoryWithTag = error { throw ExitCode(fail(error.description, code: Exit.usage).rawValue) }
            throw ExitCode(fail(error.description).rawValue)
        } catch {
            throw ExitCode(fail("\(error)").rawValue)
        }
        if plan.dirty {
            printError("shipshape: the working tree has uncommitted changes: no version tags, only the -dirty sha tag")
        }
        switch format {
        case .lines:
            for tag in plan.tags { print(tag.value) }
        case .args:
            print(plan.tags.map { "--tag \($0.value)" }.joined(separator: " "))
        case .json:
            struct Output: Encodable {
                var tags: [String]
                var version: String?
                var revision: String?
                var dirty: Bool
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let output = Output(
                tags: plan.tags.map(\.value), version: plan.version?.description, revision: plan.revision,
                dirty: plan.dirty)
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        }
    }

    /// The tags of `--repository` in its registry (every page); none when the repository does not exist yet.
    func registryTags(_ text: String) async throws -> [String] {
        let bare = text.hasPrefix("docker://") ? String(text.dropFirst("docker://".count)) : text
        let reference = try RegistryReference(parsing: bare)
        guard reference.tag == nil, reference.digest == nil else { throw TagCommandError.repositoryWithTag(text) }
        let access = registry.access(explicit: try login.credentials(for: [.registry(bare)]))
        return try await TagsCommand.existingTags(of: reference, access: access)
    }

    /// Every tag of `reference`'s repository (all pages); none, said on stderr, when it does not exist yet.
    static func existingTags(of reference: RegistryReference, access: RegistryAccess) async throws -> [String] {
        do {
            return try await access.client(for: reference).tags(reference.repository)
        } catch RegistryError.notFound {
            printError(
                "shipshape: \(reference.registry)/\(reference.repository) does not exist yet (HTTP 404): no existing tags"
            )
            return []
        }
    }

    /// The plan from the options, reading git for what they leave out.
    static func plan(
        version: String?, sha: String?, existingTagsFile: String?, git directory: String, registryTags: [String] = []
    ) throws -> TagPlan {
        var existing: [String] = registryTags
        if let existingTagsFile {
            let text: String
            do {
                text = try String(contentsOfFile: existingTagsFile, encoding: .utf8)
            } catch {
                throw TagCommandError.unreadable(existingTagsFile, error.localizedDescription)
            }
            existing = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        var parsedVersion = try version.map { (text) throws(TagError) in try SemanticVersion(text) }
        var revision = sha
        var dirty = false
        if version == nil || sha == nil {
            let state: GitState
            do {
                state = try GitState.read(directory: directory)
            } catch TagError.git(_, let message) where version != nil {
                // A version alone is enough for the version tags: outside a git checkout there is no commit to
                // tag, which is said, not an error.
                printError("shipshape: \(message): no sha- tag (pass --sha COMMIT for one)")
                return try TagPlan(version: parsedVersion, revision: sha, dirty: false, existingTags: existing)
            }
            if version == nil { parsedVersion = state.version }
            if sha == nil {
                revision = state.head
                dirty = state.dirty
            }
            existing += state.allTags
        }
        return try TagPlan(version: parsedVersion, revision: revision, dirty: dirty, existingTags: existing)
    }
}

enum TagCommandError: Error, CustomStringConvertible {
    case unreadable(String, String)
    case repositoryWithTag(String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read existing tags from '\(path)': \(reason)"
        case .repositoryWithTag(let text):
            "--repository '\(text)' names a tag or digest: give the repository alone (REGISTRY/REPO)"
        }
    }
}
