// Case: `clone(fn, stack, flags, arg)` runs `fn` in the child: its body is a child
// context. clone() resets no libc locks, so even allocation is reported as an error.
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char clone_stack[65536];

static int clone_child_main(void *arg)
{
    char **argv = arg;
    char *copy = malloc(16);                    //~ FL001
    printf("clone child %s\n", argv[0]);        //~ FL001
    execv(argv[0], argv);
    free(copy);                                 //~ FL001
    _exit(127);
}

static int ok_clone_not_started(void *arg)
{
    printf("never cloned %p\n", arg);           /* no finding: never passed to clone() */
    return 0;
}

int bad_clone_child(char **argv)
{
    printf("before clone\n");                   /* no finding: parent */
    return clone(clone_child_main, clone_stack + sizeof(clone_stack), SIGCHLD, argv);
}
