// Case: a child block that does not end in exec-then-`_exit` falls through, so the code after
// the `if` also runs in the child (here on the failed-exec path). With `_exit` it is parent-only.
#include <stdio.h>
#include <unistd.h>

pid_t bad_fallthrough_missing_exit(char **argv, int out_fd)
{
    pid_t pid = fork();

    if (pid == 0) {
        dup2(out_fd, 1);
        execv(argv[0], argv);
        perror("execv");                        //~ FL001
        /* missing _exit(): the child falls out of the if */
    }
    printf("started %s as %d\n", argv[0], (int)pid); //~ FL001
    return pid;
}

pid_t ok_fallthrough_blocked_by_exit(char **argv, int out_fd)
{
    pid_t pid = fork();

    if (pid == 0) {
        dup2(out_fd, 1);
        execv(argv[0], argv);
        _exit(127);
    }
    printf("started %s as %d\n", argv[0], (int)pid); /* no finding: the child never gets here */
    return pid;
}
