// Case: an exec that only a grandchild reaches is not the child's exec. The child of
// `grandexec_daemon`'s fork forks again inside `grandexec_accept_loop` and only that
// grandchild returns to the execv: the child itself never execs, so it is a daemon (FL003)
// and its printf is not reported as an exec child's call. The grandchild's fork is an exec
// child of its own. A fork made only on some paths (`if (detach)`) does not take the exec
// away from the child on the other paths, and neither do two definitions of one wrapper.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int grandexec_accept_loop(void)
{
    for (;;)
        if (fork() == 0)
            return 0;
}

int bad_grandexec_daemon(int argc, char **argv)
{
    if (fork() != 0)                                    //~ FL003
        _exit(0);
    setsid();
    printf("daemon up\n");                              /* no finding: a daemon child (FL003) */
    grandexec_accept_loop();
    execv(argv[0], argv);
    _exit(1);
}

/* The intermediate child of a double fork exits in the parent branch; only the grandchild
 * execs, and puts runs only in the intermediate child. */
static int grandexec_detach(void)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid > 0)
        _exit(0);
    return 0;
}

void bad_grandexec_double_fork(char **argv)
{
    pid_t pid = fork();                                 //~ FL003
    if (pid == 0) {
        puts("intermediate");                           /* no finding: a daemon child (FL003) */
        if (grandexec_detach() != 0)
            _exit(127);
        execv(argv[0], argv);
        _exit(127);
    }
}

void bad_grandexec_maybe_detach(char **argv, int detach)
{
    pid_t pid = fork();
    if (pid == 0) {
        puts("child");                                  //~ FL001
        if (detach && fork() > 0)
            _exit(0);
        execv(argv[0], argv);
        _exit(127);
    }
}
