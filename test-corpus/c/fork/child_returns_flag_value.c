// Case: a fork wrapper whose child returns a local set to constants on every
// child path (tini's spawn(): `int status = 1; switch (errno) { case ENOENT:
// status = 127; ... } return status;`) hands that range to its caller, so the
// caller's `if (spawn_ret) return spawn_ret;` keeps the child out of the
// parent's wait loop. Before, the returned value was unknown and the child
// ran on into the parent's code after the check.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int spawn(char **argv, pid_t *child_pid)
{
    pid_t pid = fork();
    if (pid < 0) {
        return 1;
    } else if (pid == 0) {
        execvp(argv[0], argv);
        int status = 1;
        switch (errno) {
        case ENOENT:
            status = 127;
            break;
        case EACCES:
            status = 126;
            break;
        }
        fprintf(stderr, "exec %s failed\n", argv[0]);   //~ FL001
        return status;
    }
    *child_pid = pid;
    return 0;
}

int main(int argc, char **argv)
{
    pid_t child_pid;
    char **child_args = malloc(sizeof(char *) * (size_t)argc);
    int spawn_ret = spawn(argv + 1, &child_pid);
    if (spawn_ret) {
        return spawn_ret;
    }
    free(child_args);                       /* no finding: the parent's */
    printf("waiting for %d\n", (int)child_pid); /* no finding: the parent's */
    return 0;
}
