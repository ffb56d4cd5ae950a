// Case: the arguments of an attribute (`__attribute__((section("x")))`) are
// read by the compiler: `section(...)` written there is not a call, in code
// or in a macro body the child expands.
#include <stdlib.h>
#include <unistd.h>

struct attr_stats { int calls; };

#define attr_free(p) do {                                                   \
        static struct attr_stats _s __attribute__((used, __section__("st"))); \
        _s.calls++;                                                         \
        free(p);                                                            \
    } while (0)

void bad_attribute_child(char **argv, void *buffer)
{
    if (fork() == 0) {
        static int marker __attribute__((section("child_data"))) = 1;
        attr_free(buffer);                              //~ FL004
        execv(argv[0], argv);
        _exit(127 + marker);
    }
}
