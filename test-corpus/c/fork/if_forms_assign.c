// Case: child tests on a pid variable: `if ((pid = fork()) == 0)`, `if (pid == 0)` and `if (0 == pid)`.
// Each child ends in `_exit`, so the code after the `if` runs only in the parent.
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

void bad_ifassign_assign_in_condition(char **argv)
{
    pid_t pid;

    if ((pid = fork()) == 0) {
        puts("child (assignment in the condition)");   //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    puts("parent");                                      /* no finding: parent */
}

void bad_ifassign_separate_test(char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        syslog(LOG_INFO, "child (separate test)");       //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    syslog(LOG_INFO, "parent of %d", (int)pid);          /* no finding: parent */
}

void bad_ifassign_yoda_test(char **argv)
{
    pid_t pid = fork();

    if (0 == pid) {
        fprintf(stderr, "child (constant on the left)\n"); //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    fprintf(stderr, "parent of %d\n", (int)pid);          /* no finding: parent */
}
