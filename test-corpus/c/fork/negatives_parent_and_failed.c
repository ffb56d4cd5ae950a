// Case: negatives. Unsafe calls before the fork, in the fork-failed branch and in the parent are
// never reported; the child here only execs.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

pid_t ok_negatives_around_a_clean_child(char **argv)
{
    openlog("negatives", LOG_PID, LOG_USER);    /* no finding: before the fork */
    syslog(LOG_INFO, "starting %s", argv[0]);
    char *name = strdup(argv[0]);

    pid_t pid = fork();
    if (pid < 0) {
        syslog(LOG_ERR, "fork: %s", strerror(errno)); /* no finding: fork failed, no child */
        free(name);
        return -1;
    }
    if (pid == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
    printf("parent: %s is %d\n", name, (int)pid); /* no finding: parent */
    free(name);
    closelog();
    return pid;
}

pid_t ok_negatives_parent_in_else(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    } else if (pid > 0) {
        fprintf(stderr, "parent of %d\n", (int)pid); /* no finding: parent */
    } else {
        perror("fork");                         /* no finding: fork failed */
        exit(1);
    }
    return pid;
}
