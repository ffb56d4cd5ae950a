// Case: an exec returns only when it fails, and then with -1. A child that tests
// `execvp(...) == -1` (or `< 0`) and exits in that branch ends there: the other
// branch is never taken, so the parent's code after the child block is not the
// child's.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void bad_exec_result_tested(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (execvp(argv[0], argv) == -1) {
            perror("execvp");                        //~ FL001
            _exit(127);
        }
    }
    printf("parent: %d\n", (int)pid);                /* no finding: the child never gets here */
}

void bad_exec_result_negative(char **argv)
{
    if (fork() == 0) {
        if (execv(argv[0], argv) < 0)
            _exit(127);
        puts("exec returned success?");              /* no finding: exec never returns 0 */
    }
}
