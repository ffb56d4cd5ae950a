#ifndef FORKLINT_FAKE_SCHED_H
#define FORKLINT_FAKE_SCHED_H
int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...);
#endif
