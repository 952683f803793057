import Testing

@testable import Lint

/// Issue 18 row 6: a repository's own `.shipshape.yml` must not be able to exhaust the job that lints it.
@Suite("Configuration (.shipshape.yml): limits")
struct ConfigurationLimitsTests {
    @Test("an alias flood is refused with the file, the line and the limit, in bounded time")
    func aliasFlood() {
        let big = String(repeating: "r", count: 10_240)
        let yaml =
            "fail-on: error\ntrusted-registries: [&s \"\(big)\"" + String(repeating: ", *s", count: 400_000) + "]\n"
        let clock = ContinuousClock()
        let start = clock.now
        #expect {
            _ = try Configuration(yaml: yaml, path: ".shipshape.yml", knownRules: RuleRegistry.descriptors)
        } throws: { error in
            let text = (error as? ConfigurationError)?.description ?? ""
            return text.hasPrefix(".shipshape.yml:2: invalid YAML: column ")
                && text.contains("aliases expand to more than 4194304 bytes")
        }
        #expect(clock.now - start < .seconds(10))
    }

    @Test("a duplicate key is an error at its line")
    func duplicateKey() {
        #expect {
            _ = try Configuration(
                yaml: "fail-on: error\nfail-on: none\n", path: ".shipshape.yml", knownRules: RuleRegistry.descriptors)
        } throws: { error in
            (error as? ConfigurationError)?.description
                == ".shipshape.yml:2: invalid YAML: column 1: duplicate key 'fail-on' in a mapping"
        }
    }
}
