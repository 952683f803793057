import Findings

/// The findings of `shipshape probe`: ids SS2xxx (measured at run time; `inspect`'s static checks are SS1xxx).
/// `all` is the only list; `shipshape rules --kind probe` and `explain` read it.
public enum ProbeRules: RuleCatalog {
    public static let stopSignalIgnored = rule(
        "SS2001", "stop-signal-ignored", .pid1, .warning,
        "PID 1 did not end within the grace period after the stop signal and had to be killed with SIGKILL.",
        "Measured by `shipshape probe`, which sends the image's StopSignal (default SIGTERM) to PID 1 as `docker stop` does. The kernel delivers nothing to a PID 1 without a handler, and a shell as PID 1 does not forward the signal to its child. Handle SIGTERM, use the exec form or `exec` in wrapper scripts, or run an init in front (`shipshape build --init`, tini, dumb-init)."
    )
    public static let zombiesNotReaped = rule(
        "SS2002", "zombies-not-reaped", .pid1, .warning,
        "Processes of the container ended and stayed zombies: nobody waited for them.",
        "Orphans are re-parented to PID 1, which must reap them. An application is rarely written to; an init is (`shipshape build --init`, tini, `docker run --init`)."
    )
    public static let severalPrograms = rule(
        "SS2003", "several-programs", .oneApp, .warning,
        "Several long-running programs run in the one container.",
        "One application per container: each program in its own container scales, restarts and logs on its own. Shells and inits do not count; processes of one program (workers) count once."
    )
    public static let doesNotStart = rule(
        "SS2010", "does-not-start", .correctness, .error,
        "The command could not be executed: missing program, loader or permission, or an exec format error.",
        "`shipshape probe` runs the command as a runtime would and reports the system's answer (ENOENT for a missing program or a missing dynamic loader, ENOEXEC for a binary of another kind, EACCES without execute permission), next to what `inspect`'s static checks predicted."
    )
    public static let exitsAtStart = rule(
        "SS2011", "exits-at-start", .correctness, .error,
        "PID 1 ended on its own, unsuccessfully, before it was asked to stop.",
        "A missing shared library, a missing configuration file or a crash at start. The last lines it printed are in the message."
    )

    /// Every rule of the probe, the only list.
    public static let all: [RuleDescriptor] = [
        stopSignalIgnored, zombiesNotReaped, severalPrograms, doesNotStart, exitsAtStart,
    ]

    /// docs/probe-checks.md: every probe finding with its documentation, by practice.
    public static func markdown() -> String {
        RuleDescriptor.markdownPage(
            all, title: "Shipshape probe findings",
            introduction: "Generated from `ProbeRules.all` by `shipshape rules --kind probe --format markdown`; a "
                + "test keeps it current. `shipshape probe` reports these after running the image and measuring "
                + "PID 1 (see [probe.md](probe.md)); the static image checks of `inspect`, SS1xxx, are in "
                + "[image-checks.md](image-checks.md), the Dockerfile rules, SS0xxx, in [rules.md](rules.md). "
                + "Every finding names one practice of PRODUCT.md."
        ) { _ in nil }
    }
}
