// Case (precise mode): a method of a class defined in a header, called on a pointer
// the front end has no declared type for. tree-sitter resolves `->flush()` by name
// among the tree's methods (both classes); libclang knows the class.
#include "hdr_spooler.h"

HdrQuietSpooler *hdr_quiet_spooler()
{
    static HdrQuietSpooler spooler;
    return &spooler;
}

void ok_header_method_in_child(char **argv)
{
    if (fork() == 0) {
        hdr_quiet_spooler()->flush();
        execv(argv[0], argv);
        _exit(127);
    }
}
