import Findings

/// A variable is used before the ARG/ENV that declares it, or looks like a misspelling of a declared one.
struct UndefinedVariable: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0129", "undefined-variable", .correctness, .warning,
        summary: "A variable is used before it is declared, or is a misspelling of a declared one.",
        why: """
            An undeclared variable expands to an empty string without an error: `COPY app $APP_HOME/` copies \
            to `/`. Reported when FROM uses a variable no global ARG declares, when an instruction uses a \
            variable that an ARG/ENV of the same stage declares only later, and when the name differs from \
            a declared one (or PATH) only by case or one letter (BuildKit: UndefinedVar, UndefinedArgInFrom); \
            `--platform` counts as part of FROM. A platform variable (`$TARGETARCH`) used in a stage without \
            `ARG TARGETARCH` is empty. Other variables the base image may define are not reported, except in \
            a stage built from scratch, where nothing but ARG, ENV and PATH defines one. RUN is left to the \
            shell.
            """,
        bad: """
            FROM alpine:3.21
            ARG APP_HOME=/app
            WORKDIR $APP_HOEM
            """,
        good: """
            FROM alpine:3.21
            ARG APP_HOME=/app
            WORKDIR $APP_HOME
            """)
    static let buildkitChecks = ["UndefinedVar", "UndefinedArgInFrom"]
    static func buildkitCheck(of finding: Finding) -> String? {
        finding.message.hasPrefix("FROM ") ? "UndefinedArgInFrom" : "UndefinedVar"
    }

    static let predefined: Set<String> = [
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH",
        "BUILDVARIANT", "TARGETSTAGE", "BUILDKIT_SYNTAX", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY",
        "ALL_PROXY", "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy", "SOURCE_DATE_EPOCH",
    ]

    /// The variable names referenced as `$NAME` or `${NAME…}` in `text` (escaped `\$` excluded).
    static func references(_ text: String) -> [String] {
        var names: [String] = []
        let characters = Array(text.unicodeScalars)
        var index = 0
        while index < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            guard characters[index] == "$", index + 1 < characters.count else {
                index += 1
                continue
            }
            var cursor = index + 1
            let braced = characters[cursor] == "{"
            if braced { cursor += 1 }
            var name = ""
            while cursor < characters.count,
                characters[cursor] == "_" || (characters[cursor].properties.isAlphabetic && characters[cursor].isASCII)
                    || (("0"..."9").contains(characters[cursor]) && !name.isEmpty)
            {
                name.unicodeScalars.append(characters[cursor])
                cursor += 1
            }
            if !name.isEmpty { names.append(name) }
            index = max(cursor, index + 1)
        }
        return names
    }

    /// The variables BuildKit sets for every build, which a stage sees only after `ARG NAME`.
    static let platformArgs: Set<String> = [
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH",
        "BUILDVARIANT", "TARGETSTAGE",
    ]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        let globals = Set(
            context.dockerfile.globalInstructions.filter { $0.keyword == "ARG" }.flatMap { $0.pairs.map(\.key) })
        var declaredByStage: [Int: Set<String>] = [:]
        for stage in context.stages {
            // FROM sees the global ARGs and the platform variables, in the image and in --platform.
            var fromReported: Set<String> = []
            let fromTexts = [stage.from.text] + (stage.from.flag("platform").map { [$0] } ?? [])
            for name in fromTexts.flatMap(Self.references)
            where !globals.contains(name) && !Self.predefined.contains(name) && fromReported.insert(name).inserted {
                let similar = (globals.union(Self.platformArgs)).sorted().first { Self.isNearMiss(name, $0) }
                findings.append(
                    context.finding(
                        Self.descriptor, stage.from.range,
                        "FROM uses $\(name), which no ARG before the first FROM declares"
                            + (similar.map { "; did you mean $\($0)?" } ?? ""),
                        hint: similar.map { "use $\($0)" } ?? "declare `ARG \(name)=…` before the first FROM"))
            }
            // From scratch, every variable is known: PATH (BuildKit's default) and what ARG and ENV declare.
            let fromScratch = context.chain(of: stage).first?.isScratch ?? false
            var declared = stage.baseStage.flatMap { declaredByStage[$0] } ?? []
            let laterDeclarations = stage.instructions.filter { ["ARG", "ENV"].contains($0.keyword) }
            for instruction in stage.instructions {
                if !["RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK", "ONBUILD", "SHELL"].contains(instruction.keyword) {
                    var reported: Set<String> = []
                    for name in Self.references(instruction.text)
                    where !declared.contains(name) && name != "PATH" && reported.insert(name).inserted {
                        if Self.predefined.contains(name) && !Self.platformArgs.contains(name) { continue }
                        if instruction.pairs.contains(where: { $0.key == name }) { continue }
                        if laterDeclarations.contains(where: {
                            $0.range.line > instruction.range.line && $0.pairs.contains { $0.key == name }
                        }) {
                            findings.append(
                                context.finding(
                                    Self.descriptor, instruction.range,
                                    "$\(name) is used before the ARG/ENV that declares it",
                                    hint: "move the declaration of \(name) above this line"))
                        } else if let similar = declared.union(["PATH"]).sorted().first(where: {
                            Self.isNearMiss(name, $0)
                        }) {
                            findings.append(
                                context.finding(
                                    Self.descriptor, instruction.range,
                                    "$\(name) is not declared; did you mean $\(similar)?",
                                    hint: "use $\(similar)"))
                        } else if Self.platformArgs.contains(name) {
                            findings.append(
                                context.finding(
                                    Self.descriptor, instruction.range,
                                    "$\(name) is empty here: a stage sees it only after `ARG \(name)`",
                                    hint: "add `ARG \(name)` to this stage"))
                        } else if fromScratch {
                            findings.append(
                                context.finding(
                                    Self.descriptor, instruction.range,
                                    "$\(name) is not declared in this stage (built from scratch, so no base image sets it)",
                                    hint: "declare `ARG \(name)` in this stage"))
                        }
                    }
                }
                if ["ARG", "ENV"].contains(instruction.keyword) { declared.formUnion(instruction.pairs.map(\.key)) }
            }
            declaredByStage[stage.index] = declared
        }
        return findings
    }

    /// Same name in another case, or one edit (insert, delete, substitute, swap) apart, for names of 4+ letters.
    static func isNearMiss(_ a: String, _ b: String) -> Bool {
        if a == b { return false }
        if a.lowercased() == b.lowercased() { return true }
        let x = Array(a)
        let y = Array(b)
        guard x.count >= 4, y.count >= 4, abs(x.count - y.count) <= 1 else { return false }
        if x.count == y.count {
            let differences = zip(x, y).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
            if differences.count == 1 { return true }
            if differences.count == 2, differences[1] == differences[0] + 1, x[differences[0]] == y[differences[1]],
                x[differences[1]] == y[differences[0]]
            {
                return true
            }
            return false
        }
        let (short, long) = x.count < y.count ? (x, y) : (y, x)
        var i = 0
        var j = 0
        var skipped = false
        while i < short.count, j < long.count {
            if short[i] == long[j] {
                i += 1
                j += 1
            } else if !skipped {
                skipped = true
                j += 1
            } else {
                return false
            }
        }
        return true
    }
}
