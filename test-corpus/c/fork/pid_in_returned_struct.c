// Case: a fork wrapper that returns a struct whose field holds the pid, and a getter that
// reads that field back. The caller's `ei` is the wrapper's `e`, so `ei->pid` is the fork's
// result, and `get_pid(ei)` returns it: only the `== 0` branch is the child.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct wait_info {
    pid_t pid;
    int fds[2];
};

static struct wait_info *fork_with_info(void)
{
    struct wait_info *e = malloc(sizeof *e);
    if (e == NULL)
        return NULL;
    if ((e->pid = fork()) < 0) {
        free(e);
        return NULL;
    }
    if (e->pid == 0)
        close(e->fds[0]);
    else
        close(e->fds[1]);
    return e;
}

static pid_t info_get_pid(struct wait_info *e)
{
    if (e == NULL)
        return -1;
    return e->pid;
}

int bad_struct_spawn(char **argv)
{
    struct wait_info *ei;
    pid_t pid;

    if ((ei = fork_with_info()) == NULL) {
        perror("fork");                              /* no finding: fork failed, no child */
        return -1;
    } else if ((pid = info_get_pid(ei)) == 0) {
        printf("child starting %s\n", argv[0]);      //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    printf("parent: child %d\n", (int)pid);          /* no finding: only the parent gets here */
    free(ei);                                        /* no finding: parent */
    return 0;
}

int bad_struct_field_direct(char **argv)
{
    struct wait_info *ei = fork_with_info();
    if (ei == NULL)
        return -1;
    if (ei->pid == 0) {
        puts("child");                               //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    puts("parent");                                  /* no finding: parent */
    return 0;
}
