// Case: see inline_helpers.h. Also `(pid_t)-1 == pid`, which tree-sitter reads as
// `(pid_t) - 1`, narrows like `pid == -1`: the failed-fork branch is not the child.
#include <stdio.h>
#include <unistd.h>
#include "inline_helpers.h"

void headerinline_child(char **argv)
{
    pid_t pid = fork();

    if ((pid_t)-1 == pid) {
        perror("fork");
        return;
    }
    if (pid == 0) {
        if (headerinline_len(argv[0]) > 0)
            argv[0] = headerinline_copy(argv[0]);
        execv(argv[0], argv);
        _exit(127);
    }
}
