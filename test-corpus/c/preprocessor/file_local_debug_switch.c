// Case: a file's own switch, `#define TLS_DEBUG 0`, decides the `#if TLS_DEBUG`
// groups after it, as the compiler does (busybox networking/tls.c). dbg() is
// ((void)0), and a debug block with no #else is dropped whole. Before, both
// sides were kept: the child's dbg() was the fprintf one.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TLS_DEBUG 0
#define TLS_VERBOSE 1

#if TLS_DEBUG
# define dbg(...) fprintf(stderr, __VA_ARGS__)
#else
# define dbg(...) ((void)0)
#endif

static void hash_step(const char *what)
{
#if TLS_DEBUG
    char *copy = strdup(what);                  /* no finding: compiled out */
    puts(copy);
#endif
#if TLS_VERBOSE
    write(2, what, 1);
#endif
}

void spawn_helper(char **argv)
{
    if (fork() == 0) {
        dbg("helper %s\n", argv[0]);            /* no finding: ((void)0) */
        hash_step(argv[0]);
        execv(argv[0], argv);
#if !TLS_VERBOSE
        perror("execv");                        /* no finding: compiled out */
#endif
        _exit(127);
    }
}
