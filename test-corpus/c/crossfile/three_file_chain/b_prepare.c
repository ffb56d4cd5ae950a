// Case three_file_chain (2/3): the middle of the chain; only safe calls of its own.
#include <unistd.h>
#include "chain.h"

void chain_prepare_child(int fd, const char *tag)
{
    dup2(fd, 1);
    close(fd);
    chain_log_child(tag);
}
