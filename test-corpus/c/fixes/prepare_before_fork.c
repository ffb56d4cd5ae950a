// Case prepare: calls that only prepare data for the child (a looked-up user, a formatted
// path, an environment variable) are flagged with the advice to make them before the fork,
// naming the variables that would move; posix_spawn cannot replace a child that looks up a
// user, so the first finding says what blocks it. In a helper that the parent also calls the advice
// is not given (moving the call would change the helper), but the finding stays.
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *prepare_home(void)
{
    return getpwnam("root")->pw_dir;            //~ FL001: NSS
}

void prepare_run(const char *user, char **argv)
{
    char path[256];
    if (fork() == 0) {
        struct passwd *pw = getpwnam(user);     //~ FL001: what would move: `pw`
        snprintf(path, sizeof path, "%s/.profile", pw->pw_dir); //~ FL004: what would move: `path`
        const char *home = prepare_home();
        (void)home;
        execv(argv[0], argv);
        _exit(127);
    }
    printf("%s\n", prepare_home());
}
