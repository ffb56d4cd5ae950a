/* Fake <pthread.h> for the forklint corpus: declarations only. */
#ifndef FAKE_PTHREAD_H
#define FAKE_PTHREAD_H

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long pthread_t;
typedef struct { int kind; } pthread_attr_t;
typedef struct { int lock, count, owner, kind; } pthread_mutex_t;
typedef struct { int kind; } pthread_mutexattr_t;

#define PTHREAD_MUTEX_INITIALIZER { 0, 0, 0, 0 }

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                   void *(*start_routine)(void *), void *arg);
int pthread_detach(pthread_t thread);
int pthread_mutex_lock(pthread_mutex_t *mutex);
int pthread_mutex_unlock(pthread_mutex_t *mutex);
int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void));

#ifdef __cplusplus
}
#endif

#endif
