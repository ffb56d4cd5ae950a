// Case: C++ heap use in a fork() child is FL004: new, delete, throw, and local std::string and
// std::vector objects and their methods. glibc resets malloc's locks in the child.
#include <string>
#include <vector>
#include <unistd.h>

struct CxxAllocBox {
    int slots[16];
};

void bad_cxxalloc_in_child(char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        CxxAllocBox *box = new CxxAllocBox;     //~ FL004
        delete box;                             //~ FL004
        std::string name = "child-";            //~ FL004
        name += argv[0];                        //~ FL004
        std::vector<int> fds;                   //~ FL004
        fds.push_back(1);                       //~ FL004
        if (argv[1] == nullptr)
            throw 42;                           //~ FL004
        execv(argv[0], argv);
        _exit(127);
    }
    std::string note = "parent";                /* no finding: parent */
    note += "!";
}
