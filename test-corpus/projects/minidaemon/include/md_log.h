// Case (project minidaemon): Bacula-style logging macros. The macro expands to a
// call of md_log(), which formats with vfprintf and logs to syslog.
#ifndef MD_LOG_H
#define MD_LOG_H
void md_log(const char *file, int line, int level, const char *fmt, ...);
#define MDmsg(lvl, fmt, ...) md_log(__FILE__, __LINE__, lvl, fmt, ##__VA_ARGS__)
int md_write_all(int fd, const char *buf, int len);
#endif
