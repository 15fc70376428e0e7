// The one C header Swift sees for ncursesw. SwiftPM drops pkg-config's
// _XOPEN_SOURCE flags, so the wide-character API is switched on here.
#ifndef FRONTDESK_CNCURSES_SHIM_H
#define FRONTDESK_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// wcwidth and openpty are hidden by Swift's Glibc module (openpty is in libc since glibc 2.34).
extern int wcwidth(wchar_t c);
extern int openpty(int *amaster, int *aslave, char *name, const struct termios *termp, const struct winsize *winp);

// Swift 6 rejects C globals; these accessors stand in for them.
static inline WINDOW *fd_stdscr(void) { return stdscr; }
static inline int fd_lines(void) { return LINES; }
static inline int fd_cols(void) { return COLS; }
static inline int fd_colors(void) { return COLORS; }
static inline int fd_color_pairs(void) { return COLOR_PAIRS; }
static inline int fd_key_f(int n) { return KEY_F(n); }
static inline attr_t fd_a_bold(void) { return A_BOLD; }
static inline attr_t fd_a_reverse(void) { return A_REVERSE; }
static inline attr_t fd_a_underline(void) { return A_UNDERLINE; }
static inline attr_t fd_a_dim(void) { return A_DIM; }
static inline attr_t fd_a_standout(void) { return A_STANDOUT; }
static inline int fd_ccharw_max(void) { return CCHARW_MAX; }
static inline int fd_winsize(int fd, int *cols, int *rows) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *cols = ws.ws_col; *rows = ws.ws_row;
    return 0;
}

// ---- Restoring the terminal from a signal handler -------------------------------------
// Only async-signal-safe calls (write, tcsetattr, sigaction, raise) run in the handlers,
// so the bytes that leave the alternate screen and reset attributes are prepared up front.
// The state is static in this header: only CursesTerminal.swift may call these functions,
// so exactly one copy of it exists.

struct fd_restore_state {
    int out_fd, tty_fd, wake_fd, have_termios, armed;
    struct termios saved;
    char bytes[512];
    int len;
    struct sigaction previous[32];
};
// A function-local static: Swift's importer emits functions from a header, not variables.
static inline struct fd_restore_state *fd_restore_ptr(void) { static struct fd_restore_state state; return &state; }
#define fd_restore (*fd_restore_ptr())

static inline void fd_restore_terminal_now(void) {
    if (!fd_restore.armed) return;
    fd_restore.armed = 0;
    if (fd_restore.len > 0) { ssize_t r = write(fd_restore.out_fd, fd_restore.bytes, (size_t)fd_restore.len); (void)r; }
    if (fd_restore.have_termios) tcsetattr(fd_restore.tty_fd, TCSANOW, &fd_restore.saved);
}

static void fd_on_fatal_signal(int sig) {
    fd_restore_terminal_now();
    signal(sig, SIG_DFL);
    raise(sig);
}

// Chains to ncurses' own SIGWINCH handler (which makes the next read return KEY_RESIZE),
// then wakes the poll loop so the resize is noticed at once, not at the next timeout.
static void fd_on_winch(int sig) {
    struct sigaction *prev = &fd_restore.previous[SIGWINCH];
    if (prev->sa_flags & SA_SIGINFO) {
        if (prev->sa_sigaction) prev->sa_sigaction(sig, NULL, NULL);
    } else if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN && prev->sa_handler) {
        prev->sa_handler(sig);
    }
    if (fd_restore.wake_fd >= 0) { ssize_t r = write(fd_restore.wake_fd, "w", 1); (void)r; }
}

// Appends a terminfo capability without its $<…> padding marks (vt100 has them).
static inline void fd_append_cap(const char *name) {
    char *cap = tigetstr((char *)name);
    if (cap == NULL || cap == (char *)-1) return;
    for (const char *p = cap; *p && fd_restore.len < (int)sizeof(fd_restore.bytes) - 1; p++) {
        if (p[0] == '$' && p[1] == '<') { const char *end = strchr(p, '>'); if (end) { p = end; continue; } }
        fd_restore.bytes[fd_restore.len++] = *p;
    }
}

static const int fd_fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };

/// Call after newterm: records how to restore, then installs the handlers.
static inline void fd_install_restore(int out_fd, int tty_fd, int wake_fd, const struct termios *saved) {
    fd_restore.out_fd = out_fd; fd_restore.tty_fd = tty_fd; fd_restore.wake_fd = wake_fd;
    fd_restore.have_termios = saved != NULL;
    if (saved) fd_restore.saved = *saved;
    fd_restore.len = 0;
    fd_append_cap("sgr0"); fd_append_cap("cnorm"); fd_append_cap("rmkx"); fd_append_cap("rmcup");
    fd_restore.armed = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = fd_on_fatal_signal;
    for (unsigned i = 0; i < sizeof fd_fatal_signals / sizeof fd_fatal_signals[0]; i++)
        sigaction(fd_fatal_signals[i], &sa, &fd_restore.previous[fd_fatal_signals[i]]);
    sa.sa_handler = fd_on_winch;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &sa, &fd_restore.previous[SIGWINCH]);
}

/// Call on a normal end (after endwin): the handlers go back to what they were.
static inline void fd_uninstall_restore(void) {
    fd_restore.armed = 0;
    fd_restore.wake_fd = -1;
    for (unsigned i = 0; i < sizeof fd_fatal_signals / sizeof fd_fatal_signals[0]; i++)
        sigaction(fd_fatal_signals[i], &fd_restore.previous[fd_fatal_signals[i]], NULL);
    sigaction(SIGWINCH, &fd_restore.previous[SIGWINCH], NULL);
}
#endif
