// Case: a function reached from the child that itself makes a known-unsafe call
// does not end the chain: its unsafe calls are reported, and so are those of the
// functions it calls, each at its own line with the chain that reaches it.
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

static void cut_deep_logger(const char *msg)
{
    syslog(LOG_ERR, "%s", msg);                 //~ FL001
}

static void cut_noisy_helper(const char *msg)
{
    printf("helper: %s\n", msg);                //~ FL001
    cut_deep_logger(msg);
}

static void cut_quiet_logger(const char *msg)
{
    syslog(LOG_ERR, "%s", msg);                 //~ FL001
}

static void cut_quiet_helper(const char *msg)
{
    write(2, msg, 1);
    cut_quiet_logger(msg);
}

void bad_chain_continues_in_child(char **argv)
{
    if (fork() == 0) {
        cut_noisy_helper(argv[0]);
        cut_quiet_helper(argv[0]);
        execv(argv[0], argv);
        _exit(127);
    }
}
