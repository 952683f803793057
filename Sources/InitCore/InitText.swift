/// The texts the init prints for `-h`, `--version` and `-l`.
public enum InitText {
    public static let version = "shipshape-init 0.1.0\n"

    public static let usage = """
        Usage: shipshape-init [OPTIONS] [--] PROGRAM [ARGS...]

        Runs PROGRAM as the child of a PID-1 init: forwards every signal it gets to PROGRAM (SIGCHLD excepted),
        reaps every zombie, and exits with PROGRAM's exit code (128+n when signal n killed it, 127 when PROGRAM
        is not found, 126 when it cannot be executed).

        Options (tini-compatible):
          -s          register as a child subreaper (when not PID 1); also TINI_SUBREAPER
          -g          forward signals to PROGRAM's process group; also TINI_KILL_PROCESS_GROUP
          -e CODE     exit with 0 when PROGRAM exits with CODE (repeatable)
          -p SIGNAL   get SIGNAL when the parent of the init dies (PR_SET_PDEATHSIG)
          -v          more messages (repeatable); also TINI_VERBOSITY=N
          -w          warn about every process reaped other than PROGRAM
          -l          show the license
          -h, --help  show this help
          --version   show the version

        The SHIPSHAPE_INIT_SUBREAPER, SHIPSHAPE_INIT_KILL_PROCESS_GROUP and SHIPSHAPE_INIT_VERBOSITY spellings
        work too. Exit code 64: bad usage.

        """

    public static let license = """
        shipshape-init is part of Shipshape and is distributed under the same license as Shipshape.

        """
}
