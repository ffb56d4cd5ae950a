// Case: a call that never returns, written through a function-like macro, ends the child.
// Before, `errexec` was not known to end the path: the child ran on into the parent's printf.
#include <err.h>
#include <stdio.h>
#include <unistd.h>

#define errexec(name) err(127, "failed to execute %s", name)

void noreturnmacro_spawn(char *prog)
{
    pid_t pid = fork();

    if (pid == 0) {
        execl(prog, prog, (char *) 0);
        errexec(prog);                          //~ FL001: err
    }
    printf("parent: child is %d\n", (int) pid);
}
