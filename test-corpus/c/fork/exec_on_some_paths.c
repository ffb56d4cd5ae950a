// Case: FL003 is only for a child that reaches exec on NO path. One path to exec is enough: this
// child is an exec child, so its calls are checked one by one, including on the no-exec path.
#include <stdio.h>
#include <unistd.h>

void bad_somepaths_dry_run_branch(char **argv, int dry_run)
{
    pid_t pid = fork();

    if (pid == 0) {
        if (dry_run) {
            fprintf(stderr, "would run %s\n", argv[0]); //~ FL001
            _exit(0);
        }
        execv(argv[0], argv);
        _exit(127);
    }
}
