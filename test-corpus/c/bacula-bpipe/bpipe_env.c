// Case bacula-bpipe (4/5): the newer shape of open_bpipe, with an environment for the program.
// The child calls setup_env() (envutil.c), whose setenv() is reported there; `_exit` is fine.
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bpipe.h"

BPIPE *open_bpipe_env(char *prog, int wait, const char *mode, char *envp[])
{
    char *bargv[MAX_ARGV];
    int bargc;
    int readp[2], writep[2];
    int mode_read = (mode[0] == 'r');
    int mode_write = (mode[0] == 'w' || mode[1] == 'w');
    BPIPE *bpipe = bpipe_alloc(wait);
    char *tprog = strdup(prog);

    build_argc_argv(tprog, &bargc, bargv, MAX_ARGV);
    if ((mode_write && pipe(writep) == -1) || (mode_read && pipe(readp) == -1)) {
        free(tprog);
        free(bpipe);
        return NULL;
    }
    switch (bpipe->worker_pid = fork()) {
    case -1:
        free(tprog);
        free(bpipe);
        return NULL;
    case 0:                                     /* child */
        if (mode_write) {
            close(writep[1]);
            dup2(writep[0], 0);
        }
        if (mode_read) {
            close(readp[0]);
            dup2(readp[1], 1);
            dup2(readp[1], 2);
        }
        closefrom(3);
        /* Set up the environment here; execvpe() is not available everywhere. */
        setup_env(envp);
        execvp(bargv[0], bargv);
        _exit(255);
    default:
        break;
    }
    free(tprog);
    bpipe_attach_parent_ends(bpipe, mode_read, readp, mode_write, writep);
    return bpipe;
}
