// Case: a flag set in the child's branch right after the fork narrows like
// the pid (bash's execute_simple_command: `already_forked = 1;` in the child,
// later `if (already_forked) sh_exit(result);`). Before, the child was taken
// to reach the `else` branch and return to the caller: its calls were the
// parent's too.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int run_simple_command(char **argv, int async)
{
    int already_forked = 0;
    int result = 0;

    if (async) {
        if (fork() == 0) {
            already_forked = 1;
        } else {
            return 0;
        }
    }
    if (argv[0] == NULL) {
        if (already_forked)
            _exit(result);
        else {
            printf("nothing to run\n");         /* no finding: not the child */
            return result;
        }
    }
    if (already_forked) {
        setenv("_", argv[0], 1);                //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    puts("ran in the shell");                   /* no finding: not the child */
    return result;
}

/* A counter assigned a constant in the child is not a flag once it is
   incremented: the loop ends and the child goes on to exec (postfix's
   vstream_popen: `for (fd = 0; fd < 2; fd++)`). */
int spawn_with_fds(int sock, char **argv)
{
    int fd;

    switch (fork()) {
    case -1:
        return -1;
    case 0:
        for (fd = 0; fd < 2; fd++)
            if (sock != fd)
                dup2(sock, fd);
        setenv("PATH", "/bin:/usr/bin", 1);     //~ FL001
        execvp(argv[0], argv);
        _exit(127);
    }
    return 0;
}
