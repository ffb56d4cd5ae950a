// Case: heap calls in a fork() child are FL004 warnings, not FL001: glibc's fork() resets the
// malloc locks in the child. Also through a helper; and not reported in the parent.
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *allocchild_copy_prefix(const char *s, size_t n)
{
    return strndup(s, n);                       //~ FL004
}

void bad_allocchild_heap_calls(const char *path, char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        char *copy = malloc(strlen(path) + 1);  //~ FL004
        strcpy(copy, path);
        char *dir = strdup(path);               //~ FL004
        char **args = calloc(4, sizeof *args);  //~ FL004
        args = realloc(args, 8 * sizeof *args); //~ FL004
        args[0] = allocchild_copy_prefix(path, 16);
        free(dir);                              //~ FL004
        execv(copy, argv);
        _exit(127);
    }
    char *note = malloc(64);                    /* no finding: parent */
    free(note);
}
