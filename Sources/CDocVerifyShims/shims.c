#define _GNU_SOURCE
#include "CDocVerifyShims.h"

#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/vfs.h>
#include <signal.h>
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

long long CDocVerifyShims_filesystem_type(int fd) {
    struct statfs info;
    if (fstatfs(fd, &info) != 0) return -1;
    return (long long)(unsigned long)info.f_type;
}

int CDocVerifyShims_syncfs(int fd) { return syncfs(fd); }
