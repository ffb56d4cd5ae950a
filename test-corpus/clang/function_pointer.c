// Case (precise mode): a call through a local function pointer assigned in the same
// function. tree-sitter sees a call of an unknown `cleanup`; libclang sees which
// function the pointer holds and follows it.
#include <syslog.h>
#include <unistd.h>

static void fptr_unsafe_cleanup(void)
{
    closelog();                                 //~[clang] FL001
}

static void fptr_safe_cleanup(void)
{
    close(3);
}

void bad_function_pointer_in_child(char **argv)
{
    void (*cleanup)(void) = fptr_unsafe_cleanup;
    if (fork() == 0) {
        cleanup();                              //~[treesitter] FL002
        execv(argv[0], argv);
        _exit(127);
    }
}

void ok_function_pointer_in_child(char **argv)
{
    void (*cleanup)(void);
    cleanup = &fptr_safe_cleanup;
    if (fork() == 0) {
        (*cleanup)();
        execv(argv[0], argv);
        _exit(127);
    }
}
