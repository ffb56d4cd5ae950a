// Case three_file_chain (1/3): the fork is here; the child calls chain_prepare_child() in
// b_prepare.c, which calls chain_log_child() in c_logsink.c, which calls syslog: the finding is
// reported in c_logsink.c, at the syslog call.
#include <unistd.h>
#include "chain.h"

void bad_chain_spawn(int fd, char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        chain_prepare_child(fd, argv[0]);       /* no finding here: see c_logsink.c */
        execv(argv[0], argv);
        _exit(127);
    }
}
