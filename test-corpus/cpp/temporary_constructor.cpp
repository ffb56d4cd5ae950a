// Case: `T(args)` in an expression builds a temporary `T`: the call is the
// class's constructor, defined in the tree, and what it does is what the child
// does (here: it only stores its arguments, so nothing is reported for it; the
// other type's constructor allocates).
#include <cstdlib>
#include <unistd.h>

class TempLocation
{
public:
    TempLocation(const char *file, int line) : file_(file), line_(line) {}
    const char *file_;
    int line_;
};

class TempBuffer
{
public:
    explicit TempBuffer(unsigned size) : data_(static_cast<char *>(malloc(size))) {}  //~ FL004
    char *data_;
};

#define TEMP_HERE() TempLocation(__FILE__, __LINE__)

void temp_note(TempLocation where, TempBuffer buffer);

void bad_temporary_constructor(char **argv)
{
    if (fork() == 0) {
        temp_note(TEMP_HERE(), TempBuffer(64));   //~ FL002
        execv(argv[0], argv);
        _exit(127);
    }
}
