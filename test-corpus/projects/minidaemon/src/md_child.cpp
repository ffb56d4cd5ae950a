// Case (project minidaemon): what the pipe child does before exec, in its own file.
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include "../include/md_log.h"

static void md_reset_signals(void)
{
    struct sigaction sa = {};
    sa.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &sa, 0);
}

void md_child_setup(int in_fd, int out_fd)
{
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    for (int fd = 3; fd < 64; fd++)
        close(fd);
    md_reset_signals();
    setenv("MD_CHILD", "1", 1); // forklint: allow(FL001) -- every thread is stopped before md_open_pipe runs
    md_write_all(2, "child ready\n", 12);
}
