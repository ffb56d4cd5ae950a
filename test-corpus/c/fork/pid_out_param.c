// Case: the pid goes through an out-parameter: `*pidp = fork(); if (*pidp == 0)`, and a start
// function that forks into `*pidp` and returns, with the caller testing `if (pid == 0)`.
#include <stdio.h>
#include <unistd.h>

int bad_outparam_direct(pid_t *pidp, char **argv)
{
    *pidp = fork();
    if (*pidp == 0) {
        printf("child %s\n", argv[0]);          //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    return *pidp < 0 ? -1 : 0;
}

/* Forks; returns in both processes with the pid stored in *pidp. */
static int outparam_start(pid_t *pidp)
{
    *pidp = fork();
    if (*pidp < 0) {
        perror("fork");                         /* no finding: fork failed */
        return -1;
    }
    return 0;
}

void bad_outparam_start_wrapper(char **argv)
{
    pid_t pid;

    outparam_start(&pid);
    if (pid == 0) {
        fprintf(stderr, "child %s\n", argv[0]); //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    fprintf(stderr, "parent of %d\n", (int)pid); /* no finding: parent */
}
