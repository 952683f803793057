import Findings

/// Compilers and build toolchains are installed in the final image instead of a builder stage.
struct BuildToolsInFinalStage: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0032", "build-tools-in-final-stage", .noTools, .warning,
        summary: "Compilers or build tools (build-essential, gcc, make) stay in the final image.",
        why: """
            A compiler in the image lets an intruder build whatever they need, and costs hundreds of \
            megabytes. Build in a builder stage and copy only the artefacts, or install the toolchain as a \
            virtual group and remove it in the same RUN (`apk add --virtual .build-deps … && apk del \
            .build-deps`, or docker-library's `apt-mark auto '.*'` … `apt-get purge --auto-remove`, which is \
            seen). Not reported in an SDK image (no command of its own, as docker-library's `golang`), in a \
            toolbox (its command is an interactive shell), or for the compiler the command runs.
            """,
        bad: """
            FROM python:3.13-slim
            RUN apt-get update && apt-get install -y --no-install-recommends build-essential && pip install --no-cache-dir uwsgi && rm -rf /var/lib/apt/lists/*
            CMD ["uwsgi", "--http", ":8000", "--module", "app"]
            """,
        good: """
            FROM python:3.13-slim
            RUN apt-get update && apt-get install -y --no-install-recommends build-essential \\
                && pip install --no-cache-dir uwsgi \\
                && apt-get purge -y --auto-remove build-essential && rm -rf /var/lib/apt/lists/*
            CMD ["uwsgi", "--http", ":8000", "--module", "app"]
            """)

    static let packages: Set<String> = [
        "build-essential", "gcc", "g++", "cc", "clang", "make", "cmake", "autoconf", "automake", "libtool",
        "build-base", "gcc-c++", "musl-dev", "libc6-dev", "libc-dev", "pkg-config", "pkgconf", "ninja-build",
        "meson", "golang", "golang-go", "rustc", "cargo", "gfortran", "bison", "flex", "devtoolset",
        "alpine-sdk", "linux-headers",
    ]

    func check(_ context: LintContext) -> [Finding] {
        ToolPackages.findings(
            context, rule: Self.descriptor, packages: Self.packages, prefixes: ["gcc-", "g++-", "clang-"],
            kind: "build tool",
            hint: "build in a builder stage and COPY --from it, or remove the tools in the same RUN", toolchain: true)
    }
}
