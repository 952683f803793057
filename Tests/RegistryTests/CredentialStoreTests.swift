import Foundation
import Testing

@testable import Registry

@Suite("Credentials from config files and helpers")
struct CredentialStoreTests {
    func withConfig(_ json: String, _ body: (String) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "/shipshape-config-" + UUID().uuidString + ".json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    @Test("auths: base64 auth, identitytoken, keys with scheme and path, Docker Hub's v1 key")
    func auths() throws {
        let auth = Data("alice:s3cr:et".utf8).base64EncodedString()
        let json = """
            {"auths": {
              "https://index.docker.io/v1/": {"auth": "\(auth)"},
              "registry.example.com": {"identitytoken": "refresh-123"},
              "http://localhost:5000/v2/": {"auth": "\(auth)"}
            }}
            """
        try withConfig(json) { (path: String) throws in
            let store = CredentialStore(authFile: path)
            #expect(try store.credential(for: "docker.io") == .basic(username: "alice", password: "s3cr:et"))
            #expect(try store.credential(for: "registry.example.com") == .identityToken("refresh-123"))
            #expect(try store.credential(for: "localhost:5000") == .basic(username: "alice", password: "s3cr:et"))
            #expect(try store.credential(for: "other.example.com") == nil)
        }
    }

    @Test("credHelpers and credsStore run docker-credential-NAME get with the server on stdin")
    func helpers() throws {
        let json = #"{"auths": {}, "credsStore": "desktop", "credHelpers": {"gcr.io": "gcloud"}}"#
        try withConfig(json) { (path: String) throws in
            let store = CredentialStore(authFile: path) { name, input in
                switch (name, input) {
                case ("gcloud", "gcr.io"): return #"{"ServerURL":"gcr.io","Username":"_json","Secret":"key"}"#
                case ("desktop", "https://index.docker.io/v1/"):
                    return #"{"Username":"<token>","Secret":"tok"}"#
                default: return nil
                }
            }
            #expect(try store.credential(for: "gcr.io") == .basic(username: "_json", password: "key"))
            #expect(try store.credential(for: "docker.io") == .identityToken("tok"))
            #expect(try store.credential(for: "quay.io") == nil)
        }
    }

    @Test("explicit --username/--password-stdin wins; REGISTRY_AUTH_FILE, DOCKER_CONFIG and HOME in that order")
    func precedence() throws {
        let store = CredentialStore(explicit: ["r.example": .basic(username: "u", password: "p")], authFile: nil)
        #expect(try store.credential(for: "r.example") == .basic(username: "u", password: "p"))
        #expect(CredentialStore.defaultAuthFile(environment: ["REGISTRY_AUTH_FILE": "/a", "HOME": "/h"]) == "/a")
        #expect(
            CredentialStore.defaultAuthFile(environment: ["DOCKER_CONFIG": "/d", "HOME": "/h"]) == "/d/config.json")
        #expect(CredentialStore.defaultAuthFile(environment: ["HOME": "/h"]) == "/h/.docker/config.json")
    }

    @Test("a broken config is an error that shows no secret")
    func broken() throws {
        try withConfig(#"{"auths": {"r.example": {"auth": "!!!notbase64"}}}"#) { (path: String) throws in
            #expect(throws: RegistryError.self) { try CredentialStore(authFile: path).credential(for: "r.example") }
        }
        let credential = Credential.basic(username: "bob", password: "hunter2")
        #expect(!"\(credential)".contains("hunter2"))
        #expect(!String(reflecting: credential).contains("hunter2"))
    }

    @Test(
        "an auth file that is a device, a FIFO, a directory or over 1 MiB is refused at once, with what it is",
        arguments: ["device", "fifo", "directory", "large"])
    func notAConfigFile(kind: String) throws {
        let directory = NSTemporaryDirectory() + "/shipshape-authfile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path: String
        let expected: String
        switch kind {
        case "device":
            path = "/dev/zero"
            expected = "cannot read registry credentials: '/dev/zero' is not a regular file (a Docker config.json)"
        case "fifo":
            path = directory + "/fifo"
            #expect(mkfifo(path, 0o600) == 0)
            expected = "cannot read registry credentials: '\(path)' is not a regular file (a Docker config.json)"
        case "directory":
            path = directory
            expected = "cannot read registry credentials: '\(path)' is not a regular file (a Docker config.json)"
        default:
            path = directory + "/config.json"
            try Data(count: (1 << 20) + 1).write(to: URL(fileURLWithPath: path))
            expected = "cannot read registry credentials: '\(path)' is larger than 1 MiB"
        }
        let started = Date()
        #expect {
            try CredentialStore(authFile: path).credential(for: "r.example")
        } throws: { error in
            (error as? RegistryError)?.description == expected
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
