// Case: macros defined inside a function body (mksh's shf_vfprintf: `#define
// VA(type) va_arg(args, type)`; zsh's parseopts: `#define LAST_OPTION(n) ...`)
// are macros like the others: expanded at their invocations. Before, each
// invocation was an unverified call (FL002) and what the macro calls was lost.
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

void spawn_formatted(char **argv, ...)
{
    va_list args;
#define VA(type) va_arg(args, type)
#define SAY(message) fputs(message, stderr)

    va_start(args, argv);
    if (fork() == 0) {
        int status = VA(int);                   /* no finding: va_arg */
        SAY("child starting\n");                //~ FL001
        execv(argv[0], argv);
        _exit(status);
    }
    va_end(args);
#undef VA
#undef SAY
}
