// Case three_file_chain: prototypes shared by a_spawn.c, b_prepare.c and c_logsink.c.
#ifndef CHAIN_H
#define CHAIN_H

void chain_prepare_child(int fd, const char *tag);
void chain_log_child(const char *tag);

#endif
