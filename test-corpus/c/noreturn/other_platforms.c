// Case: code for other platforms than Linux is not analysed (rules/platforms.toml): an
// `#ifdef __EMX__` return in the child does not make the child run on into the parent, and
// `#ifdef __APPLE__` calls are not reported. `#ifndef __linux__` is dead too.
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

static int platforms_run(char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
#ifdef __EMX__
        return pid;
#endif
#ifdef __APPLE__
        syslog(LOG_ERR, "mac");
#endif
#ifndef __linux__
        closelog();
#endif
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

void platforms_caller(char **argv)
{
    platforms_run(argv);
    printf("parent\n");
}
