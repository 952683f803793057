import Findings
import Testing

@testable import Lint

@Suite("Configuration (.shipshape.yml)")
struct ConfigurationTests {
    func parse(_ yaml: String) throws(ConfigurationError) -> Configuration {
        try Configuration(yaml: yaml, path: ".shipshape.yml", knownRules: RuleRegistry.descriptors)
    }

    @Test("every key is read")
    func full() throws {
        let configuration = try parse(
            """
            fail-on: error
            disable: [SS0092, latest-tag]
            severity:
              root-user: error
              SS0060: warning
            trusted-registries: [docker.io, ghcr.io/acme]
            allowed-base-images:
              - debian:bookworm-slim
              - "gcr.io/distroless/*"
            """)
        #expect(configuration.failOn == .error)
        #expect(configuration.disabled == ["SS0092", "latest-tag"])
        #expect(configuration.severities == ["root-user": .error, "SS0060": .warning])
        #expect(configuration.trustedRegistries == ["docker.io", "ghcr.io/acme"])
        #expect(configuration.allowedBaseImages == ["debian:bookworm-slim", "gcr.io/distroless/*"])
    }

    @Test("an empty file is the default configuration")
    func empty() throws {
        #expect(try parse("") == Configuration(path: ".shipshape.yml"))
        #expect(try parse("# nothing\n") == Configuration(path: ".shipshape.yml"))
    }

    @Test(
        "mistakes are errors naming the file and line",
        arguments: [
            ("fail-on: sometimes\n", ".shipshape.yml:1: 'fail-on' must be one of error, warning, info, none"),
            ("disable:\n  - SS0001\n  - no-such-rule\n", ".shipshape.yml:3: unknown rule 'no-such-rule' in 'disable'"),
            (
                "severity:\n  root-user: fatal\n",
                ".shipshape.yml:2: the severity of 'root-user' must be error, warning or info"
            ),
            (
                "disabled: [SS0001]\n",
                ".shipshape.yml:1: unknown key 'disabled' (known: fail-on, disable, severity, trusted-registries, allowed-base-images, inspect, vulnerabilities)"
            ),
            ("- just\n- a list\n", ".shipshape.yml:1: the configuration must be a mapping of keys"),
            ("trusted-registries: {a: b}\n", ".shipshape.yml:1: 'trusted-registries' must be a list of strings"),
        ])
    func invalid(yaml: String, message: String) {
        #expect {
            _ = try parse(yaml)
        } throws: { error in
            (error as? ConfigurationError)?.description == message
        }
    }

    @Test("a hostile key, rule name or duplicate is quoted as a 40-character excerpt, never whole")
    func hostileTextTruncated() {
        let long = String(repeating: "k", count: 5_000)
        for (yaml, expected) in [
            ("\(long): 1\n", ".shipshape.yml:1: unknown key '\(long.prefix(40))…' (known: "),
            ("disable: [\(long)]\n", ".shipshape.yml:1: unknown rule '\(long.prefix(40))…' in 'disable'"),
            ("severity: {\(long): error}\n", ".shipshape.yml:1: unknown rule '\(long.prefix(40))…' in 'severity'"),
            (
                "a\(long): 1\na\(long): 2\n",
                ".shipshape.yml:2: invalid YAML: column 1: duplicate key 'a\(long.prefix(39))…'"
            ),
            ("\"\\e]0;x\\a\": 1\n", ".shipshape.yml:1: unknown key '\\x1b]0;x\\x07' (known: "),
        ] {
            #expect {
                _ = try parse(yaml)
            } throws: { error in
                let text = (error as? ConfigurationError)?.description ?? ""
                return text.hasPrefix(expected) && text.count < 300
            }
        }
    }

    @Test("the sections other commands read are accepted: inspect (InspectConfiguration) and vulnerabilities (scan)")
    func otherCommandsSections() throws {
        let configuration = try parse(
            """
            fail-on: error
            inspect:
              maxWaste: 10%
              trustedRegistries: [registry.example.com]
              disable: [SS1092]
            vulnerabilities:
              ignore: []
            """)
        #expect(configuration.failOn == .error)
        #expect {
            _ = try parse("inspect: [maxWaste]\n")
        } throws: { error in
            (error as? ConfigurationError)?.description
                == ".shipshape.yml:1: 'inspect' must be a mapping of inspect's settings (maxWaste, trustedRegistries, disable)"
        }
    }

    @Test("malformed YAML names the line")
    func malformed() {
        #expect {
            _ = try parse("disable: [SS0001\nseverity:\n")
        } throws: { error in
            guard case .syntax(let path, let line, _) = error as? ConfigurationError else { return false }
            return path == ".shipshape.yml" && line != nil
        }
    }

    @Test("disabled rules are skipped and severities changed")
    func applied() {
        let text = "FROM ubuntu\nCMD echo hi\n"
        let configuration = Configuration(disabled: ["untagged-base"], severities: ["SS0002": .error])
        let findings = Linter().lint(text, path: "Dockerfile", configuration: configuration)
        #expect(!findings.contains { $0.name == "untagged-base" })
        #expect(findings.first { $0.rule == "SS0002" }?.severity == .error)
    }
}
