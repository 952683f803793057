import Findings

/// Text editors are installed in the final image.
struct EditorsInstalled: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0033", "editors-installed", .noTools, .info,
        summary: "Text editors (vim, nano, emacs) are installed in the final image.",
        why: """
            Editing files inside a running container is drift nobody can reproduce; configuration belongs in \
            the image build, environment or mounted config. An editor also makes an intruder's work easier. \
            Debug with an ephemeral debug container instead.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends vim && rm -rf /var/lib/apt/lists/*
            """,
        good: """
            FROM debian:bookworm-slim
            COPY app.conf /etc/app/app.conf
            """)

    static let packages: Set<String> = [
        "vim", "vim-tiny", "vim-nox", "vi", "nano", "emacs", "emacs-nox", "joe", "ed", "mg", "micro", "neovim",
        "nvi", "jed",
    ]

    func check(_ context: LintContext) -> [Finding] {
        ToolPackages.findings(
            context, rule: Self.descriptor, packages: Self.packages, kind: "editor",
            hint: "put configuration in the image or mount it; do not edit in the container")
    }
}
