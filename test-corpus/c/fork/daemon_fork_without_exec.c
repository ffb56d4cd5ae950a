// Case: a daemon-style fork. The parent exits and the child carries on as the program without
// ever calling exec: one FL003 at the fork, and nothing reported inside that child.
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

/* A plugin hook defined nowhere in the tree: would be FL002 in an exec child. */
void daemonfork_plugin_init_not_defined_anywhere(char *state);

static void daemonfork_serve(const char *name)
{
    for (;;) {
        syslog(LOG_INFO, "%s: waiting for work", name);  /* no finding: FL003 child */
        printf("%s alive\n", name);
        usleep(1000000);
    }
}

void bad_daemonfork_become_daemon(const char *name)
{
    openlog(name, LOG_PID, LOG_DAEMON);
    if (fork() != 0)                            //~ FL003
        exit(0);

    /* From here on this is the daemon, not a child that will exec. */
    setsid();
    chdir("/");
    syslog(LOG_INFO, "%s started", name);
    char *state = malloc(4096);
    daemonfork_plugin_init_not_defined_anywhere(state);
    daemonfork_serve(name);
}
