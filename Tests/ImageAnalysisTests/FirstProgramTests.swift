import Testing

@testable import ImageAnalysis

@Suite("The first program of a shell-form command")
struct FirstProgramTests {
    /// Script → the program SS1017 (script-program-missing) looks for; nil where the script names none plainly.
    @Test(
        "the program a script starts with, found by the shell analysis the Dockerfile rules use",
        arguments: [
            ("exec python app.py", "python"),
            ("python app.py", "python"),
            ("FOO=1 BAR=2 exec node server.js", "node"),
            ("X=1; exec app", "app"),
            ("  \n  exec   app --x", "app"),
            ("/app/run --serve", "/app/run"),
            ("exec \"$@\"", nil),
            ("cd /app && node x", nil),
            ("echo hi", nil),
            ("$APP --serve", nil),
            ("\"node\" x", nil),
            ("~/bin/app", nil),
            ("if [ -f x ]; then a; fi", nil),
            ("while true; do a; done", nil),
            ("for x in 1; do a; done", nil),
            ("{ a; }", nil),
            ("(a)", nil),
            ("! a", nil),
            ("", nil),
            // Where the whitespace split this replaced went wrong: a comment line, an operator without a blank.
            ("# start the server\nexec app", "app"),
            ("app; other", "app"),
            ("X=\"a b\" app", "app"),
        ] as [(String, String?)])
    func firstProgram(script: String, program: String?) {
        #expect(CommandResolution.firstProgram(ofScript: script) == program)
    }
}
