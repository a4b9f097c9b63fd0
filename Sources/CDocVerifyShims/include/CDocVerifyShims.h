#ifndef CDOCVERIFY_SHIMS_H
#define CDOCVERIFY_SHIMS_H

// Tiny C functions for what Swift cannot import: function-like macros and
// variadic system calls. No logic lives here; each wrapper is named after
// the macro or call it stands for, prefixed with the module name.

#include <spawn.h>
#include <stddef.h>
#include <stdint.h>
#include <spawn.h>
#include <sys/types.h>
#include <openssl/x509.h>
#include <openssl/cms.h>
#include <openssl/bio.h>
#include <zlib.h>

// MARK: OpenSSL macro wrappers

int CDocVerifyShims_sk_X509_num(const STACK_OF(X509) *stack);
X509 *CDocVerifyShims_sk_X509_value(const STACK_OF(X509) *stack, int index);
STACK_OF(X509) *CDocVerifyShims_sk_X509_new_null(void);
int CDocVerifyShims_sk_X509_push(STACK_OF(X509) *stack, X509 *cert);
/// Frees the stack only (the certificates are borrowed), as CMS_get0_signers asks.
void CDocVerifyShims_sk_X509_free(STACK_OF(X509) *stack);
/// Frees the stack and every certificate in it.
void CDocVerifyShims_sk_X509_pop_free(STACK_OF(X509) *stack);
int CDocVerifyShims_sk_X509_CRL_num(const STACK_OF(X509_CRL) *stack);
X509_CRL *CDocVerifyShims_sk_X509_CRL_value(const STACK_OF(X509_CRL) *stack, int index);
void CDocVerifyShims_sk_X509_CRL_pop_free(STACK_OF(X509_CRL) *stack);
int CDocVerifyShims_sk_CMS_SignerInfo_num(const STACK_OF(CMS_SignerInfo) *stack);
CMS_SignerInfo *CDocVerifyShims_sk_CMS_SignerInfo_value(const STACK_OF(CMS_SignerInfo) *stack, int index);
void CDocVerifyShims_OPENSSL_free(void *pointer);
long CDocVerifyShims_BIO_get_mem_data(BIO *bio, char **data);
/// XN_FLAG_RFC2253 is a composite macro.
unsigned long CDocVerifyShims_XN_FLAG_RFC2253(void);

// MARK: zlib macro wrappers

int CDocVerifyShims_inflateInit(z_stream *stream);

// MARK: Linux system calls Swift cannot call directly

/// renameat2(2) with RENAME_NOREPLACE; returns -1 and sets errno on failure.
int CDocVerifyShims_renameat2_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
/// syncfs(2) (a GNU extension the Glibc module does not export).
int CDocVerifyShims_syncfs(int fd);
/// prctl(PR_SET_PDEATHSIG, signal): the worker dies with its parent.
int CDocVerifyShims_set_parent_death_signal(int signal);
/// pipe2(fds, O_CLOEXEC).
int CDocVerifyShims_pipe_cloexec(int fds[2]);
/// posix_spawn_file_actions_addclosefrom_np(actions, first): the child closes every
/// descriptor from `first` up before exec (glibc 2.34; Swift's Glibc module does not show it).
int CDocVerifyShims_spawn_close_from(posix_spawn_file_actions_t *actions, int first);
/// fstatfs(fd)->f_type (the filesystem's magic number), or -1 with errno set.
long long CDocVerifyShims_filesystem_type(int fd);
/// close_range(first, ~0U, 0): closes every descriptor from `first` up; -1 and errno on failure.
int CDocVerifyShims_close_from(int first);
/// prctl(PR_SET_DUMPABLE, 0): /proc/<pid>/fd and friends become root's, so a process of
/// the same user (a compromised worker) cannot reach this one's open folders through them.
int CDocVerifyShims_set_not_dumpable(void);
/// Landlock: from now on this process (and its children) may open files and directories
/// for reading and execute, and create, write, remove, rename or link nothing. Returns
/// the Landlock ABI version applied (>= 1), or -1 with errno set (ENOSYS or EOPNOTSUPP
/// when the kernel has no Landlock).
int CDocVerifyShims_landlock_read_only(void);
/// Landlock as above, but reading is allowed only beneath `paths` (directories or single
/// files; missing ones are skipped); NULL means everywhere. Same return as above.
int CDocVerifyShims_landlock_read_only_beneath(const char *const *paths, int count);
/// The kernel's Landlock ABI version, or -1 with errno set when it has none.
int CDocVerifyShims_landlock_abi(void);

#endif
