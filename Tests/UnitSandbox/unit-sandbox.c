// unit-sandbox: runs a program under the limits of systemd/docverify.service that the
// daemon tests emulate (issue 11, "What it must show" item 1): the unit's system call
// filter and its task limit. Used by Tests/DaemonTests only; never installed.
//
//   unit-sandbox [--allow-rlimits] [--cgroup DIR] [--] PROGRAM [ARGUMENTS...]
//
// The filter is a raw seccomp BPF program (no libseccomp), installed after
// PR_SET_NO_NEW_PRIVS and inherited by everything PROGRAM starts (the workers):
//
// - System calls of another ABI than the one this was built for are refused, as with the
//   unit's SystemCallArchitectures=native (a filter by number must also check the audit
//   architecture, or a 32-bit int 0x80 call would pass under another number).
// - `SystemCallFilter=~@privileged @resources` with `SystemCallErrorNumber=EPERM`: the
//   members of both sets (as `systemd-analyze syscall-filter` lists them for systemd 252)
//   fail with EPERM.
// - prlimit64 is in systemd's @default set, but the red team saw setrlimit fail under the
//   unit, and glibc sets limits through prlimit64: without the allowance, prlimit64 fails
//   with EPERM whenever it would set a limit (its new-limit argument is not NULL); reading
//   a limit through it stays allowed, as @default allows it.
// - `--allow-rlimits` is the unit's `SystemCallFilter=setrlimit prlimit64`, which gives
//   both back.
//
// What the filter does not emulate: the unit's first line, `SystemCallFilter=@system-service`,
// is an allow list; calls outside it (for example Landlock's, in systemd 252) also fail
// with EPERM under the real unit. Here everything not named above is allowed.
//
// `--cgroup DIR` moves this process into the cgroup DIR (v1 `pids` hierarchy or v2) before
// the exec, so PROGRAM and every task it starts count against DIR's pids.max, as under
// the unit's TasksMax=.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "unit-sandbox knows the audit architecture of x86_64 and aarch64 only"
#endif

// @privileged (with its subsets @chown @clock @module @raw-io @reboot @swap) and
// @resources, the members this architecture has.
static const long denied[] = {
    // @resources
#ifdef __NR_ioprio_set
    __NR_ioprio_set,
#endif
#ifdef __NR_mbind
    __NR_mbind,
#endif
#ifdef __NR_migrate_pages
    __NR_migrate_pages,
#endif
#ifdef __NR_move_pages
    __NR_move_pages,
#endif
#ifdef __NR_nice
    __NR_nice,
#endif
    __NR_sched_setaffinity, __NR_sched_setattr, __NR_sched_setparam, __NR_sched_setscheduler,
    __NR_set_mempolicy,
#ifdef __NR_set_mempolicy_home_node
    __NR_set_mempolicy_home_node,
#endif
    __NR_setpriority, __NR_setrlimit,
    // @privileged: @chown
#ifdef __NR_chown
    __NR_chown,
#endif
#ifdef __NR_lchown
    __NR_lchown,
#endif
    __NR_fchown, __NR_fchownat,
    // @clock
    __NR_adjtimex, __NR_clock_adjtime, __NR_clock_settime, __NR_settimeofday,
    // @module
    __NR_delete_module, __NR_finit_module, __NR_init_module,
    // @raw-io
#ifdef __NR_ioperm
    __NR_ioperm,
#endif
#ifdef __NR_iopl
    __NR_iopl,
#endif
    // @reboot, @swap
    __NR_kexec_load,
#ifdef __NR_kexec_file_load
    __NR_kexec_file_load,
#endif
    __NR_reboot, __NR_swapoff, __NR_swapon,
    // the rest of @privileged
#ifdef __NR__sysctl
    __NR__sysctl,
#endif
    __NR_acct, __NR_bpf, __NR_capset, __NR_chroot, __NR_fanotify_init, __NR_fanotify_mark,
#ifdef __NR_nfsservctl
    __NR_nfsservctl,
#endif
    __NR_open_by_handle_at, __NR_pivot_root, __NR_quotactl,
#ifdef __NR_quotactl_fd
    __NR_quotactl_fd,
#endif
    __NR_setdomainname, __NR_setfsuid, __NR_setgroups, __NR_sethostname, __NR_setresuid,
    __NR_setreuid, __NR_setuid, __NR_vhangup,
};

#define DENY BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (unsigned)(field))
// The low and high halves of argument `n` (little-endian: low word first).
#define ARG_LOW(n) (offsetof(struct seccomp_data, args) + 8 * (n))
#define ARG_HIGH(n) (offsetof(struct seccomp_data, args) + 8 * (n) + 4)

static int install_filter(int allow_rlimits) {
    enum { MAX = 16 + 2 * (sizeof(denied) / sizeof(denied[0])) };
    struct sock_filter program[MAX];
    size_t n = 0;
    // Another ABI: refuse the call outright (the process is killed, as the kernel's
    // documentation recommends; the daemon never makes such calls).
    program[n++] = (struct sock_filter)LOAD(offsetof(struct seccomp_data, arch));
    program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    program[n++] = (struct sock_filter)LOAD(offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
    // x32 system calls reach the same table with bit 30 set: none is expected.
    program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1);
    program[n++] = (struct sock_filter)DENY;
#endif
    for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
        if (allow_rlimits && denied[i] == __NR_setrlimit) continue;
        program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)denied[i], 0, 1);
        program[n++] = (struct sock_filter)DENY;
    }
    if (!allow_rlimits) {
        // prlimit64(pid, resource, new_limit, old_limit): EPERM when new_limit != NULL.
        program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_prlimit64, 0, 6);
        program[n++] = (struct sock_filter)LOAD(ARG_LOW(2));
        program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3);
        program[n++] = (struct sock_filter)LOAD(ARG_HIGH(2));
        program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1);
        program[n++] = (struct sock_filter)ALLOW;
        program[n++] = (struct sock_filter)DENY;
    }
    program[n++] = (struct sock_filter)ALLOW;
    struct sock_fprog filter = {.len = (unsigned short)n, .filter = program};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter, 0, 0);
}

static int join_cgroup(const char *directory) {
    char path[4096];
    if (snprintf(path, sizeof(path), "%s/cgroup.procs", directory) >= (int)sizeof(path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char pid[32];
    int length = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
    ssize_t written = write(fd, pid, (size_t)length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == length ? 0 : -1;
}

int main(int argc, char **argv) {
    int allow_rlimits = 0;
    const char *cgroup = NULL;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--allow-rlimits") == 0) {
            allow_rlimits = 1;
        } else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc) {
            cgroup = argv[++i];
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            break;
        }
    }
    if (i >= argc || argv[i][0] == '-') {
        fprintf(stderr, "usage: unit-sandbox [--allow-rlimits] [--cgroup DIR] [--] PROGRAM [ARGUMENTS...]\n");
        return 64;
    }
    if (cgroup && join_cgroup(cgroup) != 0) {
        fprintf(stderr, "unit-sandbox: cannot join cgroup %s: %s\n", cgroup, strerror(errno));
        return 71;
    }
    if (install_filter(allow_rlimits) != 0) {
        fprintf(stderr, "unit-sandbox: cannot install the seccomp filter: %s\n", strerror(errno));
        return 71;
    }
    execv(argv[i], argv + i);
    fprintf(stderr, "unit-sandbox: cannot run %s: %s\n", argv[i], strerror(errno));
    return 127;
}
