// See shipshape_probe.h for why this is C. After the clone, the child calls only async-signal-safe functions and
// system calls on memory prepared before it; every failure is reported to the parent as (stage, errno).
#define _GNU_SOURCE
#include "shipshape_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

enum {
    STAGE_WAIT = 1,
    STAGE_HOSTNAME,
    STAGE_PRIVATE,
    STAGE_BIND_ROOT,
    STAGE_PROC,
    STAGE_DEV,
    STAGE_DEVICE,
    STAGE_LOOPBACK,
    STAGE_PIVOT,
    STAGE_LIMITS,
    STAGE_STDIO,
    STAGE_SETGID,
    STAGE_SETUID,
    STAGE_WORKDIR,
    STAGE_EXEC,
    STAGE_PATH,
    STAGE_CAPABILITIES,
};

const char *shipshape_probe_stage_name(int32_t stage) {
    switch (stage) {
    case STAGE_WAIT: return "waiting for the probe";
    case STAGE_HOSTNAME: return "setting the hostname";
    case STAGE_PRIVATE: return "making the mounts private";
    case STAGE_BIND_ROOT: return "bind-mounting the root";
    case STAGE_PROC: return "mounting /proc";
    case STAGE_DEV: return "mounting /dev";
    case STAGE_DEVICE: return "binding a device into /dev";
    case STAGE_LOOPBACK: return "bringing up the loopback interface";
    case STAGE_PIVOT: return "pivot_root into the image";
    case STAGE_LIMITS: return "setting resource limits";
    case STAGE_STDIO: return "setting up standard input and output";
    case STAGE_SETGID: return "switching to the image's group";
    case STAGE_SETUID: return "switching to the image's user";
    case STAGE_WORKDIR: return "changing to the WorkingDir";
    case STAGE_EXEC: return "executing the command";
    case STAGE_PATH: return "building a path (too long)";
    case STAGE_CAPABILITIES: return "dropping capabilities";
    default: return "starting";
    }
}

int32_t shipshape_probe_exec_stage(void) { return STAGE_EXEC; }

static volatile sig_atomic_t interrupted_by = 0;

static void note_signal(int signal) { interrupted_by = signal; }

void shipshape_probe_catch_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = note_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
}

int shipshape_probe_interrupted(void) { return interrupted_by; }

int shipshape_probe_openat(int dirfd, const char *path, int flags, unsigned mode) {
    return openat(dirfd, path, flags, (mode_t)mode);
}

// --- The child -------------------------------------------------------------------------------------------------

static void __attribute__((noreturn)) child_fail(int report, int32_t stage) {
    shipshape_probe_failure failure = {stage, errno};
    ssize_t written;
    do {
        written = write(report, &failure, sizeof failure);
    } while (written < 0 && errno == EINTR);
    _exit(127);
}

/// `out` = `a` + `b`, or 0 when it does not fit.
static int join(char *out, size_t size, const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la + lb + 1 > size) return 0;
    memcpy(out, a, la);
    memcpy(out + la, b, lb + 1);
    return 1;
}

static void bind_device(const char *root, const char *name, int required, int report) {
    char target[4096], source[64];
    if (!join(target, sizeof target, root, "/dev/") || !join(target + strlen(target), sizeof target - strlen(target), "", name)
        || !join(source, sizeof source, "/dev/", name)) {
        errno = ENAMETOOLONG;
        child_fail(report, STAGE_PATH);
    }
    int fd = open(target, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd < 0) {
        if (required) child_fail(report, STAGE_DEVICE);
        return;
    }
    close(fd);
    if (mount(source, target, NULL, MS_BIND, NULL) < 0 && required) child_fail(report, STAGE_DEVICE);
}

static void link_device(const char *root, const char *name, const char *to, int report) {
    char target[4096];
    if (!join(target, sizeof target, root, name)) {
        errno = ENAMETOOLONG;
        child_fail(report, STAGE_PATH);
    }
    (void)symlink(to, target);
}

/// /proc/sys and friends read-only, as runc's readonlyPaths: the container's root must not retune the host kernel.
static void read_only(const char *root, const char *name) {
    char target[4096];
    if (!join(target, sizeof target, root, name)) return;
    if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) < 0) return;
    (void)mount(target, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC, NULL);
}

/// Docker's default capabilities, without CAP_MKNOD (there is no device cgroup to make it harmless): everything
/// else leaves the bounding set, so a root program in the image cannot mount, load modules or trace the host.
static void drop_capabilities(int report) {
    static const int keep[] = {0 /* CHOWN */, 1 /* DAC_OVERRIDE */, 3 /* FOWNER */, 4 /* FSETID */, 5 /* KILL */,
        6 /* SETGID */, 7 /* SETUID */, 8 /* SETPCAP */, 10 /* NET_BIND_SERVICE */, 13 /* NET_RAW */,
        18 /* SYS_CHROOT */, 29 /* AUDIT_WRITE */, 31 /* SETFCAP */};
    for (int cap = 0; cap < 64; cap++) {
        int kept = 0;
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) kept |= keep[i] == cap;
        if (kept) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) child_fail(report, STAGE_CAPABILITIES);
    }
}

static void set_limit(int resource, uint64_t value, int report) {
    if (value == 0) return;
    struct rlimit limit = {(rlim_t)value, (rlim_t)value};
    if (setrlimit(resource, &limit) < 0) child_fail(report, STAGE_LIMITS);
}

static void __attribute__((noreturn)) run_child(const shipshape_probe_spec *spec, int go, int report) {
    // Signals: nothing inherited from the probe (an ignored SIGPIPE or SIGTERM survives exec), nothing blocked.
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    for (int signal = 1; signal < 65; signal++) {
        if (signal != SIGKILL && signal != SIGSTOP) (void)sigaction(signal, &action, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    // If the probe dies, so does PID 1, and with it the whole namespace.
    (void)prctl(PR_SET_PDEATHSIG, SIGKILL);

    char byte;
    ssize_t got;
    do {
        got = read(go, &byte, 1);
    } while (got < 0 && errno == EINTR);
    if (got != 1) {
        if (got == 0) errno = ECANCELED;
        child_fail(report, STAGE_WAIT);
    }
    close(go);

    if (sethostname(spec->hostname, strlen(spec->hostname)) < 0) child_fail(report, STAGE_HOSTNAME);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) child_fail(report, STAGE_PRIVATE);
    if (mount(spec->root, spec->root, NULL, MS_BIND | MS_REC, NULL) < 0) child_fail(report, STAGE_BIND_ROOT);

    char path[4096];
    if (!join(path, sizeof path, spec->root, "/proc")) {
        errno = ENAMETOOLONG;
        child_fail(report, STAGE_PATH);
    }
    if (mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) child_fail(report, STAGE_PROC);
    if (!join(path, sizeof path, spec->root, "/dev")) {
        errno = ENAMETOOLONG;
        child_fail(report, STAGE_PATH);
    }
    if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=65536k") < 0) {
        child_fail(report, STAGE_DEV);
    }
    bind_device(spec->root, "null", 1, report);
    bind_device(spec->root, "zero", 1, report);
    bind_device(spec->root, "random", 1, report);
    bind_device(spec->root, "urandom", 1, report);
    bind_device(spec->root, "full", 0, report);
    bind_device(spec->root, "tty", 0, report);
    link_device(spec->root, "/dev/fd", "/proc/self/fd", report);
    link_device(spec->root, "/dev/stdin", "/proc/self/fd/0", report);
    link_device(spec->root, "/dev/stdout", "/proc/self/fd/1", report);
    link_device(spec->root, "/dev/stderr", "/proc/self/fd/2", report);
    if (join(path, sizeof path, spec->root, "/dev/shm") && mkdir(path, 01777) == 0) {
        (void)mount("shm", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
    }

    read_only(spec->root, "/proc/sys");
    read_only(spec->root, "/proc/sysrq-trigger");
    read_only(spec->root, "/proc/irq");
    read_only(spec->root, "/proc/bus");

    // The network namespace has only a loopback interface, down: bring it up (no other interface, no route out).
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) child_fail(report, STAGE_LOOPBACK);
    struct ifreq request;
    memset(&request, 0, sizeof request);
    memcpy(request.ifr_name, "lo", 3);
    if (ioctl(sock, SIOCGIFFLAGS, &request) < 0) child_fail(report, STAGE_LOOPBACK);
    request.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(sock, SIOCSIFFLAGS, &request) < 0) child_fail(report, STAGE_LOOPBACK);
    close(sock);

    // pivot_root, not chroot: a root process in the image cannot chroot its way back out of a pivoted root.
    if (chdir(spec->root) < 0) child_fail(report, STAGE_PIVOT);
    if (syscall(SYS_pivot_root, ".", ".") < 0) child_fail(report, STAGE_PIVOT);
    if (umount2(".", MNT_DETACH) < 0) child_fail(report, STAGE_PIVOT);
    if (chdir("/") < 0) child_fail(report, STAGE_PIVOT);

    set_limit(RLIMIT_NOFILE, spec->limit_nofile, report);
    set_limit(RLIMIT_NPROC, spec->limit_nproc, report);
    set_limit(RLIMIT_AS, spec->limit_as, report);
    set_limit(RLIMIT_CPU, spec->limit_cpu, report);

    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(spec->output_fd, 1) < 0 || dup2(spec->output_fd, 2) < 0) {
        child_fail(report, STAGE_STDIO);
    }
    // Nothing else of the probe's descriptors reaches the program (the report pipe closes at exec).
    if (syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */) < 0) {
        for (int fd = 3; fd < 4096; fd++) (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    }

    drop_capabilities(report);
    gid_t group = (gid_t)spec->gid;
    if (setgroups(1, &group) < 0 && !spec->user_namespace) child_fail(report, STAGE_SETGID);
    if (setgid(group) < 0) child_fail(report, STAGE_SETGID);
    if (setuid((uid_t)spec->uid) < 0) child_fail(report, STAGE_SETUID);
    if (chdir(spec->workdir) < 0) child_fail(report, STAGE_WORKDIR);

    const char *program = spec->argv[0];
    if (strchr(program, '/') != NULL || spec->path == NULL) {
        execve(program, spec->argv, spec->envp);
        child_fail(report, STAGE_EXEC);
    }
    // As execvp: each PATH directory in turn; EACCES is remembered, ENOENT and ENOTDIR go on to the next.
    int denied = 0;
    const char *start = spec->path;
    for (;;) {
        const char *end = strchr(start, ':');
        size_t length = end ? (size_t)(end - start) : strlen(start);
        size_t name = strlen(program);
        if (length + name + 2 <= sizeof path) {
            if (length == 0) {
                memcpy(path, program, name + 1);
            } else {
                memcpy(path, start, length);
                path[length] = '/';
                memcpy(path + length + 1, program, name + 1);
            }
            execve(path, spec->argv, spec->envp);
            if (errno == EACCES) {
                denied = 1;
            } else if (errno != ENOENT && errno != ENOTDIR) {
                child_fail(report, STAGE_EXEC);
            }
        }
        if (!end) break;
        start = end + 1;
    }
    errno = denied ? EACCES : ENOENT;
    child_fail(report, STAGE_EXEC);
}

int shipshape_probe_spawn(const shipshape_probe_spec *spec, int *go_fd, int *report_fd) {
    int go[2], report[2];
    if (pipe2(go, O_CLOEXEC) < 0) return -errno;
    if (pipe2(report, O_CLOEXEC) < 0) {
        int error = errno;
        close(go[0]);
        close(go[1]);
        return -error;
    }
    long flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET;
    if (spec->user_namespace) flags |= CLONE_NEWUSER;
    // The raw system call: like fork() (no new stack, returns 0 in the child), with the namespace flags.
    long pid = syscall(SYS_clone, flags | SIGCHLD, 0L, 0L, 0L, 0L);
    if (pid == 0) {
        close(go[1]);
        close(report[0]);
        run_child(spec, go[0], report[1]);
    }
    int error = errno;
    close(go[0]);
    close(report[1]);
    if (pid < 0) {
        close(go[1]);
        close(report[0]);
        return -error;
    }
    *go_fd = go[1];
    *report_fd = report[0];
    return (int)pid;
}
