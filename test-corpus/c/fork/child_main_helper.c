// Case: the child's work is in other functions of the same file: `child_main(argv)` one level
// down, and a setup helper two levels down. Findings are at the unsafe call inside the helper.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void childmain_setup_env(void)
{
    putenv("LANG=C");                           //~ FL001
}

static void childmain_prepare(int fd)
{
    dup2(fd, 0);
    childmain_setup_env();
}

static void childmain_run(char **argv)
{
    fprintf(stderr, "exec %s\n", argv[0]);      //~ FL001
    execv(argv[0], argv);
    _exit(127);
}

static void childmain_report(pid_t pid)
{
    printf("child %d started\n", (int)pid);     /* no finding: only called in the parent */
}

void bad_childmain_one_level(char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        childmain_run(argv);
        _exit(127);
    }
    childmain_report(pid);
}

void bad_childmain_two_levels(char **argv, int fd)
{
    if (fork() == 0) {
        childmain_prepare(fd);
        execv(argv[0], argv);
        _exit(127);
    }
}
