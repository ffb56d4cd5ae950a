// Case (project minidaemon): the logging back end every daemon thread uses.
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>
#include "../include/md_log.h"

void md_log(const char *file, int line, int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);                  //~ FL001
    va_end(ap);
    syslog(LOG_INFO, "%s:%d level %d", file, line, level); //~ FL001: syslog
}

int md_write_all(int fd, const char *buf, int len)
{
    while (len > 0) {
        int n = write(fd, buf, len);
        if (n <= 0)
            return -1;
        buf += n;
        len -= n;
    }
    return 0;
}
