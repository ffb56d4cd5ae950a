// Case: mutually recursive helpers (and a self-recursive one) called in the child: the analysis
// terminates and each unsafe call is reported once.
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

static void cycle_visit_odd(char **names, int n);

static void cycle_visit_even(char **names, int n)
{
    if (n <= 0)
        return;
    write(1, names[0], 1);                      /* no finding: write is safe */
    cycle_visit_odd(names + 1, n - 1);
}

static void cycle_visit_odd(char **names, int n)
{
    if (n <= 0)
        return;
    syslog(LOG_DEBUG, "odd: %s", names[0]);     //~ FL001
    cycle_visit_even(names + 1, n - 1);
}

static void cycle_countdown(int depth)
{
    if (depth == 0)
        return;
    puts("tick");                               //~ FL001
    cycle_countdown(depth - 1);
}

void bad_cycle_in_child(int argc, char **argv)
{
    if (fork() == 0) {
        cycle_visit_even(argv, argc);
        cycle_countdown(3);
        execv(argv[0], argv);
        _exit(127);
    }
}
