// Case static_same_name (1/4): a static function resolves in its own file first. This file's
// static log_it() is safe; noisy.c has an unsafe static log_it() that no child calls.
#include <string.h>
#include <unistd.h>

static void log_it(const char *msg)
{
    write(2, msg, strlen(msg));
}

void ok_staticname_quiet_spawn(char **argv)
{
    if (fork() == 0) {
        log_it("child starting\n");
        execv(argv[0], argv);
        _exit(127);
    }
}
