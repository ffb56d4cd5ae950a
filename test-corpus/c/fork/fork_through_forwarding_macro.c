// Case: a macro that is one call forwards to it. sudo's callers write
// `pid = sudo_debug_fork()` with `#define sudo_debug_fork() sudo_debug_fork_v1()`;
// the child returns from the wrapper into each caller, which execs. Before,
// the macro hid the wrapper: its child was a daemon (FL003) and the callers'
// children were never seen. A macro around fork() itself is a fork site. An
// object-like macro naming a function (`#define debug_log debug_log_v1`) is a
// call of that function: followed, not an unverified `debug_log`.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char debug_pid[32];

pid_t debug_fork_v1(void)
{
    pid_t pid;

    if ((pid = fork()) == 0)
        snprintf(debug_pid, sizeof(debug_pid), "[%d] ", (int)getpid()); //~ FL004
    return pid;
}

void debug_log_v1(const char *msg)
{
    fputs(msg, stderr);                         //~ FL001
}

#define debug_log debug_log_v1
#define debug_fork() debug_fork_v1()
#define plain_fork() fork()

int run_editor(char *const argv[])
{
    pid_t child = debug_fork();
    if (child == -1)
        return -1;
    if (child == 0) {
        setenv("EDITOR_CHILD", "1", 1);         //~ FL001
        debug_log("editor child\n");            /* reported in debug_log_v1 */
        execvp(argv[0], argv);
        _exit(127);
    }
    printf("parent: editor is %d\n", (int)child); /* no finding: the parent */
    return 0;
}

int run_mailer(char *const argv[])
{
    switch (plain_fork()) {
    case -1:
        return -1;
    case 0:
        fprintf(stderr, "mailer starting\n");   //~ FL001
        execv(argv[0], argv);
        _exit(127);
    default:
        puts("parent");                         /* no finding: the parent */
        return 0;
    }
}
