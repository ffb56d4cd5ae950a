// Case: function-like macros that call nothing (an expression, or nothing at all)
// are macros, not unknown functions: using them in a child is no finding.
#include <unistd.h>

#define NOCALL_MAX(a, b) ((a) > (b) ? (a) : (b))
#define NOCALL_TRACE(msg)

void ok_macros_without_calls_in_child(char **argv, int a, int b)
{
    if (fork() == 0) {
        int fd = NOCALL_MAX(a, b);              /* no finding: an expression */
        NOCALL_TRACE("child");                  /* no finding: expands to nothing */
        dup2(fd, 1);
        execv(argv[0], argv);
        _exit(127);
    }
}
