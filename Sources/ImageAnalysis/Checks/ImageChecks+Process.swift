import Findings
import ImageFormat

/// pid1, correctness and one-app: how the command starts and what runs as PID 1.
extension ImageChecks {
    static let inits: Set<String> = [
        "tini", "tini-static", "dumb-init", "catatonit", "shipshape-init", "docker-init", "init", "s6-svscan",
        "runit-init", "my_init",
    ]
    static let spawners: Set<String> = [
        "sh", "bash", "ash", "dash", "zsh", "ksh", "busybox", "npm", "yarn", "pnpm", "npx", "make", "env", "su",
        "sudo", "gosu", "su-exec", "runuser", "xargs", "nohup", "timeout",
    ]
    static let supervisors: Set<String> = [
        "supervisord", "supervisorctl", "s6-svscan", "s6-supervise", "runsvdir", "runsv", "runit", "pm2",
        "pm2-runtime", "pm2-docker", "forever", "circusd", "monit", "god",
    ]

    static func pid1(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        let command = context.command
        if let script = command.shellScript, !script.trimmingPrefix(" ").hasPrefix("exec ") {
            findings.append(
                Finding(
                    ImageRules.shellFormCommand,
                    message: "the command runs through '\(command.argv[0]) -c' without exec: the shell is PID 1",
                    hint: "use the exec form, CMD [\"prog\", \"arg\"], or start the script with 'exec'"))
        }
        if let first = command.argv.first {
            let name = CommandResolution.basename(first)
            var program = name
            if let script = command.shellScript, let inner = CommandResolution.firstProgram(ofScript: script) {
                program = CommandResolution.basename(inner)
            }
            let isInit =
                inits.contains(name) || (first == "/init" && context.filesystem.lookup("/etc/s6-overlay") != nil)
            if !isInit && (spawners.contains(name) || spawners.contains(program)) {
                findings.append(
                    Finding(
                        ImageRules.noInit,
                        message: "'\(program)' runs as PID 1 with no init: child processes are never reaped",
                        hint:
                            "ENTRYPOINT [\"tini\", \"--\"] (or dumb-init, catatonit, shipshape-init), or docker run --init",
                        path: command.executable?.path))
            }
        }
        if let signal = context.container.stopSignal?.uppercased(),
            signal == "SIGKILL" || signal == "KILL" || signal == "9"
        {
            findings.append(
                Finding(
                    ImageRules.stopSignalKill,
                    message: "StopSignal is \(signal): the application is killed, never stopped",
                    hint: "remove STOPSIGNAL SIGKILL"))
        }
        return findings
    }

    static func correctness(_ context: CheckContext) -> [Finding] {
        let layer = context.command.executable.map { context.layerID($0.layer) } ?? nil
        return context.command.problems.map { problem in
            switch problem {
            case .noCommand:
                return Finding(ImageRules.noCommand, message: "the image has no Entrypoint and no Cmd")
            case .missing(let name, let searched):
                let where_ = name.contains("/") ? "" : " (searched \(searched.joined(separator: ", ")))"
                return Finding(
                    ImageRules.executableMissing, message: "the command '\(name)' is not in the image\(where_)",
                    hint: "install it or fix the path", path: name.hasPrefix("/") ? name : nil)
            case .symlinkLoop(let path):
                return Finding(
                    ImageRules.symlinkLoop, message: "resolving '\(path)' meets a symbolic link loop", path: path)
            case .notRegular(let path):
                return Finding(
                    ImageRules.notExecutable, message: "the command '\(path)' is not a regular file", layer: layer,
                    path: path)
            case .notExecutable(let path, let mode):
                return Finding(
                    ImageRules.notExecutable,
                    message: "the command '\(path)' is not executable (mode \(String(mode & 0o7777, radix: 8)))",
                    hint: "COPY --chmod=0755", layer: layer, path: path)
            case .interpreterMissing(let script, let interpreter):
                return Finding(
                    ImageRules.interpreterMissing,
                    message: "'\(script)' starts with #!\(interpreter), which is not in the image", layer: layer,
                    path: script)
            case .loaderMissing(let binary, let loader):
                return Finding(
                    ImageRules.loaderMissing,
                    message: "'\(binary)' is dynamically linked and its loader '\(loader)' is not in the image",
                    hint: "link statically or use a base that has its libc", layer: layer, path: binary)
            case .libraryMissing(let binary, let library):
                return Finding(
                    ImageRules.libraryMissing,
                    message: "'\(binary)' needs '\(library)', which is not in the library search path of the image",
                    path: binary)
            case .unreadableELF(let path, let reason):
                return Finding(
                    ImageRules.notExecutable, message: "'\(path)' cannot be executed: \(reason)", layer: layer,
                    path: path)
            case .scriptProgramMissing(let name):
                return Finding(
                    ImageRules.scriptProgramMissing,
                    message: "the shell command runs '\(name)', which is not in the image")
            }
        }
    }

    static func oneApp(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        let argv = context.command.argv
        let names =
            argv.prefix(3).map(CommandResolution.basename)
            + (context.command.shellScript.flatMap(CommandResolution.firstProgram(ofScript:)).map {
                [CommandResolution.basename($0)]
            } ?? [])
        if let supervisor = names.first(where: { supervisors.contains($0) })
            ?? (argv.first == "/init" && context.filesystem.lookup("/etc/s6-overlay") != nil ? "s6-overlay" : nil)
        {
            findings.append(
                Finding(
                    ImageRules.supervisorCommand,
                    message:
                        "the command is the process supervisor '\(supervisor)': several applications in one container",
                    hint: "one application per container"))
        }
        let servers: [(kind: String, paths: [String], packages: [String])] = [
            (
                "web server",
                ["/usr/sbin/nginx", "/usr/sbin/apache2", "/usr/sbin/httpd", "/usr/sbin/lighttpd", "/usr/bin/caddy"],
                ["nginx", "nginx-core", "apache2", "httpd", "lighttpd", "caddy"]
            ),
            (
                "database",
                [
                    "/usr/sbin/mysqld", "/usr/sbin/mariadbd", "/usr/bin/mongod", "/usr/bin/redis-server",
                    "/usr/bin/postgres",
                ],
                ["mysql-server", "mariadb-server", "postgresql", "mongodb-server", "redis-server", "redis"]
            ),
            ("ssh server", ["/usr/sbin/sshd"], ["openssh-server"]),
            ("cron daemon", ["/usr/sbin/cron", "/usr/sbin/crond"], ["cron", "cronie", "dcron"]),
        ]
        var present: [(String, String)] = []
        for server in servers {
            if let path = server.paths.first(where: { context.filesystem.resolve($0).file != nil }) {
                present.append((server.kind, path))
            } else if let package = server.packages.first(where: { context.facts.packages.contains($0) }) {
                present.append((server.kind, "package \(package)"))
            } else if let postgres = postgresBinary(context) {
                if server.kind == "database" { present.append((server.kind, postgres)) }
            }
        }
        if present.count >= 2 {
            findings.append(
                Finding(
                    ImageRules.severalServers,
                    message: "several servers are installed: "
                        + present.map { "\($0.0) (\($0.1))" }.joined(separator: ", "),
                    hint: "one image per server"))
        }
        return findings
    }

    /// Debian installs postgres under /usr/lib/postgresql/VERSION/bin.
    static func postgresBinary(_ context: CheckContext) -> String? {
        for version in context.filesystem.children(of: "/usr/lib/postgresql") {
            let path = "/usr/lib/postgresql/\(version)/bin/postgres"
            if context.filesystem.lookup(path) != nil { return path }
        }
        return nil
    }
}
