// Case: fork wrappers. A function that returns fork()'s result makes each of its call sites a
// fork site, also through a wrapper of a wrapper; the caller's test picks the child branch.
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

pid_t forkwrap_spawn(void)
{
    return fork();
}

pid_t forkwrap_spawn_logged(void)
{
    syslog(LOG_DEBUG, "forking");               /* no finding: before the fork */
    return forkwrap_spawn();
}

void bad_forkwrap_direct(char **argv)
{
    if (forkwrap_spawn() == 0) {
        printf("child via wrapper\n");          //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    printf("parent\n");                         /* no finding: parent */
}

void bad_forkwrap_wrapper_of_wrapper(char **argv)
{
    pid_t pid = forkwrap_spawn_logged();

    if (pid == 0) {
        puts("child via wrapper of wrapper");   //~ FL001
        execv(argv[0], argv);
        _exit(127);
    }
    puts("parent");                             /* no finding: parent */
}
