// Case fixes (C): the machine-applicable fixes and where they must not be offered.
// `exit` written in the child becomes `_exit`; `closelog();` alone on its line is removed.
// A helper that the parent also calls keeps its `exit` (no fix: it would change the parent),
// and `closelog()` as the body of an `if` is not removed (removal would change the branch).
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

static void fixes_die(void)
{
    exit(1);                                    //~ FL001: _exit
}

void fixes_run(char **argv, int verbose)
{
    pid_t pid = fork();
    if (pid == 0) {
        closelog();                             //~ FL001: fix: remove `closelog()`
        if (verbose)
            closelog();                         //~ FL001
        execv(argv[0], argv);
        exit(127);                              //~ FL001: fix: replace `exit` with `_exit`
    }
    if (pid < 0)
        fixes_die();
}

void fixes_child_calls_helper(char **argv)
{
    if (fork() == 0) {
        execv(argv[0], argv);
        fixes_die();
    }
}
