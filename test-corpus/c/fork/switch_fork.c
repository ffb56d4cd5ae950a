// Case: `switch (pid = fork())`: only `case 0` is the child; `case -1` and `default` run in the parent.
// A `case 0` that does not end in `_exit` falls through into `default`, which then also runs in the child.
#include <stdio.h>
#include <unistd.h>

pid_t bad_switch_child_branch(char **argv)
{
    pid_t pid;

    switch (pid = fork()) {
    case -1:
        perror("fork");                         /* no finding: fork failed, there is no child */
        return -1;
    case 0:
        printf("child: running %s\n", argv[0]); //~ FL001
        execv(argv[0], argv);
        _exit(127);
    default:
        fprintf(stderr, "parent: child is %d\n", (int)pid); /* no finding: parent branch */
        break;
    }
    return pid;
}

pid_t bad_switch_case0_falls_into_default(char **argv)
{
    pid_t pid;

    switch (pid = fork()) {
    case -1:
        perror("fork");                         /* no finding: fork failed */
        return -1;
    case 0:
        execv(argv[0], argv);
        /* missing _exit(): a failed exec falls through into the parent's code */
    default:
        printf("started %d\n", (int)pid);       //~ FL001
        break;
    }
    return pid;
}
