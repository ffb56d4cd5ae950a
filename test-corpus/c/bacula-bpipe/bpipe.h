// Case bacula-bpipe: our own re-creation of the shape of Bacula's lib/bpipe.c (not Bacula's code).
// The BPIPE handle and the functions shared by the files of this directory.
#ifndef BPIPE_H
#define BPIPE_H

#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#define MAX_ARGV 100

typedef struct s_bpipe {
    pid_t worker_pid;
    time_t worker_stime;
    int wait;
    FILE *rfd;
    FILE *wfd;
} BPIPE;

BPIPE *open_bpipe(char *prog, int wait, const char *mode);
BPIPE *open_bpipe_env(char *prog, int wait, const char *mode, char *envp[]);
int close_bpipe(BPIPE *bpipe);
void build_argc_argv(char *cmd, int *bargc, char *bargv[], int max_argv);
BPIPE *bpipe_alloc(int wait);
void bpipe_attach_parent_ends(BPIPE *bpipe, int mode_read, int readp[2], int mode_write, int writep[2]);
void setup_env(char *envp[]);
void start_syslog_thread(const char *ident);

#endif
