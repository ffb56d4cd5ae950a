// Case: a helper the child calls makes the same unsafe call on several lines. Each line is a
// finding of its own, so a suppression or a fix on one of them does not hide the others.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void repeat_report(const char *what, int code)
{
    fprintf(stderr, "child: %s\n", what);    //~ FL001
    if (code != 0)
        fprintf(stderr, "code %d\n", code);  //~ FL001
    fprintf(stderr, "done\n");               //~ FL001
}

void bad_repeat_spawn(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        repeat_report("starting", 0);
        execv(argv[0], argv);
        _exit(127);
    }
}
