// Case: pthread_atfork handlers. The child handler runs in the child of every fork(): its unsafe
// calls (and those of functions it calls) are FL001, with no exec needed and never FL003.
// The prepare and parent handlers run in the parent and are not reported.
#include <pthread.h>
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

static pthread_mutex_t atfork_state_lock = PTHREAD_MUTEX_INITIALIZER;
static int atfork_children;

static void ok_atfork_prepare(void)
{
    pthread_mutex_lock(&atfork_state_lock);     /* no finding: runs in the parent before fork */
}

static void ok_atfork_parent(void)
{
    pthread_mutex_unlock(&atfork_state_lock);
    printf("forked\n");                         /* no finding: runs in the parent after fork */
}

static void atfork_reopen_log(void)
{
    closelog();                                 //~ FL001: syslog
    openlog("worker", LOG_PID, LOG_DAEMON);     //~ FL001
}

static void bad_atfork_child(void)
{
    atfork_children++;
    atfork_reopen_log();
    fprintf(stderr, "child %d\n", (int)getpid()); //~ FL001
}

static void bad_atfork_child_only(void)
{
    write(2, "child\n", 6);
    puts("second child handler");               //~ FL001
}

void atfork_install(void)
{
    pthread_atfork(ok_atfork_prepare, ok_atfork_parent, bad_atfork_child);
    pthread_atfork(NULL, NULL, bad_atfork_child_only);
}
