// Case: `pid = c ? fork() : vfork();` binds `pid` to whichever call ran, so the
// `switch (pid)` after it narrows both children: only `case 0` is a child, and
// the parent's code after the switch is reached by neither (before, the result
// was unknown and both children "ran on" into the parent's printf and fdopen).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
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

/* The conditional tested in place (busybox's reload_inittab: `if ((BB_MMU ?
   fork() : vfork()) == 0)`): the child is the `then` block of either call,
   and the code after it is the parent's. Before, neither child narrowed: the
   vfork was reported as a call in the fork's child, and both children ran on
   into the parent's free() and returned to the caller. */
extern int mmu_available;

static void kill_stale_later(int *pids, int n, char *table)
{
    if ((mmu_available ? fork() : vfork()) == 0) {  //~ FL003 //~ FL003
        sleep(5);
        for (int i = 0; i < n; i++)
            kill(pids[i], SIGKILL);
        _exit(EXIT_SUCCESS);
    }
    free(table);                                /* no finding: the parent */
}

void reload_table(int *pids, int n, char *table, char **argv)
{
    kill_stale_later(pids, n, table);
    printf("reloaded\n");                       /* no finding: the parent */
    execv(argv[0], argv);
}

/* The same in a switch's scrutinee. */
void run_by_condition(int quiet, char **argv)
{
    switch (quiet ? vfork() : fork()) {
    case 0:
        execv(argv[0], argv);
        _exit(127);
    case -1:
        perror("fork");                         /* no finding: the failed fork */
        return;
    }
    puts("parent");                             /* no finding: the parent */
}
