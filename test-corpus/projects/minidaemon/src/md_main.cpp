// Case (project minidaemon): the daemon's main: it daemonizes before starting any
// thread (FL003 is reported by default; the project's configuration turns it off).
#include <stdlib.h>
#include <pthread.h>
#include <unistd.h>
#include "../include/md_log.h"

static void *md_worker(void *arg)
{
    MDmsg(5, "worker %p\n", arg);
    return 0;
}

int main(int argc, char **argv)
{
    if (fork() != 0)                            //~ FL003
        exit(0);
    setsid();
    pthread_t tid;
    pthread_create(&tid, 0, md_worker, 0);
    MDmsg(1, "started with %d args\n", argc);
    return argv == 0;
}
