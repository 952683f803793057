// shipshape-init's thin C layer: only what Swift cannot call directly.
// Each function says why it is C. Everything else (fork, execvp, waitpid, kill, ...) Swift calls from the
// libc headers themselves.
#ifndef SHIPSHAPE_INIT_H
#define SHIPSHAPE_INIT_H

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

// C: `errno` is a macro.
static inline int ssinit_errno(void) { return errno; }

// C: raw rt_sigprocmask on the kernel's 64-bit mask. libc's sigset helpers refuse the real-time signals
// 32-34 that libcs reserve for their threads; the init runs no threads and must block all 64.
static inline int ssinit_sigmask(int how, const uint64_t *set, uint64_t *old) {
    return (int)syscall(SYS_rt_sigprocmask, how, set, old, sizeof(uint64_t));
}

// C: raw rt_sigtimedwait (no timeout) on the kernel's 64-bit mask, for the same reason. Returns the signal
// number, or -1 with errno set (EINTR).
static inline int ssinit_sigwait(const uint64_t *set) {
    siginfo_t info;
    return (int)syscall(SYS_rt_sigtimedwait, set, &info, (void *)0, sizeof(uint64_t));
}

// C: prctl is variadic.
static inline int ssinit_prctl(int option, unsigned long value) { return prctl(option, value, 0UL, 0UL, 0UL); }
// C: prctl is variadic. Whether this process is a child subreaper: 1 yes, 0 no, -1 the kernel cannot tell. The flag
// survives execve, so a process that registered and then exec'd the init (tini's subreaper-proxy) has it.
static inline int ssinit_is_subreaper(void) {
    int value = 0;
    return prctl(PR_GET_CHILD_SUBREAPER, (unsigned long)&value, 0UL, 0UL, 0UL) == 0 ? (value != 0) : -1;
}

// C: SIG_DFL is a cast macro. Sets the disposition of `sig` to the default, saving the old one in `old`.
static inline int ssinit_default_disposition(int sig, struct sigaction *old) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    return sigaction(sig, &action, old);
}

// C: the constants below are macros whose expansion Swift may not import.
static inline int ssinit_sig_block(void) { return SIG_BLOCK; }
static inline int ssinit_sig_setmask(void) { return SIG_SETMASK; }
static inline int ssinit_wnohang(void) { return WNOHANG; }
static inline int ssinit_sigchld(void) { return SIGCHLD; }

#endif
