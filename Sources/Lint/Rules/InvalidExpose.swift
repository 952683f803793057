import Findings

/// EXPOSE with a port out of range, an unknown protocol, upper-case protocol or an `ip:port` mapping.
struct InvalidExpose: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0133", "invalid-expose", .correctness, .warning,
        summary: "EXPOSE has an invalid port, protocol or an `ip:port` mapping.",
        why: """
            EXPOSE documents container ports: `PORT[/tcp|udp|sctp]` or a range, 0-65535. Host IPs and \
            host-port mappings belong to `docker run -p`; BuildKit warns about them (ExposeInvalidFormat) and \
            about upper-case protocols (ExposeProtoCasing).
            """,
        bad: """
            FROM nginx:1.27
            EXPOSE 0.0.0.0:80:80 443/TCP
            """,
        good: """
            FROM nginx:1.27
            EXPOSE 80 443/tcp
            """)
    static let hadolintCodes = ["DL3011"]
    static let buildkitChecks = ["ExposeInvalidFormat", "ExposeProtoCasing"]
    static func buildkitCheck(of finding: Finding) -> String? {
        finding.message.hasSuffix("write the protocol in lower case") ? "ExposeProtoCasing" : "ExposeInvalidFormat"
    }

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for instruction in context.dockerfile.instructions where instruction.keyword == "EXPOSE" {
            for word in instruction.words where !isSymbolic(word) {
                if let problem = Self.problem(word) {
                    findings.append(
                        context.finding(Self.descriptor, instruction.range, "EXPOSE \(word): \(problem)"))
                }
            }
        }
        return findings
    }

    static func problem(_ word: String) -> String? {
        let parts = word.split(separator: "/", maxSplits: 1).map(String.init)
        let port = parts.first ?? ""
        if parts.count == 2 {
            let proto = parts[1]
            if !["tcp", "udp", "sctp"].contains(proto.lowercased()) { return "unknown protocol '\(proto)'" }
            if proto != proto.lowercased() { return "write the protocol in lower case" }
        }
        if port.contains(":") { return "an IP or host port belongs in `docker run -p`, not EXPOSE" }
        let bounds = port.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard !bounds.isEmpty, bounds.count <= 2, bounds.allSatisfy({ $0 != nil }) else {
            return "'\(port)' is not a port"
        }
        if bounds.contains(where: { ($0 ?? 0) > 65535 || ($0 ?? 0) < 0 }) { return "ports are 0-65535" }
        return nil
    }
}
