// Case: a statement head alone under `#ifdef` (screen's ForkWindow child: `#ifdef PSEUDOS` /
// `if (!pwin)` / `#endif` / `if (dir && chdir (dir)) Panic (...)`). In screen's larger
// function the head broke the parse of the rest of the child block, and the child was taken
// to fall out of the `switch`, return the pid to its caller and run the caller's parent-only
// code; this reduced case parses either way. The directives are dropped, so the head joins
// the `if` after it, and the child ends in the noreturn calls.
#include <stdio.h>
#include <unistd.h>

extern void lone_panic(const char *what) __attribute__((noreturn));

static int lone_fork(char **args, const char *dir, int pseudo)
{
    int pid;

    switch (pid = fork()) {
    case -1:
        return -1;
    case 0:
#ifdef LONE_PSEUDOS
        if (!pseudo)
#endif
        if (dir && chdir(dir))
            lone_panic("chdir");          //~ FL002

        if (pseudo)
          {
            close(3);
            dup(4);
          }
        else
          close(4);
#ifdef LONE_DEBUG
        if (pseudo > 1)
          close(5);
#endif
        close(0);
        execvp(args[0], args);
        lone_panic("exec");               //~ FL002
    default:
        break;
    }
    return pid;
}

void lone_make_window(char **args, const char *dir)
{
    int pid = lone_fork(args, dir, 0);
    if (pid < 0)
        return;
    printf("window %d\n", pid);      /* no finding: only the parent gets here */
}
