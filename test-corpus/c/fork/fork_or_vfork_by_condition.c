// Case: `pid = c ? fork() : vfork();` binds `pid` to whichever call ran, so the
// `switch (pid)` after it narrows both children: only `case 0` is a child, and
// the parent's code after the switch is reached by neither (before, the result
// was unknown and both children "ran on" into the parent's printf and fdopen).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

FILE *bad_ls_or_exec_popen(char **argv)
{
    pid_t pid;

    pid = (strcmp(argv[0], "/bin/ls") == 0) ? fork() : vfork();
    switch (pid) {
    case -1:
        return NULL;
    case 0:
        if (strcmp(argv[0], "/bin/ls") == 0)
            exit(0);                            //~ FL001 //~ FL001
        execv(argv[0], argv);
        _exit(1);
    }
    printf("parent: child is %d\n", (int)pid);  /* no finding: the parent */
    return fdopen(1, "r");                      /* no finding: the parent */
}

int good_child_by_condition(int quiet, char **argv)
{
    pid_t pid;

    pid = quiet ? vfork() : fork();
    if (pid != 0)
        return printf("parent\n");              /* no finding: the parent */
    execv(argv[0], argv);
    _exit(127);
}
