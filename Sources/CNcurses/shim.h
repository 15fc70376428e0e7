// The one C header Swift sees for ncursesw. SwiftPM drops pkg-config's
// _XOPEN_SOURCE flags, so the wide-character API is switched on here.
#ifndef FRONTDESK_CNCURSES_SHIM_H
#define FRONTDESK_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// wcwidth is hidden by Swift's Glibc module.
extern int wcwidth(wchar_t c);

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
#endif
