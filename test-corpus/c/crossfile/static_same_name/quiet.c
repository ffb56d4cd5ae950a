// Case static_same_name (4/4): a safe static report_it() with the same name as spawn_loud.c's.
#include <string.h>
#include <unistd.h>

static void report_it(const char *msg)
{
    write(2, msg, strlen(msg));
}

void staticname_quiet_banner(void)
{
    report_it("hello\n");
}
