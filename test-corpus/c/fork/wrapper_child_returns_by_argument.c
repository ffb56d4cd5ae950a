// Case: a fork wrapper whose child returns (instead of exec'ing) only for one value of a
// parameter, like squid's ipcCreate(type, ...) whose child returns -1 only when an
// IPC_UDP_SOCKET connect fails. A caller passing another mode never gets the child back; a
// caller passing that mode, or a value forklint cannot know, does. Modes are macros (also one
// macro naming another), enumerators, or a struct field that the program only ever sets to
// constants (the field's values are those constants and 0, for zeroed storage).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

#define BYARG_TCP 1
#define BYARG_UDP 2
#define BYARG_UNIX_STREAM 4
#define BYARG_STREAM BYARG_UNIX_STREAM

enum byarg_kind { BYARG_PIPE = 7, BYARG_DGRAM };

struct byarg_helper {
    int ipc_type;
    int other_type;
};

static int byarg_close_all(int fd)
{
    close(fd);
    return -1;
}

int byarg_spawn(int type, char **argv, int fd)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid > 0)
        return pid;
    if (type == BYARG_TCP) {
        if (dup2(fd, 0) < 0)
            _exit(1);
    } else if (type == BYARG_UDP) {
        if (connect(fd, 0, 0) < 0)
            return byarg_close_all(fd);
    }
    execv(argv[0], argv);
    _exit(127);
}

void good_byarg_stream(char **argv)
{
    if (byarg_spawn(BYARG_STREAM, argv, 0) < 0)
        printf("cannot start %s\n", argv[0]);           /* no finding: the child never returns for STREAM */
}

void good_byarg_enum(char **argv)
{
    if (byarg_spawn(BYARG_PIPE, argv, 0) < 0)
        printf("cannot start %s\n", argv[0]);           /* no finding: nor for an enumerator */
}

void bad_byarg_udp(char **argv)
{
    if (byarg_spawn(BYARG_UDP, argv, 0) < 0)
        printf("cannot start %s\n", argv[0]);           //~ FL001
}

void good_byarg_field(struct byarg_helper *h, char **argv)
{
    if (byarg_spawn(h->ipc_type, argv, 0) < 0)
        printf("cannot start %s\n", argv[0]);           /* no finding: ipc_type is only ever TCP or PIPE (or 0) */
}

void byarg_configure(struct byarg_helper *h, int from_config)
{
    h->ipc_type = BYARG_TCP;
    if (from_config)
        h->ipc_type = BYARG_PIPE;
    h->other_type = from_config;
}

void bad_byarg_unknown_field(struct byarg_helper *h, char **argv)
{
    if (byarg_spawn(h->other_type, argv, 0) < 0)
        printf("cannot start %s\n", argv[0]);           //~ FL001
}

void bad_byarg_unknown(int type, char **argv)
{
    if (byarg_spawn(type, argv, 0) < 0)
        printf("cannot start %s\n", argv[0]);           //~ FL001
}
