// Case: a call in the child to a function defined nowhere in the analysed tree and unknown to the
// knowledge base is FL002 (cannot verify). A prototype alone does not count as a definition.
#include <unistd.h>

/* Declared as a third-party header would, defined nowhere in the tree. */
int unverified_lib_prepare_child(int fd);
void unverified_vendor_hook(void);

/* Defined in the tree and only makes safe calls. */
static int unverified_local_redirect(int fd)
{
    return dup2(fd, 1);
}

void bad_unverified_calls(int fd, char **argv)
{
    if (fork() == 0) {
        unverified_lib_prepare_child(fd);       //~ FL002
        unverified_vendor_hook();               //~ FL002
        unverified_local_redirect(fd);          /* no finding: defined in the tree, safe */
        execv(argv[0], argv);
        _exit(127);
    }
    unverified_vendor_hook();                   /* no finding: parent */
}
