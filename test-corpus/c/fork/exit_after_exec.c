// Case: code after a failed exec still runs in the child, so `exit` (and `perror`) there are
// reported; calls after `_exit`, `abort` or `exit` are dead and not reported.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void bad_exitexec_exit_after_failed_exec(char **argv)
{
    if (fork() == 0) {
        execvp(argv[0], argv);
        perror(argv[0]);                        //~ FL001
        exit(127);                              //~ FL001: _exit
        puts("unreachable");                    /* no finding: dead after exit */
    }
}

void ok_exitexec_underscore_exit(char **argv)
{
    if (fork() == 0) {
        execvp(argv[0], argv);
        _exit(127);
        puts("unreachable");                    /* no finding: dead after _exit */
    }
}

void ok_exitexec_abort(char **argv)
{
    if (fork() == 0) {
        execv(argv[0], argv);
        abort();
        printf("unreachable\n");                /* no finding: dead after abort */
    }
}
