// Case: glibc's error() exits when its status is not zero, and returns when it is
// 0. A child that reports a failed exec with error(EXIT_FAILURE, ...) ends there,
// also through a project macro that passes the status on; error(0, ...) returns.
#include <errno.h>
#include <error.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define xerr(STATUS, ...) error(STATUS, errno, __VA_ARGS__)

void bad_error_status_child(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        error(EXIT_FAILURE, errno, "cannot run %s", argv[0]);  //~ FL001
    }
    printf("parent: %d\n", (int)pid);                          /* no finding: the child never gets here */
}

void bad_error_status_zero(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        error(0, errno, "cannot run %s", argv[0]);             //~ FL001
        puts("child still running");                           //~ FL001
        _exit(127);
    }
}

void bad_error_status_macro(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        xerr(EXIT_FAILURE, "cannot run %s", argv[0]);          //~ FL001
    }
    printf("parent: %d\n", (int)pid);                          /* no finding: the child never gets here */
}

/* A project's own error() replacement (gnulib-style, for systems without
   <error.h>) that exits when the status is not zero. */
static void my_error(int status, int errnum, const char *message)
{
    fprintf(stderr, "%s: %d\n", message, errnum);              //~ FL001
    if (status)
        exit(status);                                          //~ FL001
}

void bad_error_replacement(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        my_error(127, errno, "cannot run");
    }
    printf("parent: %d\n", (int)pid);                          /* no finding: the child never gets here */
}
