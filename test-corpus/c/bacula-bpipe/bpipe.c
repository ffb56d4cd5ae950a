// Case bacula-bpipe (1/5): the Bacula 5.0.1 hang. While a logging thread (logthread.c) holds
// glibc's syslog lock, open_bpipe() forks; the child inherits the lock held and blocks forever
// in closelog(). exit(255) after a failed exec runs the parent's atexit handlers in the child.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include "bpipe.h"

BPIPE *open_bpipe(char *prog, int wait, const char *mode)
{
    char *bargv[MAX_ARGV];
    int bargc, i;
    int readp[2], writep[2];
    int mode_read = (mode[0] == 'r');
    int mode_write = (mode[0] == 'w' || mode[1] == 'w');
    BPIPE *bpipe = bpipe_alloc(wait);
    char *tprog = strdup(prog);                 /* no finding: before the fork */

    build_argc_argv(tprog, &bargc, bargv, MAX_ARGV);
    if ((mode_write && pipe(writep) == -1) || (mode_read && pipe(readp) == -1)) {
        free(tprog);
        free(bpipe);
        return NULL;
    }
    /* Start worker process */
    switch (bpipe->worker_pid = fork()) {
    case -1:                                    /* error */
        syslog(LOG_ERR, "fork: %s", strerror(errno)); /* no finding: there is no child */
        free(tprog);
        free(bpipe);
        return NULL;
    case 0:                                     /* child */
        if (mode_write) {
            close(writep[1]);
            dup2(writep[0], 0);                 /* dup our write to his stdin */
        }
        if (mode_read) {
            close(readp[0]);                    /* close unused child fds */
            dup2(readp[1], 1);                  /* dup our read to his stdout */
            dup2(readp[1], 2);                  /*   and his stderr */
        }
        closelog();                             //~ FL001: syslog
        for (i = 3; i <= 32; i++) {             /* close any open file descriptors */
            close(i);
        }
        execvp(bargv[0], bargv);                /* call the program */
        exit(255);                              //~ FL001: _exit
    default:                                    /* parent */
        break;
    }
    free(tprog);
    bpipe_attach_parent_ends(bpipe, mode_read, readp, mode_write, writep);
    return bpipe;
}
