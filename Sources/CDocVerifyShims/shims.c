#define _GNU_SOURCE
#include <linux/landlock.h>
#include <sys/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>
#include "CDocVerifyShims.h"

#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/vfs.h>
#include <signal.h>
#include <spawn.h>
#include <openssl/crypto.h>

int CDocVerifyShims_sk_X509_num(const STACK_OF(X509) *stack) { return sk_X509_num(stack); }
X509 *CDocVerifyShims_sk_X509_value(const STACK_OF(X509) *stack, int index) { return sk_X509_value(stack, index); }
STACK_OF(X509) *CDocVerifyShims_sk_X509_new_null(void) { return sk_X509_new_null(); }
int CDocVerifyShims_sk_X509_push(STACK_OF(X509) *stack, X509 *cert) { return sk_X509_push(stack, cert); }
void CDocVerifyShims_sk_X509_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }
void CDocVerifyShims_sk_X509_pop_free(STACK_OF(X509) *stack) { sk_X509_pop_free(stack, X509_free); }
int CDocVerifyShims_sk_X509_CRL_num(const STACK_OF(X509_CRL) *stack) { return sk_X509_CRL_num(stack); }
X509_CRL *CDocVerifyShims_sk_X509_CRL_value(const STACK_OF(X509_CRL) *stack, int index) { return sk_X509_CRL_value(stack, index); }
void CDocVerifyShims_sk_X509_CRL_pop_free(STACK_OF(X509_CRL) *stack) { sk_X509_CRL_pop_free(stack, X509_CRL_free); }
int CDocVerifyShims_sk_CMS_SignerInfo_num(const STACK_OF(CMS_SignerInfo) *stack) { return sk_CMS_SignerInfo_num(stack); }
CMS_SignerInfo *CDocVerifyShims_sk_CMS_SignerInfo_value(const STACK_OF(CMS_SignerInfo) *stack, int index) { return sk_CMS_SignerInfo_value(stack, index); }
void CDocVerifyShims_OPENSSL_free(void *pointer) { OPENSSL_free(pointer); }
long CDocVerifyShims_BIO_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }

unsigned long CDocVerifyShims_XN_FLAG_RFC2253(void) { return XN_FLAG_RFC2253; }

int CDocVerifyShims_inflateInit(z_stream *stream) { return inflateInit(stream); }

int CDocVerifyShims_renameat2_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
    return renameat2(olddirfd, oldpath, newdirfd, newpath, RENAME_NOREPLACE);
}

int CDocVerifyShims_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0);
}

int CDocVerifyShims_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int CDocVerifyShims_spawn_close_from(posix_spawn_file_actions_t *actions, int first) {
    return posix_spawn_file_actions_addclosefrom_np(actions, first);
}

long long CDocVerifyShims_filesystem_type(int fd) {
    struct statfs info;
    if (fstatfs(fd, &info) != 0) return -1;
    return (long long)(unsigned long)info.f_type;
}

int CDocVerifyShims_syncfs(int fd) { return syncfs(fd); }

int CDocVerifyShims_close_from(int first) { return (int)syscall(SYS_close_range, (unsigned int)first, ~0U, 0); }

int CDocVerifyShims_set_not_dumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

int CDocVerifyShims_landlock_abi(void) {
    return (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
}

/// Builds and applies a ruleset under which the process may read and execute beneath each
/// of `paths` (directories, or single files such as /dev/null) and nothing else; missing
/// paths are skipped. `paths` == NULL allows reading everywhere ("/").
int CDocVerifyShims_landlock_read_only_beneath(const char *const *paths, int count) {
    int abi = CDocVerifyShims_landlock_abi();
    if (abi < 0) return -1;
    // Every right of ABI 1, the ones later ABIs add that exist here when the kernel knows them.
    __u64 handled = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE
        | LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE
        | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG
        | LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK
        | LANDLOCK_ACCESS_FS_MAKE_SYM;
#ifdef LANDLOCK_ACCESS_FS_REFER
    if (abi >= 2) handled |= LANDLOCK_ACCESS_FS_REFER;
#endif
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
    if (abi >= 3) handled |= LANDLOCK_ACCESS_FS_TRUNCATE;
#endif
    struct landlock_ruleset_attr attributes = {.handled_access_fs = handled};
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attributes, sizeof(attributes), 0);
    if (ruleset < 0) return -1;
    static const char *const everywhere[] = {"/"};
    if (paths == NULL) { paths = everywhere; count = 1; }
    int rc = 0;
    for (int index = 0; index < count && rc == 0; index++) {
        int fd = open(paths[index], O_PATH | O_CLOEXEC);
        if (fd < 0) continue;
        struct stat info;
        if (fstat(fd, &info) != 0) { close(fd); continue; }
        // Rights that only make sense for a directory are refused (EINVAL) on a file.
        __u64 access = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE;
        if (S_ISDIR(info.st_mode)) access |= LANDLOCK_ACCESS_FS_READ_DIR;
        struct landlock_path_beneath_attr readable = {.allowed_access = access, .parent_fd = fd};
        rc = (int)syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &readable, 0);
        close(fd);
    }
    if (rc == 0) rc = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (rc == 0) rc = (int)syscall(SYS_landlock_restrict_self, ruleset, 0);
    int saved = errno;
    close(ruleset);
    errno = saved;
    return rc == 0 ? abi : -1;
}

int CDocVerifyShims_landlock_read_only(void) { return CDocVerifyShims_landlock_read_only_beneath(NULL, 0); }
