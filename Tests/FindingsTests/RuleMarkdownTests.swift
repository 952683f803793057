import Findings
import Testing

@Suite("Rule documentation page")
struct RuleMarkdownTests {
    let rules = [
        RuleDescriptor(
            id: "SS0001", name: "shell-form-entrypoint", practice: .pid1, severity: .warning,
            summary: "ENTRYPOINT is `a | b` in shell form.", documentation: "Shell form.\n\n**Why:** signals."),
        RuleDescriptor(
            id: "SS0200", name: "untagged-base", practice: .tagging, severity: .error, summary: "No tag.",
            documentation: "No tag."),
    ]

    @Test("table linked to each section, pipes escaped, practices in PRODUCT.md order")
    func page() {
        let page = RuleDescriptor.markdownPage(rules, title: "Rules", introduction: "Intro.") { _ in nil }
        #expect(
            page == """
                # Rules

                Intro.

                | id | name | practice | severity | summary |
                |---|---|---|---|---|
                | [SS0001](#ss0001-shell-form-entrypoint) | `shell-form-entrypoint` | `pid1` | warning | \
                ENTRYPOINT is `a \\| b` in shell form. |
                | [SS0200](#ss0200-untagged-base) | `untagged-base` | `tagging` | error | No tag. |

                ## pid1: signals and zombies: a correct PID 1

                ### SS0001 shell-form-entrypoint

                *warning*

                Shell form.

                **Why:** signals.

                ## tagging: every image names its version

                ### SS0200 untagged-base

                *error*

                No tag.

                """)
    }

    @Test("a practice without rules gets the caller's text, or no section when it returns nil")
    func emptyPractices() {
        let page = RuleDescriptor.markdownPage(rules, title: "Rules", introduction: "Intro.") { practice in
            practice == .secrets ? "Nothing here." : nil
        }
        #expect(page.contains("\n## secrets: no credentials in the image\n\nNothing here.\n"))
        #expect(!page.contains("## one-app"))
        let every = RuleDescriptor.markdownPage([], title: "Rules", introduction: "Intro.") { _ in "None." }
        #expect(every.split(separator: "\n## ").count == Practice.allCases.count + 1)
    }
}
