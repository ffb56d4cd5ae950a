/* Fake <errno.h> for the forklint corpus: declarations only. */
#ifndef FAKE_ERRNO_H
#define FAKE_ERRNO_H

#define ENOENT 2
#define EINTR 4
#define EAGAIN 11
#define ENOMEM 12

#ifdef __cplusplus
extern "C" {
#endif

extern int errno;

#ifdef __cplusplus
}
#endif

#endif
