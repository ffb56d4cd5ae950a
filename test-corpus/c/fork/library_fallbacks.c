// Case: a tree that defines a library function itself. A non-static definition is
// a fallback for systems without it (`#ifndef HAVE_LOCALTIME_R`): the library is
// meant and judged. A `static` definition in the same file shadows the library.
// A function-like macro named like a library function (a lock-manager wrapper) is
// not expanded: the library function is judged.
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#ifndef HAVE_LOCALTIME_R
struct tm *localtime_r(const time_t *timep, struct tm *result)
{
    return result;                              /* a fallback that is not built here */
}
#endif

static int setenv(const char *name, const char *value, int overwrite)
{
    return write(2, name, 1);                   /* shadows libc in this file: safe */
}

#define pthread_mutex_lock(m) fallback_lock_wrapper(m)

void bad_library_fallback_in_child(char **argv, const time_t *now, void *mutex)
{
    struct tm tm;
    if (fork() == 0) {
        localtime_r(now, &tm);                  //~ FL001
        setenv("A", "B", 1);                    /* no finding: the static definition above */
        pthread_mutex_lock(mutex);              //~[treesitter] FL001 //~[clang] FL002
        execv(argv[0], argv);
        _exit(127);
    }
}
