// Case bacula-bpipe (3/5): the scene for the hang. A thread logs to syslog in a loop while
// another thread runs the alert command through open_bpipe(), as the storage daemon does.
// Nothing here runs in a fork child: no findings.
#include <pthread.h>
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>
#include "bpipe.h"

static const char *logthread_ident;

static void *logthread_main(void *arg)
{
    long records = 0;

    (void)arg;
    openlog(logthread_ident, LOG_PID, LOG_DAEMON);
    for (;;) {
        syslog(LOG_INFO, "spooling: %ld records", records++); /* takes the syslog lock */
        usleep(1000);
    }
    return NULL;
}

void start_syslog_thread(const char *ident)
{
    pthread_t tid;

    logthread_ident = ident;
    pthread_create(&tid, NULL, logthread_main, NULL);
    pthread_detach(tid);
}

int bpipe_release_device_alert(char *alert_command)
{
    char line[1024];
    BPIPE *bpipe;

    start_syslog_thread("bacula-sd");
    bpipe = open_bpipe(alert_command, 0, "r");
    if (bpipe == NULL)
        return -1;
    while (fgets(line, sizeof(line), bpipe->rfd))   /* the parent hangs here */
        syslog(LOG_ALERT, "Alert: %s", line);
    return close_bpipe(bpipe);
}
