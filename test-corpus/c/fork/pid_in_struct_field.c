// Case: the pid is kept in a struct field: `switch (bp->worker_pid = fork())` and
// `if (bp->worker_pid == 0)` select the child just like a plain variable.
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

struct fieldpid_worker {
    pid_t worker_pid;
    int out_fd;
};

int bad_fieldpid_switch(struct fieldpid_worker *bp, char **argv)
{
    switch (bp->worker_pid = fork()) {
    case -1:
        perror("fork");                         /* no finding: fork failed */
        return -1;
    case 0:
        dup2(bp->out_fd, 1);
        fprintf(stderr, "worker %s\n", argv[0]); //~ FL001
        execv(argv[0], argv);
        _exit(127);
    default:
        close(bp->out_fd);
        break;
    }
    return 0;
}

int bad_fieldpid_if(struct fieldpid_worker *bp, char **argv)
{
    bp->worker_pid = fork();
    if (bp->worker_pid == 0) {
        syslog(LOG_INFO, "worker %s", argv[0]); //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    if (bp->worker_pid < 0)
        perror("fork");                         /* no finding: fork failed */
    return bp->worker_pid < 0 ? -1 : 0;
}
