/* Fake <stdlib.h> for the forklint corpus: declarations only. */
#ifndef FAKE_STDLIB_H
#define FAKE_STDLIB_H

#include <sys/types.h>

#ifndef NULL
#ifdef __cplusplus
#define NULL 0
#else
#define NULL ((void *)0)
#endif
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

#ifdef __cplusplus
extern "C" {
#endif

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
void exit(int status) __attribute__((__noreturn__));
void _Exit(int status) __attribute__((__noreturn__));
void abort(void) __attribute__((__noreturn__));
char *getenv(const char *name);
int setenv(const char *name, const char *value, int overwrite);
int putenv(char *string);

#ifdef __cplusplus
}
#endif

#endif
