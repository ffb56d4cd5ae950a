// Case: one fork site, several call paths to the same helper: its unsafe call is reported once.
#include <stdio.h>
#include <unistd.h>

static void onceper_report(const char *what)
{
    printf("child: %s\n", what);                //~ FL001
}

static void onceper_path_a(void)
{
    onceper_report("path a");
}

static void onceper_path_b(void)
{
    onceper_path_a();
    onceper_report("path b");
}

void bad_onceper_many_paths(char **argv)
{
    if (fork() == 0) {
        onceper_path_a();
        onceper_path_b();
        onceper_report("direct");
        onceper_report("direct again");
        execv(argv[0], argv);
        _exit(127);
    }
}
