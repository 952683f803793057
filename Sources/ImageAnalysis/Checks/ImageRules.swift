import Findings

/// The image checks of `shipshape inspect`: ids SS1xxx (lint's Dockerfile rules use SS0xxx). `all` is the only
/// list; `shipshape rules` and `explain` read it, and a test checks every rule is documented and tested.
public enum ImageRules: RuleCatalog {
    // MARK: pid1
    public static let shellFormCommand = rule(
        "SS1001", "shell-form-command", .pid1, .warning,
        "The command runs through `/bin/sh -c` without `exec`, so the shell is PID 1 and signals never reach the app.",
        "A shell does not forward SIGTERM: `docker stop` waits, then kills. Use the exec form (`CMD [\"app\"]`) or start the script with `exec`.\n\nBad: `CMD python app.py`\nGood: `CMD [\"python\", \"app.py\"]`"
    )
    public static let noInit = rule(
        "SS1002", "no-init", .pid1, .warning,
        "A shell or process spawner runs as PID 1 without an init to reap zombies and forward signals.",
        "Put an init in front: `ENTRYPOINT [\"tini\", \"--\"]` (or dumb-init, catatonit, shipshape-init), or `docker run --init`."
    )
    public static let stopSignalKill = rule(
        "SS1003", "stopsignal-sigkill", .pid1, .warning,
        "`StopSignal` is SIGKILL: the application never gets the chance to shut down cleanly.",
        "Remove `STOPSIGNAL SIGKILL`; use SIGTERM (the default) or the signal the application handles.")

    // MARK: correctness
    public static let executableMissing = rule(
        "SS1010", "executable-missing", .correctness, .error,
        "The command's executable is not in the image (searched through PATH and WorkingDir, symlinks followed).",
        "The classic `CMD python app.py` on an image without python. Install the program, or fix the path.")
    public static let notExecutable = rule(
        "SS1011", "not-executable", .correctness, .error,
        "The command's executable has no execute permission, or is not a regular file.",
        "Add the mode when the file is added: `COPY --chmod=0755 app /app`.")
    public static let interpreterMissing = rule(
        "SS1012", "interpreter-missing", .correctness, .error,
        "The command is a script whose `#!` interpreter is not in the image.",
        "Install the interpreter, or change the `#!` line to one the image has.")
    public static let loaderMissing = rule(
        "SS1013", "loader-missing", .correctness, .error,
        "The command is a dynamically linked ELF whose program interpreter (PT_INTERP, the dynamic loader) is missing.",
        "The classic dynamic binary on `FROM scratch`: build it statically (`CGO_ENABLED=0`, `-static`, musl), or use a base with its libc (distroless/base)."
    )
    public static let libraryMissing = rule(
        "SS1014", "library-missing", .correctness, .error,
        "A shared library the command needs (DT_NEEDED) is not found in the library search path of the image.",
        "The loader searches DT_RPATH, LD_LIBRARY_PATH, DT_RUNPATH, ld.so.conf and the default directories. Copy the library, or link statically."
    )
    public static let symlinkLoop = rule(
        "SS1015", "symlink-loop", .correctness, .error,
        "Resolving the command's path meets a symbolic link loop.",
        "Fix the links so that the path resolves to a file.")
    public static let noCommand = rule(
        "SS1016", "no-command", .correctness, .warning,
        "The image has neither Entrypoint nor Cmd: it does not run anything by itself.",
        "Set `CMD` or `ENTRYPOINT` in the final stage.")
    public static let scriptProgramMissing = rule(
        "SS1017", "script-program-missing", .correctness, .error,
        "The shell-form command runs a program that is not in the image.",
        "Install the program, or fix its name.")

    // MARK: one-app
    public static let supervisorCommand = rule(
        "SS1020", "supervisor-command", .oneApp, .warning,
        "The command is a process supervisor (supervisord, s6, runit, pm2): several applications in one container.",
        "Run one application per container and let the orchestrator restart it; compose several containers instead.")
    public static let severalServers = rule(
        "SS1021", "several-servers", .oneApp, .warning,
        "Several kinds of servers are installed side by side (web server, database, sshd, cron daemon).",
        "Split them into one image each.")

    // MARK: no-tools
    public static let networkTool = rule(
        "SS1030", "network-tool", .noTools, .warning,
        "A network tool an attacker would use is installed: netcat (any variant), socat, telnet, tcpdump, nmap.",
        "Remove it from the final stage; debug with an ephemeral container instead.")
    public static let remoteShell = rule(
        "SS1031", "remote-shell", .noTools, .warning,
        "An SSH client or server is installed.",
        "Containers are entered with `exec`, not SSH; remove openssh.")
    public static let buildTool = rule(
        "SS1032", "build-tool", .noTools, .warning,
        "A compiler or build tool (gcc, cc, clang, make…) ships in the final image.",
        "Build in an earlier stage of a multi-stage build and COPY only the artefacts.")
    public static let debugger = rule(
        "SS1033", "debugger", .noTools, .warning,
        "A debugger or tracer (gdb, strace, ltrace) ships in the final image.",
        "Remove it; attach debuggers from an ephemeral container.")
    public static let editor = rule(
        "SS1034", "editor", .noTools, .info,
        "An editor (vi, vim, nano, emacs) ships in the final image.",
        "Nobody edits files in a running container; remove it.")
    public static let packageManager = rule(
        "SS1035", "package-manager", .noTools, .info,
        "A package manager is present: anyone who gets a shell can install tools.",
        "Where nothing installs at run time, use a distroless or scratch base, or remove the package manager.")

    // MARK: minimal-content
    public static let staticBinaryOnDistribution = rule(
        "SS1040", "static-binary-on-distribution", .minimalContent, .warning,
        "The command is a statically linked binary, yet it ships on a full distribution.",
        "A static binary needs nothing else: `FROM scratch` (add CA certificates and tzdata if used) or `gcr.io/distroless/static`."
    )
    public static let documentation = rule(
        "SS1041", "documentation-shipped", .minimalContent, .info,
        "Documentation, man pages or info pages are shipped.",
        "Delete /usr/share/doc, /usr/share/man and /usr/share/info in the RUN that installs packages, or use a slim base."
    )
    public static let packageCache = rule(
        "SS1042", "package-cache", .minimalContent, .warning,
        "Package manager caches or apt lists are shipped.",
        "`apt-get install … && rm -rf /var/lib/apt/lists/*` in the same RUN; `apk add --no-cache`; `pip install --no-cache-dir`."
    )

    // MARK: fs-security
    public static let runsAsRoot = rule(
        "SS1050", "runs-as-root", .fsSecurity, .warning,
        "The image runs as root: User is empty, `root` or `0`.",
        "Add a user and `USER 10001` in the final stage.")
    public static let setuidFiles = rule(
        "SS1051", "setuid-files", .fsSecurity, .warning,
        "Files with the setuid or setgid bit are present.",
        "Strip the bits (`chmod a-s`) or remove the programs; nothing in a container should escalate.")
    public static let worldWritable = rule(
        "SS1052", "world-writable", .fsSecurity, .warning,
        "Files or directories are writable by everyone (directories without the sticky bit).",
        "Give the application its own writable directory, owned by its user, mode 0750.")
    public static let writableSystemPath = rule(
        "SS1053", "writable-system-path", .fsSecurity, .warning,
        "A system directory (/bin, /sbin, /usr, /lib, /etc) or a program in it is writable by the runtime user.",
        "System paths should belong to root and not be writable by the user the container runs as.")

    // MARK: small-base
    public static let largeBase = rule(
        "SS1060", "large-base", .smallBase, .info,
        "The image is based on a full distribution where a slim, Alpine or distroless base would do.",
        "Move to the `-slim` variant, Alpine, distroless or scratch.")
    public static let endOfLifeBase = rule(
        "SS1061", "end-of-life-base", .smallBase, .warning,
        "The base distribution release is past its end of life: it gets no more security updates.",
        "Rebuild on a supported release.")

    // MARK: layer-waste
    public static let layerWaste = rule(
        "SS1070", "layer-waste", .layerWaste, .warning,
        "Bytes stored in lower layers are hidden by later ones (overwritten, deleted, chmod-ed) above the threshold.",
        "Clean up in the same RUN that created the files; set modes with `COPY --chmod`; build in a multi-stage build. The threshold is `--max-waste` (default 10%)."
    )

    // MARK: secrets
    public static let privateKey = rule(
        "SS1080", "private-key", .secrets, .error,
        "A private key is stored in a layer (deleted later or not: the layer still holds it).",
        "Never COPY keys into an image; use build secrets (`RUN --mount=type=secret`) and runtime secrets.")
    public static let cloudCredentials = rule(
        "SS1081", "credentials-file", .secrets, .error,
        "A credentials file (cloud, registry, git, .netrc, PyPI) is stored in a layer.",
        "Use build secrets (`RUN --mount=type=secret`); rotate the credential, it has shipped.")
    public static let token = rule(
        "SS1082", "token", .secrets, .error,
        "An access token in a known format is stored in a layer.",
        "Rotate it; use build secrets.")
    public static let envFile = rule(
        "SS1083", "env-file", .secrets, .warning,
        "A `.env`-style file with assignments is stored in a layer.",
        "Add `.env` to `.dockerignore`; pass configuration at run time.")
    public static let credentialEnv = rule(
        "SS1084", "credential-env", .secrets, .error,
        "The image config's Env holds a credential-like value.",
        "Anyone who pulls the image reads its Env. Pass secrets at run time.")

    public static let historySecret = rule(
        "SS1085", "history-secret", .secrets, .error,
        "The image history records a credential: a build argument (`--build-arg`) or a command with a key, token or password in it.",
        "Docker records every build argument a RUN uses in the history (`|2 AWS_SECRET_ACCESS_KEY=… /bin/sh -c make`), which anyone who pulls the image reads. Pass secrets with `RUN --mount=type=secret,id=aws` and `--secret`; rotate the credential, it has shipped. Shipshape shows the history with the value replaced by `<redacted>`."
    )

    // MARK: tagging
    public static let versionLabel = rule(
        "SS1090", "version-label", .tagging, .warning,
        "`org.opencontainers.image.version` is missing or not a version.",
        "`LABEL org.opencontainers.image.version=1.4.2` (or the annotation), a semantic version.")
    public static let revisionLabel = rule(
        "SS1091", "revision-label", .tagging, .warning,
        "`org.opencontainers.image.revision` is missing or not a commit id.",
        "`LABEL org.opencontainers.image.revision=$GIT_SHA`, the full commit id.")
    public static let latestTag = rule(
        "SS1092", "latest-tag", .tagging, .warning,
        "The inspected reference is tagged `latest` or not tagged.",
        "Tag images with the version and the commit (`shipshape tags`).")

    // MARK: public-images
    public static let untrustedRegistry = rule(
        "SS1095", "untrusted-base-registry", .publicImages, .warning,
        "The base image comes from a registry that is not in the configured trusted list.",
        "Mirror the base into a trusted registry, or add the registry to `trustedRegistries`.")

    /// Every image rule, in id order.
    public static let all: [RuleDescriptor] = [
        shellFormCommand, noInit, stopSignalKill, executableMissing, notExecutable, interpreterMissing, loaderMissing,
        libraryMissing, symlinkLoop, noCommand, scriptProgramMissing, supervisorCommand, severalServers, networkTool,
        remoteShell, buildTool, debugger, editor, packageManager, staticBinaryOnDistribution, documentation,
        packageCache, runsAsRoot, setuidFiles, worldWritable, writableSystemPath, largeBase, endOfLifeBase, layerWaste,
        privateKey, cloudCredentials, token, envFile, credentialEnv, historySecret, versionLabel, revisionLabel,
        latestTag,
        untrustedRegistry,
    ]

    /// docs/image-checks.md: every image check with its documentation, by practice.
    public static func markdown() -> String {
        RuleDescriptor.markdownPage(
            all, title: "Shipshape image checks",
            introduction: "Generated from `ImageRules.all` by `shipshape rules --kind image --format markdown`; a "
                + "test keeps it current. `shipshape inspect` runs these checks on a built image (the Dockerfile "
                + "rules, SS0xxx, are in [rules.md](rules.md)). Every check names one practice of PRODUCT.md; "
                + "disable checks with `disable: [ID]` in the `inspect:` section of the `--config` file."
        ) { _ in nil }
    }
}
