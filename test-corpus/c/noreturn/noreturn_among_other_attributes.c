// Case: a prototype whose noreturn macro sits among other attribute macros
// after the parameter list (dovecot: `void i_fatal(const char *format, ...)
// ATTR_FORMAT(1, 2) ATTR_NORETURN ATTR_COLD;`). Before, the macro after
// ATTR_NORETURN hid which function it belonged to: the child ran past
// i_fatal() into the parent's `default:` branch. An assertion macro written
// with `STMT_START { if (...) i_panic(...); } STMT_END` keeps its `if` (the
// statement macros are read as `do` / `while (0)`), so the noreturn i_panic()
// does not end every path of check_state() and the fork after it is reached.
#include <stdio.h>
#include <unistd.h>

#define ATTR_NORETURN __attribute__((noreturn))
#define ATTR_COLD __attribute__((cold))
#define ATTR_FORMAT(a, b) __attribute__((format(printf, a, b)))

#define STMT_START do
#define STMT_END while (0)

void i_fatal(const char *format, ...) ATTR_FORMAT(1, 2) ATTR_NORETURN ATTR_COLD;
void i_panic(const char *format, ...) ATTR_FORMAT(1, 2) ATTR_NORETURN ATTR_COLD;

#define i_assert(expr) STMT_START { \
        if (!(expr)) \
            i_panic("assertion failed: %s", #expr); \
    } STMT_END

static int debugger_ready;

static void check_state(void)
{
    i_assert(debugger_ready == 0);
}

void debug_with_gdb(char **argv)
{
    check_state();
    switch (fork()) {
    case -1:
        i_fatal("fork() failed");
    case 0:
        execvp(argv[1], argv + 1);
        i_fatal("execvp(%s) failed", argv[1]); //~ FL002
    default:
        printf("parent waits\n");               /* no finding: the parent */
    }
}
