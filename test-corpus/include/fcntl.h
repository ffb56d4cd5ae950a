/* Fake <fcntl.h> for the forklint corpus: declarations only. */
#ifndef FAKE_FCNTL_H
#define FAKE_FCNTL_H

#include <sys/types.h>

#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_TRUNC 01000
#define O_CLOEXEC 02000000

#ifdef __cplusplus
extern "C" {
#endif

int open(const char *path, int flags, ...);

#ifdef __cplusplus
}
#endif

#endif
