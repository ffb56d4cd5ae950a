// Case: a function whose child branch returns (no exec, no `_exit`): the child goes on in the
// CALLER, so the caller's unsafe calls after the call are in the child.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Returns 0 in the child only; the parent waits for the child and exits with its status. */
static int childret_split(void)
{
    int status;
    pid_t pid = fork();

    if (pid < 0) {
        perror("fork");                         /* no finding: fork failed */
        exit(1);
    }
    if (pid == 0)
        return 0;                               /* child: back to the caller */
    waitpid(pid, &status, 0);
    printf("child exited\n");                   /* no finding: parent */
    exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

void bad_childret_caller(char **argv)
{
    printf("before the split\n");               /* no finding: before the fork */
    childret_split();
    printf("in the child: %s\n", argv[0]);      //~ FL001
    execv(argv[0], argv);
    _exit(127);
}

/* Here the child execs and never returns; only the parent returns to the caller. */
static pid_t childret_spawn(char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

void ok_childret_caller(char **argv)
{
    pid_t pid = childret_spawn(argv);
    printf("spawned %d\n", (int)pid);           /* no finding: parent only */
}
