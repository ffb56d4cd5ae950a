// Case: a spawner whose child runs a function it was given (nginx's
// ngx_spawn_process: `proc(cycle, data)`). forklint cannot follow the pointer,
// and no path it can read execs: FL003 at the fork, and the finding (and
// --show-contexts) say which call through a pointer might exec after all,
// instead of a silent daemon.
#include <stdio.h>
#include <unistd.h>

typedef void (*spawn_proc_pt)(void *data);

pid_t spawn_process(spawn_proc_pt proc, void *data)
{
    pid_t pid = fork();                         //~ FL003

    switch (pid) {
    case -1:
        return -1;
    case 0:
        proc(data);                             /* no finding: a daemon's call */
        _exit(0);
    default:
        break;
    }
    printf("started %d\n", (int)pid);           /* no finding: the parent */
    return pid;
}
