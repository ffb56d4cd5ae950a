// Case: iostreams in a fork child are FL001: std::cout and std::cerr go through C stdio
// (buffers and locks) and locale facets.
#include <iostream>
#include <unistd.h>

void bad_cxxstream_in_child(char **argv)
{
    pid_t pid = fork();

    if (pid == 0) {
        std::cout << "child starting\n";        //~ FL001
        execv(argv[0], argv);
        std::cerr << "exec failed\n";           //~ FL001
        _exit(127);
    }
    std::cout << "parent\n";                    /* no finding: parent */
}
