// Case: preprocessor conditions. Windows-only code never runs in a fork child and is
// skipped by default; other conditions keep both branches unless -D / -U say which
// one is compiled (revision `configured`).
//@ revisions: configured
//@ [configured] args: -D HAVE_SETENV -U DEBUG_CHILD -D LOG_LEVEL=2
//@ clang-args: -DDEBUG_CHILD -DLOG_LEVEL=2
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void bad_preprocessor_in_child(char **argv)
{
    if (fork() == 0) {
#ifdef _WIN32
        printf("never on a platform with fork\n"); /* no finding: Windows only */
#endif
#if defined(HAVE_SETENV)
        setenv("A", "B", 1);                    //~[treesitter] FL001
#else
        putenv("A=B");                          //~[default] FL001
#endif
#ifdef DEBUG_CHILD
        puts("debug");                          //~[default] FL001
#endif
#if LOG_LEVEL > 1
        fprintf(stderr, "verbose\n");           //~ FL001
#endif
        execv(argv[0], argv);
        _exit(127);
    }
}
