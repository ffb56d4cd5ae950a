// Case: `assert(e)` aborts when `e` is false, and does nothing else. A child
// that asserts that its exec succeeded (`assert(execv(...) != -1)`) ends there:
// exec either replaced it or returned -1 and the assertion aborted it, so the
// parent's code after it is not the child's. An assertion on the pid fails
// only where the fork failed, so it is not the child's either.
#include <assert.h>
#include <stdio.h>
#include <unistd.h>

void bad_assert_exec(char **argv)
{
    pid_t pid = fork();
    assert(pid != -1);                          /* no finding: fails only without a child */
    if (pid == 0) {
        assert(execv(argv[0], argv) != -1);     //~ FL001
    }
    printf("parent: %d\n", (int)pid);           /* no finding: the child never gets here */
}

void bad_assert_in_child(char **argv, int fd)
{
    if (fork() == 0) {
        assert(fd >= 0);                        //~ FL001
        puts("child");                          //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
}
