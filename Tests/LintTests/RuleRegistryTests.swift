import Findings
import Foundation
import TestSupport
import Testing

@testable import Lint

/// The package root, found from this file's path.
let packageRoot = TestFiles.packageRoot

@Suite("Rule registry")
struct RuleRegistryTests {
    @Test("ids are unique SS0000 numbers in order, names unique and kebab-case")
    func idsAndNames() {
        let ids = RuleRegistry.descriptors.map(\.id)
        let names = RuleRegistry.descriptors.map(\.name)
        #expect(Set(ids).count == ids.count)
        #expect(Set(names).count == names.count)
        #expect(ids == ids.sorted())
        for id in ids {
            #expect(id.count == 6 && id.hasPrefix("SS") && id.dropFirst(2).allSatisfy(\.isNumber), "\(id)")
        }
        for name in names {
            #expect(
                !name.isEmpty && name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } && !name.hasPrefix("-"),
                "\(name)")
        }
    }

    @Test("every practice but vulnerabilities has rules; the registry holds 50 or more")
    func practices() {
        let covered = Set(RuleRegistry.descriptors.map(\.practice))
        for practice in Practice.allCases where practice != .vulnerabilities {
            #expect(covered.contains(practice), "no rule for \(practice.rawValue)")
        }
        #expect(RuleRegistry.all.count >= 50)
    }

    @Test("every rule is documented: summary, why, a bad and a good example")
    func documented() {
        for rule in RuleRegistry.descriptors {
            #expect(rule.summary.count > 20, "\(rule.id) summary")
            #expect(rule.documentation.hasPrefix(rule.summary), "\(rule.id)")
            #expect(rule.documentation.contains("**Why:**"), "\(rule.id)")
            #expect(rule.badExample?.isEmpty == false, "\(rule.id) bad example")
            #expect(rule.goodExample?.isEmpty == false, "\(rule.id) good example")
        }
    }

    @Test("every rule has a test file named after it in Tests/LintTests/Rules")
    func testFiles() {
        let folder = packageRoot.appendingPathComponent("Tests/LintTests/Rules")
        for rule in RuleRegistry.all {
            let name = String(describing: type(of: rule))
            let file = folder.appendingPathComponent("\(name)Tests.swift")
            #expect(FileManager.default.fileExists(atPath: file.path), "missing \(file.lastPathComponent)")
            let source = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            #expect(source.contains("^ \(rule.descriptor.id)"), "\(name)Tests has no positive case")
            #expect(
                source.components(separatedBy: "@Test").count >= 3, "\(name)Tests needs a positive and a negative test")
        }
    }

    @Test("hadolint codes look like DL/SC codes")
    func hadolintCodes() {
        for code in RuleRegistry.hadolintMapping.keys {
            #expect(code.hasPrefix("DL") || code.hasPrefix("SC"), "\(code)")
        }
        #expect(RuleRegistry.hadolintMapping["DL3025"]?.contains("SS0001") == true)
    }

    /// What the documentation examples need beyond the Dockerfile (configuration, files beside it).
    static func exampleSetting(_ rule: RuleDescriptor, bad: Bool) -> (Configuration, (any BuildContextProbe)?) {
        switch rule.name {
        case "untrusted-registry": (Configuration(trustedRegistries: ["registry.example.com"]), nil)
        case "base-not-allowed": (Configuration(allowedBaseImages: ["debian:bookworm-slim"]), nil)
        case "wrapper-script-without-exec":
            (
                Configuration(),
                MemoryContext(files: [
                    "entrypoint.sh": bad ? "#!/bin/sh\nchown app /data\n\"$@\"\n" : "#!/bin/sh\nexec \"$@\"\n"
                ])
            )
        case "missing-dockerignore":
            (Configuration(), MemoryContext(files: bad ? [:] : [".dockerignore": ".git\n"]))
        case "copy-ignored-file": (Configuration(), MemoryContext(files: [".dockerignore": "*.env\n"]))
        case "end-of-life-base":
            (
                {
                    var configuration = Configuration()
                    configuration.today = CalendarDate(iso: "2026-12-03")
                    return configuration
                }(), nil
            )
        default: (Configuration(), nil)
        }
    }

    @Test(
        "the documentation's bad example is reported and its good example is not",
        arguments: RuleRegistry.all.map { $0.descriptor.id })
    func examples(id: String) throws {
        let rule = try #require(RuleRegistry.rule(id))
        let descriptor = rule.descriptor
        let linter = Linter(rules: [rule])
        let (badConfiguration, badContext) = Self.exampleSetting(descriptor, bad: true)
        let bad = linter.lint(
            try #require(descriptor.badExample), path: "Dockerfile", configuration: badConfiguration,
            buildContext: badContext)
        #expect(!bad.isEmpty, "\(id): the bad example is not reported")
        let (goodConfiguration, goodContext) = Self.exampleSetting(descriptor, bad: false)
        let good = linter.lint(
            try #require(descriptor.goodExample), path: "Dockerfile", configuration: goodConfiguration,
            buildContext: goodContext)
        #expect(good.isEmpty, "\(id): the good example is reported: \(good.map(\.message))")
    }

    @Test("docs/rules.md is generated from the rules (SHIPSHAPE_RECORD=1 rewrites it)")
    func docsCurrent() throws {
        let path = packageRoot.appendingPathComponent("docs/rules.md")
        let generated = RuleDocs.markdown(RuleRegistry.descriptors)
        if ProcessInfo.processInfo.environment["SHIPSHAPE_RECORD"] != nil {
            try FileManager.default.createDirectory(
                at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: path, atomically: true, encoding: .utf8)
        }
        let current = try String(contentsOf: path, encoding: .utf8)
        #expect(current == generated, "docs/rules.md is stale: run SHIPSHAPE_RECORD=1 swift test --filter docsCurrent")
        #expect(generated.contains("[image-checks.md](image-checks.md)"), "docs/rules.md links the image checks")
    }
}
