/* Fake <string.h> for the forklint corpus: declarations only. */
#ifndef FAKE_STRING_H
#define FAKE_STRING_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

size_t strlen(const char *s);
char *strcpy(char *dest, const char *src);
char *strchr(const char *s, int c);
int strcmp(const char *s1, const char *s2);
void *memcpy(void *dest, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
char *strerror(int errnum);

#ifdef __cplusplus
}
#endif

#endif
