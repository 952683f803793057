// probe: the test program shipshape-init's tests run as its child (compiled static with musl-gcc by the tests).
// C because the tests need exact control of signals, forks and exec that a Swift runtime would get in the way of.
// Every mode is one command line; see usage() for the list.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void say(const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t n = write(1, text, length);
        if (n < 0) { if (errno == EINTR) continue; return; }
        text += n; length -= (size_t)n;
    }
}

static void sleep_ms(long ms) {
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {}
}

static long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000L + t.tv_nsec / 1000L;
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

// The kernel's view of a disposition (struct k_sigaction), read with the raw syscall because libc's sigaction
// refuses the signals 32-34 it reserves.
struct ksigaction { void *handler; unsigned long flags; void *restorer; uint64_t mask; };

static int usage(void) {
    fprintf(stderr,
        "usage: probe exit N | raise SIG | segv | trap | sleep MS | catch | orphans N STAGGER_MS | group |\n"
        "             mask | with BLOCK_HEX IGNORE_HEX CMD... | cat | adopt | sleepers N |\n"
        "             race N exec|forked|DELAY_US INIT [INIT_ARGS...] | pong | latency N INIT [INIT_ARGS...] | tty\n");
    return 64;
}

static void on_trap(int sig) { _exit(100 + sig); }

static void on_catch(int sig) {
    char text[8];
    int n = 0;
    if (sig >= 10) text[n++] = (char)('0' + sig / 10);
    text[n++] = (char)('0' + sig % 10);
    text[n++] = '\n';
    ssize_t ignored = write(1, text, (size_t)n);
    (void)ignored;
}

// Counts zombies and processes other than PID 1 and this one in /proc (the namespace's, from --mount-proc).
static void scan(int *zombies, int *others) {
    *zombies = 0; *others = 0;
    DIR *proc = opendir("/proc");
    if (!proc) { *zombies = -1; return; }
    struct dirent *entry;
    pid_t self = getpid();
    while ((entry = readdir(proc))) {
        pid_t pid = (pid_t)atoi(entry->d_name);
        if (pid <= 1 || pid == self) continue;
        char path[64], stat[512];
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        int fd = open(path, O_RDONLY);
        if (fd < 0) continue;
        ssize_t n = read(fd, stat, sizeof stat - 1);
        close(fd);
        if (n <= 0) continue;
        stat[n] = 0;
        char *close_paren = strrchr(stat, ')');
        if (close_paren && close_paren[1] == ' ' && close_paren[2] == 'Z') (*zombies)++;
        else (*others)++;
    }
    closedir(proc);
}

// Double-forks `count` orphans that all exit when the pipe closes (a burst), or after i*stagger ms each.
static int orphans(int count, int stagger) {
    int gate[2];
    if (pipe(gate) != 0) return 2;
    for (int i = 0; i < count; i++) {
        pid_t middle = fork();
        if (middle < 0) { perror("fork"); return 2; }
        if (middle == 0) {
            pid_t orphan = fork();
            if (orphan == 0) {
                close(gate[1]);
                char byte;
                while (read(gate[0], &byte, 1) < 0 && errno == EINTR) {}
                if (stagger > 0) sleep_ms((long)stagger * i);
                _exit(0);
            }
            _exit(orphan < 0 ? 2 : 0);
        }
        int status;
        while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {}
    }
    close(gate[0]);
    close(gate[1]);  // every orphan's read returns now
    long start = now_ms();
    int zombies = 0, others = 0;
    do {
        sleep_ms(10);
        scan(&zombies, &others);
    } while ((zombies != 0 || others != 0) && now_ms() - start < 5000);
    printf("orphans=%d zombies=%d others=%d\n", count, zombies, others);
    fflush(stdout);
    return zombies == 0 && others == 0 ? 0 : 1;
}

static volatile sig_atomic_t got_term;
static void on_group_term(int sig) { (void)sig; got_term = 1; }
static void on_grandchild_term(int sig) { (void)sig; _exit(77); }

// Exits 1 when SIGTERM reached both this process and its grandchild in the same group, 2 when only this one.
static int group(void) {
    signal(SIGTERM, on_group_term);
    int ready[2];
    if (pipe(ready) != 0) return 3;
    pid_t grandchild = fork();
    if (grandchild == 0) {
        signal(SIGTERM, on_grandchild_term);
        ssize_t ignored = write(ready[1], "r", 1);
        (void)ignored;
        for (;;) pause();
    }
    char byte;
    while (read(ready[0], &byte, 1) < 0 && errno == EINTR) {}
    say("ready\n");
    while (!got_term) pause();
    sleep_ms(300);
    int status;
    if (waitpid(grandchild, &status, WNOHANG) == grandchild && WIFEXITED(status) && WEXITSTATUS(status) == 77)
        return 1;
    kill(grandchild, SIGKILL);
    waitpid(grandchild, &status, 0);
    return 2;
}

static int mask(void) {
    uint64_t blocked = 0, ignored = 0, handled = 0;
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &blocked, 8);
    for (int sig = 1; sig <= 64; sig++) {
        struct ksigaction action;
        if (syscall(SYS_rt_sigaction, sig, NULL, &action, 8) != 0) continue;
        if (action.handler == (void *)SIG_IGN) ignored |= 1ULL << (sig - 1);
        else if (action.handler != (void *)SIG_DFL) handled |= 1ULL << (sig - 1);
    }
    printf("blocked=%016llx ignored=%016llx handled=%016llx\n", (unsigned long long)blocked,
           (unsigned long long)ignored, (unsigned long long)handled);
    return 0;
}

static int with(uint64_t block, uint64_t ignore, char **command) {
    for (int sig = 1; sig <= 64; sig++) {
        if (!(ignore & (1ULL << (sig - 1)))) continue;
        struct ksigaction action = { (void *)SIG_IGN, 0, NULL, 0 };
        if (syscall(SYS_rt_sigaction, sig, &action, NULL, 8) != 0) { perror("rt_sigaction"); return 2; }
    }
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &block, NULL, 8);
    execv(command[0], command);
    perror(command[0]);
    return 127;
}

static int cat(void) {
    char buffer[4096];
    for (;;) {
        ssize_t n = read(0, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n == 0 ? 0 : 2;
        char *next = buffer;
        while (n > 0) {
            ssize_t w = write(1, next, (size_t)n);
            if (w < 0) { if (errno == EINTR) continue; return 2; }
            next += w; n -= w;
        }
    }
}

// Double-forks an orphan that reports the PID it was re-parented to.
static int adopt(void) {
    int done[2];
    if (pipe(done) != 0) return 2;
    pid_t middle = fork();
    if (middle == 0) {
        pid_t orphan = fork();
        if (orphan == 0) {
            close(done[0]);
            pid_t first = getppid();
            long start = now_ms();
            while (getppid() == first && now_ms() - start < 3000) sleep_ms(1);
            printf("ppid=%d\n", (int)getppid());
            fflush(stdout);
            _exit(0);
        }
        _exit(0);
    }
    close(done[1]);
    int status;
    waitpid(middle, &status, 0);
    char byte;
    while (read(done[0], &byte, 1) < 0 && errno == EINTR) {}  // EOF: the orphan has reported and exited
    sleep_ms(50);
    return 0;
}

static int sleepers(int count) {
    for (int i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid == 0) { for (;;) pause(); }
        if (pid < 0) return 2;
    }
    say("ready\n");
    for (;;) pause();
}

// True once the tester's /proc shows that PID has a child: the init has blocked its signals and forked.
// (The blocked mask itself is no marker: while the init sits in sigtimedwait the kernel shows it as empty.)
static int has_child(pid_t pid) {
    char path[64], children[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    ssize_t n = read(fd, children, sizeof children - 1);
    close(fd);
    return n > 0;
}

// Starts INIT as PID 1 of a new PID namespace with clone(CLONE_NEWPID | CLONE_VFORK): clone returns in this
// process right after the init was exec'd. WHEN is "exec" (SIGTERM at once: the signal lands during the kernel's
// exec or the init's first instructions), "forked" (SIGTERM as soon as the init has forked its child: the window
// the init itself controls, the child's way to its exec included), or a delay in microseconds.
// Counts how often the init's child saw the signal (exit code 143) and how often it was lost (0: the child ran to
// its end).
static int race(int count, const char *when, char **command) {
    int reached = 0, lost = 0, other = 0;
    for (int i = 0; i < count; i++) {
        long pid = syscall(SYS_clone, CLONE_NEWPID | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
        if (pid < 0) { perror("clone"); return 2; }
        if (pid == 0) {
            execv(command[0], command);
            _exit(126);
        }
        if (!strcmp(when, "forked")) {
            long start = now_ms();
            while (!has_child((pid_t)pid) && now_ms() - start < 2000) {}
        } else if (strcmp(when, "exec") != 0) {
            long delay = atol(when), start = now_us();
            while (now_us() - start < delay) {}
        }
        kill((pid_t)pid, SIGTERM);
        int status;
        while (waitpid((pid_t)pid, &status, 0) < 0 && errno == EINTR) {}
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (code == 143) reached++;
        else if (code == 0) lost++;
        else { other++; fprintf(stderr, "race: exit code %d\n", code); }
    }
    printf("reached=%d lost=%d other=%d\n", reached, lost, other);
    return other == 0 ? 0 : 1;
}

static void on_pong(int sig) {
    (void)sig;
    ssize_t ignored = write(3, "p", 1);
    (void)ignored;
}

static int compare_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

// Forwarding latency: INIT runs as PID 1 of a new PID namespace with "probe pong" as its child, which answers
// each SIGUSR1 with a byte on fd 3. Sends `count` SIGUSR1 to the init, one at a time, and prints the median and
// 95th percentile of kill-to-answer in microseconds.
static int latency(int count, char **command) {
    int answers[2];
    if (pipe(answers) != 0 || count < 1) return 2;
    long pid = syscall(SYS_clone, CLONE_NEWPID | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
    if (pid < 0) { perror("clone"); return 2; }
    if (pid == 0) {
        dup2(answers[1], 3);
        execv(command[0], command);
        _exit(126);
    }
    close(answers[1]);
    char byte;
    if (read(answers[0], &byte, 1) != 1) return 2;  // the child's "ready"
    long *samples = calloc((size_t)count, sizeof(long));
    if (!samples) return 2;
    for (int i = 0; i < count; i++) {
        long start = now_us();
        kill((pid_t)pid, SIGUSR1);
        if (read(answers[0], &byte, 1) != 1) { fprintf(stderr, "latency: no answer\n"); return 2; }
        samples[i] = now_us() - start;
    }
    kill((pid_t)pid, SIGKILL);
    int status;
    waitpid((pid_t)pid, &status, 0);
    qsort(samples, (size_t)count, sizeof(long), compare_long);
    printf("signals=%d median_us=%ld p95_us=%ld\n", count, samples[count / 2], samples[(count * 95) / 100]);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return usage();
    const char *mode = argv[1];
    if (!strcmp(mode, "exit") && argc == 3) return atoi(argv[2]);
    if (!strcmp(mode, "raise") && argc == 3) {
        int sig = atoi(argv[2]);
        signal(sig, SIG_DFL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        raise(sig);
        return 3;
    }
    if (!strcmp(mode, "segv")) {
        signal(SIGSEGV, SIG_DFL);
        *(volatile int *)0 = 1;  // a real fault
        return 3;
    }
    if (!strcmp(mode, "trap")) {
        signal(SIGTERM, on_trap);
        signal(SIGINT, on_trap);
        say("ready\n");
        for (;;) pause();
    }
    if (!strcmp(mode, "sleep") && argc == 3) {
        say("ready\n");
        sleep_ms(atol(argv[2]));
        return 0;
    }
    if (!strcmp(mode, "catch")) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_catch;
        action.sa_flags = SA_RESTART;
        for (int sig = 1; sig <= 64; sig++) {
            if (sig == SIGKILL || sig == SIGSTOP || sig == SIGCHLD) continue;
            sigaction(sig, &action, NULL);  // fails for the signals libc reserves (32-34): not tested
        }
        say("ready\n");
        for (;;) pause();
    }
    if (!strcmp(mode, "orphans") && argc == 4) return orphans(atoi(argv[2]), atoi(argv[3]));
    if (!strcmp(mode, "group")) return group();
    if (!strcmp(mode, "mask")) return mask();
    if (!strcmp(mode, "with") && argc >= 5)
        return with(strtoull(argv[2], NULL, 16), strtoull(argv[3], NULL, 16), argv + 4);
    if (!strcmp(mode, "cat")) return cat();
    if (!strcmp(mode, "adopt")) return adopt();
    if (!strcmp(mode, "sleepers") && argc == 3) return sleepers(atoi(argv[2]));
    if (!strcmp(mode, "tty")) {
        pid_t foreground = tcgetpgrp(0);
        if (foreground < 0) { perror("tcgetpgrp"); return 2; }
        printf(foreground == getpgrp() ? "foreground\n" : "background\n");
        return 0;
    }
    if (!strcmp(mode, "pong")) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_pong;
        action.sa_flags = SA_RESTART;
        sigaction(SIGUSR1, &action, NULL);
        ssize_t ignored = write(3, "r", 1);
        (void)ignored;
        for (;;) pause();
    }
    if (!strcmp(mode, "latency") && argc >= 4) return latency(atoi(argv[2]), argv + 3);
    if (!strcmp(mode, "race") && argc >= 5) return race(atoi(argv[2]), argv[3], argv + 4);
    return usage();
}
