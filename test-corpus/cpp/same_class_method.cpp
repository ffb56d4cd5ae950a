// Case: an unqualified call inside a method finds the other methods of its class
// (and `this->`), not a free function or "unknown".
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

class ErrnoText {
public:
    const char *describe(int code);
private:
    const char *lookup_table(int code);
};

const char *ErrnoText::lookup_table(int code)
{
    syslog(LOG_DEBUG, "lookup %d", code);       //~ FL001
    return "x";
}

const char *ErrnoText::describe(int code)
{
    return lookup_table(code);
}

void bad_same_class_method_in_child(char **argv)
{
    if (fork() == 0) {
        ErrnoText text;
        execv(argv[0], argv);
        text.describe(1);
        _exit(127);
    }
}
