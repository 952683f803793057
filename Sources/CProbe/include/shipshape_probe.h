// The namespace child of `shipshape probe`, in C.
//
// Why C: the probe has to create a process in fresh PID, mount, UTS, IPC and network namespaces (and a user
// namespace when not root), prepare its root and exec the image's command. Swift cannot fork safely once its
// runtime has started threads (the child of a multithreaded process may only call async-signal-safe functions;
// Swift code allocates, takes locks and retains). So the child is this C: one raw clone() system call, which
// behaves like fork() but puts the child into the new namespaces (it is PID 1 there), and then only system calls
// (mount, pivot_root, sethostname, ioctl, setrlimit, setgid, setuid, chdir, execve) on memory the parent prepared
// before the clone. No malloc, no stdio, no locks after the clone.
#ifndef SHIPSHAPE_PROBE_H
#define SHIPSHAPE_PROBE_H

#include <stdint.h>

/// What the child does, all prepared by the parent.
typedef struct {
    /// The unpacked root, an absolute host path (a real directory with real `proc` and `dev` directories).
    const char *root;
    /// The command (argv[0] is the program as the image names it), NULL-terminated.
    char *const *argv;
    /// The environment, NULL-terminated.
    char *const *envp;
    /// The image's PATH for the lookup of a program without a slash (as execvp would), or NULL.
    const char *path;
    /// The working directory inside the root (absolute; created by the parent).
    const char *workdir;
    const char *hostname;
    uint32_t uid;
    uint32_t gid;
    /// 1: also a new user namespace (the parent writes uid_map/gid_map before it lets the child go on).
    int user_namespace;
    /// Where the program's stdout and stderr go (stdin is /dev/null).
    int output_fd;
    /// setrlimit values, 0 for "leave it": open files, processes, address space bytes, CPU seconds.
    uint64_t limit_nofile;
    uint64_t limit_nproc;
    uint64_t limit_as;
    uint64_t limit_cpu;
} shipshape_probe_spec;

/// What the child reports when it could not exec: the step that failed and its errno.
typedef struct {
    int32_t stage;
    int32_t error;
} shipshape_probe_failure;

/// Clones the child. On success returns its host PID and two descriptors for the parent: `go_fd` (write one byte,
/// then close, when the child may go on: after uid_map, cgroup) and `report_fd` (end of file when the exec
/// succeeded, a `shipshape_probe_failure` when it did not). Returns -errno on failure.
int shipshape_probe_spawn(const shipshape_probe_spec *spec, int *go_fd, int *report_fd);

/// A failure stage's name ("mounting /proc"), for messages.
const char *shipshape_probe_stage_name(int32_t stage);

/// The stage number of execve (its ENOENT/ENOEXEC/EACCES mean: the program did not start).
int32_t shipshape_probe_exec_stage(void);

/// SIGINT, SIGTERM and SIGHUP set a flag instead of killing the probe, so it can kill the child and remove the
/// root first; `shipshape_probe_interrupted` returns the signal (0 when none came).
void shipshape_probe_catch_signals(void);
int shipshape_probe_interrupted(void);

/// Non-variadic wrappers (Swift cannot call variadic C functions).
int shipshape_probe_openat(int dirfd, const char *path, int flags, unsigned mode);

#endif
