/* Fake <pty.h> for the forklint corpus: declarations only. */
#ifndef FAKE_PTY_H
#define FAKE_PTY_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct termios;
struct winsize;

pid_t forkpty(int *amaster, char *name, const struct termios *termp, const struct winsize *winp);

#ifdef __cplusplus
}
#endif

#endif
