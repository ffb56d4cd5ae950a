// Case (precise mode): an overload set where only one overload is unsafe. The child
// calls the safe one; tree-sitter cannot tell overloads apart by name and follows
// both, libclang resolves the call to `ovl_report(int)`.
#include <syslog.h>
#include <unistd.h>

void ovl_report(int code)
{
    char digit = (char)('0' + code % 10);
    write(2, &digit, 1);
}

void ovl_report(const char *text)
{
    syslog(LOG_ERR, "%s", text);                //~ FL001 //~[treesitter] FL001
}

void ok_overload_in_child(char **argv)
{
    if (fork() == 0) {
        ovl_report(3);
        execv(argv[0], argv);
        _exit(127);
    }
}

void bad_overload_in_child(char **argv)
{
    if (fork() == 0) {
        ovl_report("child starting");
        execv(argv[0], argv);
        _exit(127);
    }
}
