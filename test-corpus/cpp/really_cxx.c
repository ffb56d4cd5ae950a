// Case: a .c file that is really C++, as in Bacula (its .c files are built with g++): classes,
// references, new and extern "C" must be understood, not rejected as broken C.
#include <stdio.h>
#include <unistd.h>

class CxxcJob {
public:
    explicit CxxcJob(const char *name) : name_(name) {}
    void announce(FILE *fp) const;

private:
    const char *name_;
};

void CxxcJob::announce(FILE *fp) const
{
    fprintf(fp, "job %s\n", name_);             //~ FL001
}

extern "C" {
static void cxxc_close_fds(void)
{
    for (int fd = 3; fd < 64; fd++)
        close(fd);
}
}

static void cxxc_child_main(const CxxcJob &job, char **argv)
{
    cxxc_close_fds();
    job.announce(stderr);
    execv(argv[0], argv);
    _exit(127);
}

extern "C" int bad_cxxc_run_job(char **argv)
{
    CxxcJob *job = new CxxcJob(argv[0]);        /* no finding: before the fork */
    pid_t pid = fork();

    if (pid == 0) {
        int *scratch = new int[16];             //~ FL004
        scratch[0] = 0;
        cxxc_child_main(*job, argv);
        _exit(127);
    }
    delete job;                                 /* no finding: parent */
    return pid;
}
