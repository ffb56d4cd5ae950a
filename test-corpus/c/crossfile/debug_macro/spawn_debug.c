// Case debug_macro (2/2): macros used in the child. Dmsg1 is reported inside d_msg (debug.c);
// LOG_FAIL, whose body calls syslog directly, is reported here at the macro invocation.
#include <unistd.h>
#include "debug.h"

void bad_debugmacro_child(char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        Dmsg1(10, "child pid=%ld\n", (long)getpid()); /* no finding here: see debug.c */
        execv(argv[0], argv);
        LOG_FAIL("execv failed");               //~ FL001
        _exit(127);
    }
    Dmsg1(10, "parent: child is %ld\n", (long)pid); /* no finding: parent */
}
