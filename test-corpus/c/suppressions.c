// Case: inline suppressions with a justification, and the findings about
// suppressions themselves (unused, unknown rule, unterminated block).
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

void ok_suppressed_in_child(char **argv)
{
    if (fork() == 0) {
        closelog(); // forklint: allow(FL001) -- no thread logs before this fork
        // forklint: allow(unsafe-call-in-fork-child) -- a comment line covers the next line
        printf("child\n");
        // forklint: allow-next-line(FL0) -- a code prefix
        puts("child");
        // forklint: begin-allow(FL004) -- our allocator has fork handlers
        char *copy = strdup(argv[0]);
        free(copy);
        // forklint: end-allow(FL004)
        execv(argv[0], argv);
        _exit(127);
    }
}

void bad_suppression_mistakes(char **argv)
{
    if (fork() == 0) {
        write(2, "x", 1); // forklint: allow(FL001) -- stale //~ FL901
        syslog(LOG_ERR, "x"); // forklint: allow(FL01) -- typo //~ FL902 //~ FL001
        // forklint: begin-allow(FL002) -- never closed //~ FL903
        execv(argv[0], argv);
        _exit(127);
    }
}
