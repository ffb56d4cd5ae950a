// Case: if/else chains on the pid: `pid < 0 / pid == 0 / else`, `pid > 0 ... else`, `if (pid) ... else`.
// Only the branch where the pid is 0 is the child.
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

void bad_ifchain_three_way(char **argv)
{
    pid_t pid = fork();

    if (pid < 0) {
        perror("fork");                         /* no finding: fork failed */
    } else if (pid == 0) {
        printf("child %s\n", argv[0]);          //~ FL001
        execv(argv[0], argv);
        _exit(127);
    } else {
        printf("parent of %d\n", (int)pid);     /* no finding: parent */
    }
}

void bad_ifchain_parent_first(char **argv)
{
    pid_t pid = fork();

    if (pid > 0) {
        syslog(LOG_INFO, "started %d", (int)pid); /* no finding: parent */
    } else {
        syslog(LOG_INFO, "child starting");     //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
}

void bad_ifchain_truthy_pid(char **argv)
{
    pid_t pid = fork();

    if (pid) {
        fprintf(stderr, "parent of %d\n", (int)pid); /* no finding: parent */
    } else {
        fprintf(stderr, "child\n");             //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
}
