// Case: vfork() children are checked like fork() children, but heap calls (malloc, free, strdup)
// are FL001 there, not FL004: vfork runs no atfork handlers and shares the parent's memory.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void bad_vfork_unsafe_calls(char **argv)
{
    pid_t pid = vfork();

    if (pid == 0) {
        printf("vfork child\n");                //~ FL001
        char *path = malloc(strlen(argv[0]) + 1); //~ FL001
        strcpy(path, argv[0]);
        execv(path, argv);
        free(path);                             //~ FL001
        _exit(127);
    }
    printf("parent of %d\n", (int)pid);         /* no finding: parent */
}

void bad_vfork_strdup(const char *prog, char **argv)
{
    pid_t pid;

    if ((pid = vfork()) == 0) {
        argv[0] = strdup(prog);                 //~ FL001
        execvp(prog, argv);
        _exit(127);
    }
    char *copy = strdup(prog);                  /* no finding: parent */
    free(copy);
}

void ok_vfork_exec_only(char **argv)
{
    if (vfork() == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
}
