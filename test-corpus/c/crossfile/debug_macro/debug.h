// Case debug_macro: Bacula-style debug macros. Dmsg1 expands to a call of d_msg() (debug.c);
// LOG_FAIL expands straight to syslog().
#ifndef DEBUG_H
#define DEBUG_H

#include <syslog.h>

extern int debug_level;

void d_msg(const char *file, int line, int level, const char *fmt, ...);

#define Dmsg1(lvl, msg, a1) d_msg(__FILE__, __LINE__, lvl, msg, a1)
#define LOG_FAIL(m) syslog(LOG_ERR, "%s", m)

#endif
