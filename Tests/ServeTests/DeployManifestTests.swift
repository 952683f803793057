import Foundation
import TestSupport
import Testing
import YAML

/// deploy/: the Kubernetes manifests and the systemd unit, read with the repository's own YAML parser. They must be
/// what docs/serve.md says (an API Deployment with readiness on /readyz, a workers Deployment, PostgreSQL, a Secret
/// with the registry's credentials, an Indexed Job for a one-off re-scan), consistent with each other (selectors,
/// secret keys, volumes, ports), and every option they pass must be one shipshape-serve accepts.
@Suite("deploy/: Kubernetes manifests and the systemd unit")
struct DeployManifestTests {
    static let kubernetes = TestFiles.packageRoot.appendingPathComponent("deploy/kubernetes").path
    static let unit = TestFiles.packageRoot.appendingPathComponent("deploy/systemd/shipshape-serve.service").path

    struct Object {
        var file: String
        var node: YAMLNode
        var kind: String { node["kind"]?.string ?? "" }
        var name: String { node["metadata"]?["name"]?.string ?? "" }
        var podSpec: YAMLNode? { node["spec"]?["template"]?["spec"] }
    }

    static func objects() throws -> [Object] {
        let files = try FileManager.default.contentsOfDirectory(atPath: kubernetes).filter { $0.hasSuffix(".yaml") }
            .sorted()
        var objects: [Object] = []
        for file in files {
            let text = try String(contentsOfFile: kubernetes + "/" + file, encoding: .utf8)
            for node in try YAMLParser.parseAll(text) where !node.isNull {
                objects.append(Object(file: file, node: node))
            }
        }
        return objects
    }

    static func one(_ objects: [Object], _ kind: String, _ name: String) throws -> Object {
        let found = objects.filter { $0.kind == kind && $0.name == name }
        guard found.count == 1 else {
            throw TestFailure("\(found.count) \(kind) objects named \(name) in deploy/kubernetes")
        }
        return found[0]
    }

    /// A mapping of scalars as a dictionary (labels, selectors).
    static func strings(_ node: YAMLNode?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in node?.mapping ?? [] {
            if let key = pair.key.string, let value = pair.value.scalar { out[key] = value }
        }
        return out
    }

    static func containers(_ object: Object) -> [YAMLNode] {
        (object.podSpec?["initContainers"]?.sequence ?? []) + (object.podSpec?["containers"]?.sequence ?? [])
    }

    static func args(_ container: YAMLNode?) -> [String] {
        container?["args"]?.sequence?.compactMap(\.scalar) ?? []
    }

    @Test("every document is an object of a known kind, in the shipshape namespace, with a unique name")
    func shapes() throws {
        let objects = try Self.objects()
        let known: Set<String> = ["Namespace", "Service", "Deployment", "StatefulSet", "Secret", "Job"]
        var seen: Set<String> = []
        for object in objects {
            #expect(known.contains(object.kind), "\(object.file): kind '\(object.kind)'")
            #expect(!object.name.isEmpty, "\(object.file): a \(object.kind) without metadata.name")
            let version = object.node["apiVersion"]?.string ?? ""
            let expected = ["Deployment": "apps/v1", "StatefulSet": "apps/v1", "Job": "batch/v1"][object.kind] ?? "v1"
            #expect(version == expected, "\(object.file): \(object.kind) \(object.name) has apiVersion '\(version)'")
            if object.kind != "Namespace" {
                #expect(object.node["metadata"]?["namespace"]?.string == "shipshape", "\(object.file): \(object.name)")
            }
            #expect(seen.insert("\(object.kind)/\(object.name)").inserted, "\(object.kind)/\(object.name) twice")
        }
        #expect(objects.count >= 8)
    }

    @Test("the API and workers Deployments, PostgreSQL and the Secret fit together")
    func deployments() throws {
        let objects = try Self.objects()
        let api = try Self.one(objects, "Deployment", "shipshape-serve-api")
        let workers = try Self.one(objects, "Deployment", "shipshape-serve-workers")
        let postgres = try Self.one(objects, "StatefulSet", "shipshape-postgres")
        let secret = try Self.one(objects, "Secret", "shipshape-serve")
        let service = try Self.one(objects, "Service", "shipshape-serve")
        let postgresService = try Self.one(objects, "Service", "shipshape-postgres")

        // Readiness on /readyz (the database answers), liveness on /healthz, on the port the API listens on.
        let serve = try #require(api.podSpec?["containers"]?.sequence?.first)
        #expect(serve["readinessProbe"]?["httpGet"]?["path"]?.string == "/readyz")
        #expect(serve["livenessProbe"]?["httpGet"]?["path"]?.string == "/healthz")
        let port = serve["readinessProbe"]?["httpGet"]?["port"]?.scalar
        #expect(Self.args(serve).contains("--listen=0.0.0.0:\(port ?? "?")"), "\(Self.args(serve))")
        #expect(serve["ports"]?.sequence?.first?["containerPort"]?.scalar == port)
        #expect(Self.args(serve).contains("--role=api"))
        let worker = try #require(workers.podSpec?["containers"]?.sequence?.first)
        #expect(Self.args(worker).contains("--role=worker"))
        #expect(!Self.args(worker).contains("--role=api"))
        #expect(postgres.podSpec?["containers"]?.sequence?.first?["image"]?.string?.hasPrefix("postgres:15") == true)
        #expect(postgres.podSpec?["containers"]?.sequence?.first?["readinessProbe"] != nil)

        // Selectors pick their own pods; the Services select what they front.
        for object in [api, workers, postgres] {
            let selector = Self.strings(object.node["spec"]?["selector"]?["matchLabels"])
            let labels = Self.strings(object.node["spec"]?["template"]?["metadata"]?["labels"])
            #expect(!selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }, "\(object.name)")
        }
        let apiLabels = Self.strings(api.node["spec"]?["template"]?["metadata"]?["labels"])
        let workerLabels = Self.strings(workers.node["spec"]?["template"]?["metadata"]?["labels"])
        let selects = Self.strings(service.node["spec"]?["selector"])
        #expect(selects.allSatisfy { apiLabels[$0.key] == $0.value }, "the API Service does not select the API pods")
        #expect(!selects.allSatisfy { workerLabels[$0.key] == $0.value }, "the API Service selects the workers")
        let postgresLabels = Self.strings(postgres.node["spec"]?["template"]?["metadata"]?["labels"])
        #expect(
            Self.strings(postgresService.node["spec"]?["selector"]).allSatisfy { postgresLabels[$0.key] == $0.value })

        // The Secret holds the registry's credentials; every key a pod reads is in it; no password in a URL.
        let keys = Set(Self.strings(secret.node["stringData"]).keys)
        #expect(keys.isSuperset(of: ["event-secret", "api-token", "registry-auth.json", "postgres-password"]))
        for object in objects where object.podSpec != nil {
            for container in Self.containers(object) {
                for variable in container["env"]?.sequence ?? [] {
                    guard let reference = variable["valueFrom"]?["secretKeyRef"] else { continue }
                    #expect(reference["name"]?.string == "shipshape-serve")
                    #expect(keys.contains(reference["key"]?.string ?? ""), "\(object.name): \(reference)")
                }
                for argument in Self.args(container) where argument.hasPrefix("--database=") {
                    #expect(argument.contains("shipshape@shipshape-postgres:5432/"), "\(object.name): \(argument)")
                }
                // Every volume mounted is declared in the pod (or, for a StatefulSet, claimed by its template).
                let declared = (object.podSpec?["volumes"]?.sequence ?? []).compactMap { $0["name"]?.string }
                let claimed = (object.node["spec"]?["volumeClaimTemplates"]?.sequence ?? []).compactMap {
                    $0["metadata"]?["name"]?.string
                }
                let volumes = Set(declared + claimed)
                for mount in container["volumeMounts"]?.sequence ?? [] {
                    #expect(volumes.contains(mount["name"]?.string ?? ""), "\(object.name): \(mount)")
                }
            }
            if object.name.hasPrefix("shipshape-serve") || object.name.hasPrefix("shipshape-rescan") {
                let context = object.podSpec?["securityContext"]
                #expect(context?["runAsNonRoot"]?.value == .bool(true), "\(object.name) may run as root")
                let mounts = Self.containers(object).last?["volumeMounts"]?.sequence ?? []
                #expect(
                    mounts.contains { $0["name"]?.string == "secrets" && $0["readOnly"]?.value == .bool(true) },
                    "\(object.name): the secrets are not mounted read-only")
                #expect(Self.args(Self.containers(object).last).contains("--authfile=/secrets/registry-auth.json"))
            }
        }
    }

    @Test("a one-off full re-scan is an Indexed Job of worker pods sharing one run name")
    func rescanJob() throws {
        let objects = try Self.objects()
        let jobs = objects.filter { $0.kind == "Job" }
        let job = try #require(jobs.first)
        #expect(jobs.count == 1)
        let spec = job.node["spec"]
        #expect(spec?["completionMode"]?.string == "Indexed")
        let completions = Int(spec?["completions"]?.scalar ?? "") ?? 0
        #expect(completions > 1)
        #expect(Int(spec?["parallelism"]?.scalar ?? "") == completions)
        #expect(job.podSpec?["restartPolicy"]?.string == "Never")
        let arguments = Self.args(job.podSpec?["containers"]?.sequence?.first)
        #expect(arguments.contains("--role=worker"))
        #expect(arguments.contains { $0.hasPrefix("--rescan=") }, "\(arguments)")
    }

    /// The unit's sections and keys (`Key=value`, continued lines joined).
    static func unitEntries() throws -> [String: [String: String]] {
        let text = try String(contentsOfFile: unit, encoding: .utf8)
        var sections: [String: [String: String]] = [:]
        var section = ""
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = pending + raw.trimmingCharacters(in: .whitespaces)
            pending = ""
            if line.hasSuffix("\\") {
                line.removeLast()
                pending = line + " "
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw TestFailure("unit: '\(line)' is not Key=value") }
            sections[section, default: [:]][String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return sections
    }

    @Test("the systemd unit runs shipshape serve as its own user, secrets from files, hardened")
    func systemd() throws {
        let unit = try Self.unitEntries()
        #expect(Set(unit.keys) == ["Unit", "Service", "Install"])
        let service = unit["Service"] ?? [:]
        let command = (service["ExecStart"] ?? "").split(separator: " ").map(String.init)
        #expect(command.prefix(2) == ["/usr/local/bin/shipshape", "serve"], "\(command)")
        #expect(command.contains("--event-secret-file") && command.contains("--api-token-file"))
        #expect(service["User"] == "shipshape" && service["NoNewPrivileges"] == "yes")
        #expect(service["ProtectSystem"] == "strict" && service["KillSignal"] == "SIGTERM")
        // The state and cache directories systemd creates are the ones the command writes to.
        let writable = Set((service["ReadWritePaths"] ?? "").split(separator: " ").map(String.init))
        #expect(
            writable == [
                "/var/lib/\(service["StateDirectory"] ?? "?")", "/var/cache/\(service["CacheDirectory"] ?? "?")",
            ])
        for (index, word) in command.enumerated() where ["--database", "--cache"].contains(word) {
            let path = command.indices.contains(index + 1) ? command[index + 1] : ""
            #expect(writable.contains { path.hasPrefix($0 + "/") }, "\(word) \(path) is not writable under the unit")
        }
        #expect(unit["Install"]?["WantedBy"] == "multi-user.target")
    }

    @Test(
        "every option the manifests and the unit pass is one shipshape-serve accepts",
        .enabled(if: Requirement.met(ServeProcess.built), "needs the built shipshape-serve"))
    func optionsExist() throws {
        let help = try TestProcess.run(ServeProcess.binary.path, ["run", "--help"])
        #expect(help.succeeded, "\(help.stderr)")
        var used: [String] = []
        for object in try Self.objects() where object.podSpec != nil {
            for container in Self.containers(object) where container["command"] == nil {
                used += Self.args(container).map { String($0.prefix { $0 != "=" }) }
            }
        }
        used += (try Self.unitEntries()["Service"]?["ExecStart"] ?? "").split(separator: " ").map(String.init)
            .filter { $0.hasPrefix("--") }
        #expect(used.count > 20)
        for option in Set(used) {
            #expect(help.stdout.contains(option + " "), "shipshape-serve run does not know \(option)")
        }
    }
}
