// Case: the parent returns right after the fork (`if (pid != 0) return pid;`), so the rest of
// the function is the child. Unsafe calls before the fork are not reported.
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

pid_t bad_early_return_not_zero(char **argv)
{
    printf("about to start %s\n", argv[0]);     /* no finding: before the fork */
    pid_t pid = fork();
    if (pid != 0)
        return pid;

    /* Only the child gets here. */
    printf("child %s\n", argv[0]);              //~ FL001
    execv(argv[0], argv);
    _exit(127);
}

pid_t bad_early_return_two_guards(char **argv)
{
    pid_t pid = fork();
    if (pid < 0) {
        syslog(LOG_ERR, "fork failed");         /* no finding: fork failed */
        return -1;
    }
    if (pid > 0)
        return pid;

    syslog(LOG_INFO, "child %s", argv[0]);      //~ FL001
    execv(argv[0], argv);
    _exit(127);
}
