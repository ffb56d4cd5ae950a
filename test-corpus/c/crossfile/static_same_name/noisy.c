// Case static_same_name (2/4): a static log_it() with the same name as spawn_quiet.c's, but
// unsafe. It is only called from a function that never runs in a child: no finding.
#include <stdio.h>

static void log_it(const char *msg)
{
    printf("%s", msg);                          /* no finding: not reached from a child */
}

void staticname_noisy_banner(void)
{
    log_it("hello\n");
}
