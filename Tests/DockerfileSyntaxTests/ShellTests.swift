import Testing

@testable import DockerfileSyntax

@Suite("Shell analysis")
struct ShellTests {
    func commands(_ script: String) -> [ShellCommand] {
        Dockerfile.parse("FROM a\nRUN \(script)\n").instructions[1].commands
    }

    /// Script → the commands as `name arg…` and their connectors.
    static let table: [(String, [String], [ShellOperator])] = [
        (
            "a && b || c; d | e & f", ["a", "b", "c", "d", "e", "f"],
            [.none, .and, .or, .semicolon, .pipe, .background]
        ),
        ("echo 'a b' \"c d\" e\\ f", ["echo a b|c d|e f"], [.none]),
        ("DEBIAN_FRONTEND=noninteractive apt-get install -y x", ["apt-get install|-y|x"], [.none]),
        ("(cd /src && make) && make install", ["cd /src", "make", "make install"], [.none, .and, .and]),
        ("{ a; b; } > /log", ["a", "b"], [.none, .semicolon]),
        (
            "x=$(curl -s https://e.com | sh) && y", ["", "curl -s|https://e.com", "sh", "y"],
            [.none, .none, .pipe, .and]
        ),
        ("echo `date`", ["echo `date`", "date"], [.none, .none]),
        (
            "if [ -f x ]; then rm x; else touch y; fi", ["[ -f|x|]", "rm x", "touch y"],
            [.none, .semicolon, .semicolon]
        ),
        ("for f in a b; do echo $f; done", ["echo $f"], [.semicolon]),
        ("while read l; do echo $l; done < f", ["read l", "echo $l"], [.none, .semicolon]),
        ("case $x in a|b) one;; *) two;; esac", ["one", "two"], [.none, .caseEnd]),
        (
            "sh -c 'apt-get update && apt-get install -y curl'",
            ["sh -c|apt-get update && apt-get install -y curl", "apt-get update", "apt-get install|-y|curl"],
            [.none, .none, .and]
        ),
        ("bash -ec \"npm ci\"", ["bash -ec|npm ci", "npm ci"], [.none, .none]),
        ("ls 2>/dev/null >&2 | wc -l", ["ls", "wc -l"], [.none, .pipe]),
        ("a # comment && b", ["a"], [.none]),
        ("f() { echo x; }; f", ["echo x", "f"], [.none, .semicolon]),
        ("! grep -q x f", ["grep -q|x|f"], [.none]),
        ("$(( 1 + 2 )) ; echo", ["$(( 1 + 2 ))", "echo"], [.none, .semicolon]),
        ("echo \"$(which node)\"", ["echo $(which node)", "which node"], [.none, .none]),
    ]

    @Test("splitting into commands", arguments: table)
    func split(script: String, expected: [String], connectors: [ShellOperator]) {
        let found = commands(script)
        let rendered = found.map { command in
            ([command.name] + [command.arguments.joined(separator: "|")]).filter { !$0.isEmpty }.joined(separator: " ")
        }
        #expect(rendered == expected)
        #expect(found.map(\.connector) == connectors)
    }

    @Test("assignments, redirections, background and depth")
    func details() throws {
        let found = commands("A=1 B=\"two words\" env > /out 2>&1 && (sleep 1 &) ; X=2")
        #expect(found.count == 3)
        #expect(found[0].assignments.map(\.name) == ["A", "B"])
        #expect(found[0].assignments.map(\.value) == ["1", "two words"])
        #expect(found[0].redirections.map(\.op) == [">", ">&"])
        #expect(found[0].redirections.map(\.target) == ["/out", "1"])
        #expect(found[0].redirections.map(\.fileDescriptor) == [nil, 2])
        #expect(found[1].name == "sleep" && found[1].isBackgrounded && found[1].depth == 1)
        #expect(found[2].name.isEmpty && found[2].assignments.first?.value == "2")
    }

    @Test("positions of words, across continuation lines")
    func positions() throws {
        let file = Dockerfile.parse("FROM a\nRUN apt-get update \\\n && apt-get install -y \\\n     curl\n")
        let commands = file.instructions[1].commands
        #expect(commands.count == 2)
        let curl = try #require(commands[1].words.last)
        #expect(curl.value == "curl")
        #expect(curl.span.start == SourcePosition(line: 4, column: 6, offset: 58))
        #expect(commands[1].span.start == SourcePosition(line: 3, column: 5, offset: 32))
        #expect(commands[1].instructionIndex == 1)
    }

    @Test("newlines separate commands in heredoc scripts; an operator at the end of a line continues")
    func newlines() throws {
        let file = Dockerfile.parse("FROM a\nRUN <<EOF\na &&\n  b\nc\nEOF\n")
        let found = file.instructions[1].commands.filter { !$0.name.isEmpty }
        #expect(found.map(\.name) == ["a", "b", "c"])
        #expect(found.map(\.connector) == [.none, .and, .newline])
    }

    @Test("flag helpers: long, short, clusters, values; subcommand and operands")
    func helpers() throws {
        let command = try #require(
            commands("apt-get -qy --no-install-recommends -o Dpkg::Options=x install curl git").first)
        #expect(command.hasFlag("-y"))
        #expect(command.hasFlag("-q"))
        #expect(!command.hasFlag("-f"))
        #expect(command.hasFlag("--no-install-recommends"))
        #expect(command.flagValue("-o") == "Dpkg::Options=x")
        let pip = try #require(
            commands("/usr/local/bin/pip install --no-cache-dir --index-url=https://x -r req.txt").first)
        #expect(pip.isNamed("pip"))
        #expect(pip.baseName == "pip")
        #expect(pip.subcommand == "install")
        #expect(pip.flagValue("--index-url") == "https://x")
        #expect(pip.flagValue("-r") == "req.txt")
        #expect(pip.operands(after: 1) == ["req.txt"])
    }

    @Test("exec-form sh -c is analysed; shell-form CMD and ENTRYPOINT too")
    func execAndCmd() throws {
        let file = Dockerfile.parse(
            "FROM a\nRUN [\"/bin/sh\", \"-c\", \"apk add x && rm -rf /var/cache/apk/*\"]\nCMD nginx -g 'daemon off;' & tail -f /dev/null\n"
        )
        #expect(file.instructions[1].commands.map(\.name) == ["/bin/sh", "apk", "rm"])
        #expect(file.instructions[1].commands[2].span.start == SourcePosition(line: 2, column: 37, offset: 43))
        let cmd = file.instructions[2].commands
        #expect(cmd.map(\.name) == ["nginx", "tail"])
        #expect(cmd[0].isBackgrounded)
        #expect(file.commands(named: "apk").count == 1)
    }

    @Test("unterminated quotes and substitutions end at the end of the text")
    func unterminated() {
        #expect(commands("echo 'abc").map(\.name) == ["echo"])
        #expect(commands("echo \"$(date").map(\.name) == ["echo", "date"])
        #expect(commands("echo `x").map(\.name) == ["echo", "x"])
        #expect(commands("( ( a").map(\.name) == ["a"])
        #expect(commands(") ) } fi done esac a").map(\.name) == ["a"])
    }

    @Test("ShellScript: the top-level commands of shell text outside a Dockerfile, positioned in the text")
    func script() {
        let commands = ShellScript.commands("cd /app && x=$(date) exec node \"$ENTRY\" &\n# done\nsh -c 'a; b'")
        #expect(commands.map(\.name) == ["cd", "exec", "sh"])
        #expect(commands[1].assignments.map(\.name) == ["x"])
        #expect(commands[1].arguments == ["node", "$ENTRY"])
        #expect(commands[1].isBackgrounded)
        #expect(commands[1].span.start.line == 1 && commands[1].span.start.column == 12)
        #expect(commands[2].span.start.line == 3 && commands[2].span.start.column == 1)
        #expect(ShellScript.commands("").isEmpty)
        #expect(ShellScript.commands("'unterminated").map(\.name) == ["unterminated"])
    }
}
