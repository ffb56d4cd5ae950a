/* Fake <time.h> for the forklint corpus: declarations only. */
#ifndef FAKE_TIME_H
#define FAKE_TIME_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};

time_t time(time_t *tloc);
struct tm *localtime(const time_t *timep);
size_t strftime(char *s, size_t max, const char *format, const struct tm *tm);

#ifdef __cplusplus
}
#endif

#endif
