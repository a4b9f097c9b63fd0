/*
 * clockstep.c: an LD_PRELOAD library that steps a process's wall clock, for the daemon's
 * clock-step test (Tests/DaemonTests/SettleTests.swift).
 *
 * Stepping the machine's clock needs CAP_SYS_TIME and moves every process's time, tests
 * and builds included. This moves only the preloaded process's: CLOCK_REALTIME (and its
 * coarse variant), gettimeofday and time are shifted by the whole seconds written in the
 * file named by DOCVERIFY_CLOCK_OFFSET_FILE, read again on every call so that a test can
 * step the clock while the process runs. CLOCK_MONOTONIC and file timestamps are left
 * alone, as a real step leaves them: a daemon that compares a file's ctime with the wall
 * clock is fooled, one that times its waits on CLOCK_MONOTONIC is not.
 * (libfaketime does the same and more, but under it Swift programs lose their arguments.)
 *
 * Built by the test with the toolchain's clang: clang -shared -fPIC -o clockstep.so clockstep.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static long offset_seconds(void) {
    const char *path = getenv("DOCVERIFY_CLOCK_OFFSET_FILE");
    if (path == NULL) return 0;
    FILE *file = fopen(path, "re");
    if (file == NULL) return 0;
    long seconds = 0;
    if (fscanf(file, "%ld", &seconds) != 1) seconds = 0;
    fclose(file);
    return seconds;
}

int clock_gettime(clockid_t clock, struct timespec *time_spec) {
    static int (*real)(clockid_t, struct timespec *);
    if (real == NULL) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
    int rc = real(clock, time_spec);
    if (rc == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) {
        time_spec->tv_sec += offset_seconds();
    }
    return rc;
}

int gettimeofday(struct timeval *restrict value, void *restrict zone) {
    static int (*real)(struct timeval *restrict, void *restrict);
    if (real == NULL) real = (int (*)(struct timeval *restrict, void *restrict))dlsym(RTLD_NEXT, "gettimeofday");
    int rc = real(value, zone);
    if (rc == 0) value->tv_sec += offset_seconds();
    return rc;
}

time_t time(time_t *out) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (out != NULL) *out = now.tv_sec;
    return now.tv_sec;
}
