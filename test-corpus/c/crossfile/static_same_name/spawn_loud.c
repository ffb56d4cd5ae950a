// Case static_same_name (3/4), the converse: this file's static report_it() is unsafe and is
// the one the child calls, even though quiet.c has a safe static report_it().
#include <stdio.h>
#include <unistd.h>

static void report_it(const char *msg)
{
    fprintf(stderr, "%s", msg);                 //~ FL001
}

void bad_staticname_loud_spawn(char **argv)
{
    if (fork() == 0) {
        report_it("child starting\n");
        execv(argv[0], argv);
        _exit(127);
    }
}
