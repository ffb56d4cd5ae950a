// Case: a fork wrapper whose child returns a constant instead of the pid. The child's failed
// connect ends in `return close_all(...)`, a helper that always returns -1; the caller's
// `if (pid < 0)` then sends the child down the error branch, and the code after it is only
// the parent's. A void start function that stores the pid through a pointer and falls off its
// end hands the pid back to its caller the same way as one that returns.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int retconst_close_all(int a, int b)
{
    close(a);
    close(b);
    return -1;
}

static pid_t retconst_spawn(int a, int b, char **argv)
{
    pid_t pid = fork();
    if (pid < 0)
        return retconst_close_all(a, b);
    if (pid > 0)
        return pid;
    if (dup2(a, 0) < 0)
        return retconst_close_all(a, b);
    execv(argv[0], argv);
    _exit(127);
}

void bad_retconst_caller(int a, int b, char **argv)
{
    pid_t pid = retconst_spawn(a, b, argv);
    if (pid < 0) {
        fprintf(stderr, "cannot start %s\n", argv[0]);  //~ FL001
        exit(1);                                        //~ FL001
    }
    printf("started %d\n", (int)pid);                   /* no finding: only the parent gets here */
}

static void retconst_start_into(pid_t *pidp)
{
    *pidp = fork();
}

void bad_retconst_void_start(char **argv)
{
    pid_t pid;

    retconst_start_into(&pid);
    if (pid == 0) {
        puts("child");                                  //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    puts("parent");                                     /* no finding: parent */
}
