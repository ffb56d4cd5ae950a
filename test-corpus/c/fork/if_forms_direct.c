// Case: child tests written as `if (!pid)`, `if (fork() == 0)` and `if (!fork())`.
// Each child ends in `_exit`, so the code after the `if` runs only in the parent.
#include <stdio.h>
#include <unistd.h>

void bad_ifdirect_not_pid(char **argv)
{
    pid_t pid = fork();

    if (!pid) {
        printf("child (!pid)\n");               //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    printf("parent of %d\n", (int)pid);         /* no finding: parent */
}

void bad_ifdirect_fork_eq_zero(char **argv)
{
    if (fork() == 0) {
        perror("child (fork() == 0)");          //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    perror("parent");                           /* no finding: parent */
}

void bad_ifdirect_not_fork(char **argv)
{
    if (!fork()) {
        puts("child (!fork())");                //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    puts("parent");                             /* no finding: parent */
}
