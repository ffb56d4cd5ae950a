// Case: knowledge-base coverage, FL001: libc functions that are not async-signal-safe in the
// child (time, environment, user database, dynamic loading, locale, stdio, locks, errors).
#include <dlfcn.h>
#include <libintl.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define _(msgid) gettext(msgid)

static pthread_mutex_t libcunsafe_lock = PTHREAD_MUTEX_INITIALIZER;

void bad_libcunsafe_time_env_user(const time_t *when, const char *user, char **argv)
{
    char stamp[32];

    if (fork() == 0) {
        struct tm *tm = localtime(when);        //~ FL001
        strftime(stamp, sizeof stamp, "%F %T", tm); //~ FL001
        setenv("STARTED", stamp, 1);            //~ FL001
        struct passwd *pw = getpwnam(user);     //~ FL001
        if (pw != NULL)
            chdir(pw->pw_dir);
        execv(argv[0], argv);
        _exit(127);
    }
}

void bad_libcunsafe_files_and_loader(int err, char **argv)
{
    if (fork() == 0) {
        FILE *log = fopen("/tmp/child.log", "a"); //~ FL001
        const char *why = strerror(err);        //~ FL001
        const char *msg = gettext("starting");  //~ FL001
        const char *msg2 = _("starting again"); //~ FL001
        void *plugin = dlopen("libplugin.so", RTLD_NOW); //~ FL001
        pthread_mutex_lock(&libcunsafe_lock);   //~ FL001
        (void)log; (void)why; (void)msg; (void)msg2; (void)plugin;
        execv(argv[0], argv);
        _exit(127);
    }
}
