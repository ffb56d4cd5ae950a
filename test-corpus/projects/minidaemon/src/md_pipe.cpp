// Case (project minidaemon): a bpipe-like helper: fork, set up the child in
// another file, log through the macro (a hang waiting to happen), exec.
#include <unistd.h>
#include "../include/md_log.h"

void md_child_setup(int in_fd, int out_fd);

class MdPipe {
public:
    pid_t pid;
    int fds[2];
};

MdPipe *md_open_pipe(char **argv)
{
    MdPipe *p = new MdPipe;
    if (pipe(p->fds) < 0) {
        MDmsg(1, "pipe failed\n");              /* no finding: no child yet */
        return 0;
    }
    switch (p->pid = fork()) {
    case -1:
        MDmsg(1, "fork failed\n");              /* no finding: no child */
        return 0;
    case 0:
        md_child_setup(p->fds[0], p->fds[1]);
        MDmsg(20, "exec %s\n", argv[0]);
        execvp(argv[0], argv);
        _exit(127);
    default:
        close(p->fds[1]);
        return p;
    }
}
