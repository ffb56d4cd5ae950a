// Case: method calls on objects of in-tree classes are followed: `worker.run()` goes into
// MethodWorker::run, whose printf is reported there; a method defined in the class body too.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

class MethodWorker {
public:
    explicit MethodWorker(int fd) : fd_(fd) {}
    void run(const char *what);
    void note_quietly(const char *what) { write(fd_, what, strlen(what)); }
    void note_loudly(const char *what) { puts(what); }  //~ FL001

private:
    int fd_;
};

void MethodWorker::run(const char *what)
{
    printf("worker: %s\n", what);               //~ FL001
}

void bad_method_calls_in_child(char **argv)
{
    MethodWorker worker(2);

    if (fork() == 0) {
        worker.note_quietly("child\n");
        worker.run(argv[0]);
        MethodWorker *again = &worker;
        again->note_loudly("child again");
        execv(argv[0], argv);
        _exit(127);
    }
    worker.run("parent");                       /* no finding: parent */
}
