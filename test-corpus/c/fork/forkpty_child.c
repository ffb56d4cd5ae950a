// Case: forkpty() creates a fork child like fork(): unsafe calls are FL001, heap calls FL004.
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int bad_forkpty_shell(const char *shell)
{
    int master;
    pid_t pid = forkpty(&master, NULL, NULL, NULL);

    if (pid < 0) {
        perror("forkpty");                      /* no finding: fork failed */
        return -1;
    }
    if (pid == 0) {
        setenv("TERM", "xterm", 1);             //~ FL001
        char *arg0 = strdup(shell);             //~ FL004
        execl(shell, arg0, (char *)NULL);
        _exit(127);
    }
    printf("pty master fd %d\n", master);       /* no finding: parent */
    return master;
}
