/* Fake <stdio.h> for the forklint corpus: declarations only. */
#ifndef FAKE_STDIO_H
#define FAKE_STDIO_H

#include <sys/types.h>

#ifndef NULL
#ifdef __cplusplus
#define NULL 0
#else
#define NULL ((void *)0)
#endif
#endif

#define EOF (-1)
#define BUFSIZ 8192

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _IO_FILE FILE;

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;

int printf(const char *format, ...);
int fprintf(FILE *stream, const char *format, ...);
int snprintf(char *str, size_t size, const char *format, ...);
int vfprintf(FILE *stream, const char *format, __builtin_va_list ap);
int puts(const char *s);
int fputs(const char *s, FILE *stream);
void perror(const char *s);
int fflush(FILE *stream);
FILE *fopen(const char *path, const char *mode);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *stream);
char *fgets(char *s, int size, FILE *stream);

#ifdef __cplusplus
}
#endif

#endif
