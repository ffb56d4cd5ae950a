// Case debug_macro (1/2): d_msg(), reached from the child through the Dmsg1 macro; its unsafe
// calls are reported here.
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include "debug.h"

int debug_level = 0;

void d_msg(const char *file, int line, int level, const char *fmt, ...)
{
    va_list ap;

    if (level > debug_level)
        return;
    fprintf(stderr, "%s:%d ", file, line);      //~ FL001
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);                  //~ FL001
    va_end(ap);
    if (level <= 1)
        syslog(LOG_DEBUG, "%s:%d debug message", file, line); //~ FL001
}
