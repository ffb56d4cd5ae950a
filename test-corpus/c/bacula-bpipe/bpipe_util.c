// Case bacula-bpipe (2/5): helpers that run before the fork or in the parent only (argument
// splitting, allocation, fdopen, waitpid): they allocate and use stdio, and none is reported.
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bpipe.h"

void build_argc_argv(char *cmd, int *bargc, char *bargv[], int max_argv)
{
    char *p = cmd;

    *bargc = 0;
    while (*p != '\0' && *bargc < max_argv - 1) {
        while (*p == ' ')
            *p++ = '\0';
        if (*p == '\0')
            break;
        bargv[(*bargc)++] = p;
        while (*p != '\0' && *p != ' ')
            p++;
    }
    bargv[*bargc] = NULL;
}

BPIPE *bpipe_alloc(int wait)
{
    BPIPE *bpipe = malloc(sizeof(BPIPE));

    memset(bpipe, 0, sizeof(BPIPE));
    bpipe->wait = wait;
    return bpipe;
}

void bpipe_attach_parent_ends(BPIPE *bpipe, int mode_read, int readp[2], int mode_write, int writep[2])
{
    if (mode_read) {
        close(readp[1]);                        /* close unused parent fds */
        bpipe->rfd = fdopen(readp[0], "r");
    }
    if (mode_write) {
        close(writep[0]);
        bpipe->wfd = fdopen(writep[1], "w");
    }
    bpipe->worker_stime = time(NULL);
}

int close_bpipe(BPIPE *bpipe)
{
    int status = 0;

    if (bpipe->rfd)
        fclose(bpipe->rfd);
    if (bpipe->wfd)
        fclose(bpipe->wfd);
    waitpid(bpipe->worker_pid, &status, 0);
    free(bpipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
