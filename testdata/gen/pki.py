"""The test PKI: a TEST root and document-signing CA named after Zhima Credit, the
signers the genuine reports use, the signers each trust failure needs, look-alike
(spoofed) certificates, an unrelated untrusted root, and the intermediate's CRL.

Keys are random but committed (testdata/pki/*.key.pem): the set is built once and
reused, so rebuilding the reports does not change every certificate. `--new-pki`
(generate.py) makes a fresh one. Private keys live only here, never under keys/;
keys/ receives the root certificate and the CRL (`test-` prefix: loaded only with
--allow-test-keys).

Validity: root and CAs 2025-01-01 .. 2040-01-01; signers 2025-06-01 .. 2030-06-01; the
expired signer ends 2025-12-31 (every report is signed in 2026); the revoked signer is
listed in the CRL from 2026-03-01. The CRL itself is current from 2026-06-01 to 2035.
A TEST time-stamping authority and a delegated OCSP responder (both under the
intermediate) and an untrusted TSA serve the long-term validation fixtures, and a
short-lived signer (2026-10-01 .. 2026-11-12) the expired-signer-saved-by-a-timestamp one;
certificates added to SPECS later are issued on their own, leaving the older keys as they are.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from common import KEYS, TESTDATA, Manifest, fresh_folder

PKI = TESTDATA / "pki"
UTC = dt.timezone.utc
ID_KP_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")

CA_FROM, CA_TO = dt.datetime(2025, 1, 1, tzinfo=UTC), dt.datetime(2040, 1, 1, tzinfo=UTC)
SIGNER_FROM, SIGNER_TO = dt.datetime(2025, 6, 1, tzinfo=UTC), dt.datetime(2030, 6, 1, tzinfo=UTC)
EXPIRED_TO = dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
SHORT_LIVED_TO = dt.datetime(2026, 11, 12, 23, 59, 59, tzinfo=UTC)
REVOKED_AT = dt.datetime(2026, 3, 1, tzinfo=UTC)
CRL_URL = "http://crl.zhima-credit.test/document-signing-ca.crl"  # .test: reserved, never resolves
CRL_THIS_UPDATE, CRL_NEXT_UPDATE = dt.datetime(2026, 6, 1, tzinfo=UTC), dt.datetime(2035, 1, 1, tzinfo=UTC)


def name(cn: str, ou: str = "Visa Report Service (TEST)", org: str = "Zhima Credit TEST") -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Zhejiang"),
        x509.NameAttribute(NameOID.LOCALITY_NAME, "Hangzhou"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


ROOT_DN = name("Zhima Credit TEST Root CA", ou="TEST PKI - not a real issuer")
INTERMEDIATE_DN = name("Zhima Credit TEST Document Signing CA", ou="TEST PKI - not a real issuer")
SIGNER_DN = name("Zhima Credit TEST Visa Report Signer")


@dataclass(frozen=True)
class Spec:
    """One certificate of the test PKI."""

    slug: str
    role: str
    key: str  # rsa2048, rsa3072, rsa4096, rsa1024, p256, p384
    subject: x509.Name
    issuer: str | None  # slug of the issuing CA; None = self-signed
    serial: int
    ca: bool = False
    path_len: int | None = None
    not_before: dt.datetime = SIGNER_FROM
    not_after: dt.datetime = SIGNER_TO
    usage: str = "sign"  # sign | ca | encipher-only | tsa | ocsp
    trusted: bool = True  # chains to the test root


SPECS: list[Spec] = [
    Spec("root", "TEST trust anchor (published as keys/test-sesame-root.pem)", "rsa4096", ROOT_DN, None, 0x1001,
         ca=True, path_len=1, not_before=CA_FROM, not_after=CA_TO, usage="ca"),
    Spec("intermediate", "issuing CA of every test signer; embedded in each CMS; issues the CRL", "rsa3072",
         INTERMEDIATE_DN, "root", 0x1002, ca=True, path_len=0, not_before=CA_FROM, not_after=CA_TO, usage="ca"),
    Spec("signer-rsa2048", "genuine signer, RSA-2048, PKCS#1 v1.5 (also used with SHA-1 and MD5 digests)", "rsa2048",
         name("Zhima Credit TEST Visa Report Signer"), "intermediate", 0x2001),
    Spec("signer-rsa3072", "genuine signer, RSA-3072, used with RSASSA-PSS", "rsa3072",
         name("Zhima Credit TEST Visa Report Signer RSA-3072"), "intermediate", 0x2002),
    Spec("signer-p256", "genuine signer, ECDSA P-256", "p256",
         name("Zhima Credit TEST Visa Report Signer P-256"), "intermediate", 0x2003),
    Spec("signer-p384", "genuine signer, ECDSA P-384", "p384",
         name("Zhima Credit TEST Visa Report Signer P-384"), "intermediate", 0x2004),
    Spec("signer-expired", "signer whose certificate ended 2025-12-31, before any report was signed", "rsa2048",
         name("Zhima Credit TEST Visa Report Signer (expired)"), "intermediate", 0x3001,
         not_before=dt.datetime(2025, 1, 1, tzinfo=UTC), not_after=EXPIRED_TO),
    Spec("signer-revoked", "signer listed in the intermediate's CRL (keyCompromise, 2026-03-01)", "rsa2048",
         name("Zhima Credit TEST Visa Report Signer (revoked)"), "intermediate", 0x3002),
    Spec("signer-wrong-ku", "signer whose key usage is keyEncipherment only (no digitalSignature/nonRepudiation)",
         "rsa2048", name("Zhima Credit TEST Visa Report Signer (encipherment key)"), "intermediate", 0x3003,
         usage="encipher-only"),
    Spec("signer-rsa1024", "signer with a 1024-bit RSA key (too short)", "rsa1024",
         name("Zhima Credit TEST Visa Report Signer (RSA-1024)"), "intermediate", 0x3004),
    # Look-alikes: exactly the genuine names, other keys, chaining to nothing trusted.
    Spec("spoof-signer-selfsigned", "self-signed, with exactly the genuine RSA-2048 signer's subject DN", "rsa2048",
         SIGNER_DN, None, 0x2001, trusted=False),
    Spec("spoof-intermediate", "self-signed, with exactly the intermediate's subject DN (a fake issuing CA)",
         "rsa3072", INTERMEDIATE_DN, None, 0x1002, ca=True, path_len=0, not_before=CA_FROM, not_after=CA_TO,
         usage="ca", trusted=False),
    Spec("spoof-signer", "signer with the genuine signer's DN, issued by the fake intermediate", "rsa2048",
         SIGNER_DN, "spoof-intermediate", 0x2001, trusted=False),
    # An unrelated root with its own chain (a real-looking CA that is not in the trust store).
    Spec("untrusted-root", "root CA not in the trust store", "rsa3072",
         name("Sesame Credit Reports Root CA", ou="Unrelated PKI", org="Sesame Credit Verification Services"),
         None, 0x5001, ca=True, path_len=1, not_before=CA_FROM, not_after=CA_TO, usage="ca", trusted=False),
    Spec("untrusted-intermediate", "issuing CA under the untrusted root", "rsa2048",
         name("Sesame Credit Reports Signing CA", ou="Unrelated PKI", org="Sesame Credit Verification Services"),
         "untrusted-root", 0x5002, ca=True, path_len=0, not_before=CA_FROM, not_after=CA_TO, usage="ca",
         trusted=False),
    Spec("untrusted-signer", "signer under the untrusted root (also the SSA attacker)", "p256",
         name("Sesame Credit Reports Signer", ou="Unrelated PKI", org="Sesame Credit Verification Services"),
         "untrusted-intermediate", 0x5003, trusted=False),
    # Long-term validation (added later; made without touching the certificates above).
    Spec("tsa", "TEST time-stamping authority (RFC 3161): extendedKeyUsage timeStamping only, critical", "rsa2048",
         name("Zhima Credit TEST Time Stamping Authority", ou="TEST PKI - not a real issuer"), "intermediate", 0x4001,
         usage="tsa"),
    Spec("ocsp-responder", "TEST OCSP responder delegated by the intermediate: extendedKeyUsage OCSPSigning, "
         "id-pkix-ocsp-nocheck", "rsa2048",
         name("Zhima Credit TEST OCSP Responder", ou="TEST PKI - not a real issuer"), "intermediate", 0x4002,
         usage="ocsp"),
    Spec("untrusted-tsa", "time-stamping authority under the untrusted root (a timestamp nobody here vouches for)",
         "rsa2048", name("Sesame Credit Time Stamping", ou="Unrelated PKI", org="Sesame Credit Verification Services"),
         "untrusted-intermediate", 0x5004, usage="tsa", trusted=False),
    # An expired signer saved by a timestamp, on a report young enough to pass (added later).
    Spec("signer-short-lived", "genuine-chain signer whose certificate ended 2026-11-12, two days after the "
         "report it signed with a timestamp", "rsa2048", name("Zhima Credit TEST Visa Report Signer (short-lived)"),
         "intermediate", 0x3005, not_before=dt.datetime(2026, 10, 1, tzinfo=UTC), not_after=SHORT_LIVED_TO),
]
BY_SLUG = {spec.slug: spec for spec in SPECS}


def _new_key(kind: str):
    if kind.startswith("rsa"):
        return rsa.generate_private_key(public_exponent=65537, key_size=int(kind[3:]))
    return ec.generate_private_key({"p256": ec.SECP256R1(), "p384": ec.SECP384R1()}[kind])


def _key_usage(usage: str) -> x509.KeyUsage:
    flags = dict(digital_signature=False, content_commitment=False, key_encipherment=False,
                 data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                 encipher_only=False, decipher_only=False)
    if usage == "ca":
        flags.update(key_cert_sign=True, crl_sign=True)
    elif usage == "sign":
        flags.update(digital_signature=True, content_commitment=True)
    elif usage in ("tsa", "ocsp"):
        flags.update(digital_signature=True)
    elif usage == "encipher-only":
        flags.update(key_encipherment=True)
    return x509.KeyUsage(**flags)


def _certificate(spec: Spec, key, issuer_cert, issuer_key) -> x509.Certificate:
    public = key.public_key()
    issuer_name = issuer_cert.subject if issuer_cert is not None else spec.subject
    signing_key = issuer_key if issuer_key is not None else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(spec.subject)
        .issuer_name(issuer_name)
        .public_key(public)
        .serial_number(spec.serial)
        .not_valid_before(spec.not_before)
        .not_valid_after(spec.not_after)
        .add_extension(x509.BasicConstraints(ca=spec.ca, path_length=spec.path_len if spec.ca else None), critical=True)
        .add_extension(_key_usage(spec.usage), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_cert.public_key()), critical=False)
    if not spec.ca and spec.usage == "sign":
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ID_KP_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    elif spec.usage == "tsa":
        # RFC 3161 §2.3: the TSA's certificate has exactly one extended key usage, timeStamping, critical.
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    elif spec.usage == "ocsp":
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=False)
        builder = builder.add_extension(x509.OCSPNoCheck(), critical=False)
    if spec.issuer == "intermediate":
        # Where the CRL would be published (never fetched: docverify reads CRLs from the trust store).
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(CRL_URL)], relative_name=None, reasons=None, crl_issuer=None)]),
            critical=False)
    digest = hashes.SHA384() if isinstance(signing_key, ec.EllipticCurvePrivateKey) else hashes.SHA256()
    return builder.sign(signing_key, digest)


def key_path(slug: str) -> Path:
    return PKI / f"{slug}.key.pem"


def cert_path(slug: str) -> Path:
    return PKI / f"{slug}.cert.pem"


CRL_PATH = PKI / "intermediate.crl.pem"


def build(new: bool = False) -> None:
    """Creates the PKI unless every file already exists (or `new`), then (re)publishes
    the trust anchor and CRL into keys/ and writes pki/manifest.json."""
    complete = all(key_path(s.slug).exists() and cert_path(s.slug).exists() for s in SPECS) and CRL_PATH.exists()
    if not new and not complete and CRL_PATH.exists() and cert_path("root").exists():
        # Certificates added to SPECS after the set was made: issue only those, under the
        # existing CAs, so every fixture signed with the older keys stays valid.
        for spec in SPECS:
            if key_path(spec.slug).exists() and cert_path(spec.slug).exists():
                continue
            key = _new_key(spec.key)
            issuer_cert = load_cert(spec.issuer) if spec.issuer else None
            issuer_key = load_key(spec.issuer) if spec.issuer else None
            cert = _certificate(spec, key, issuer_cert, issuer_key)
            key_path(spec.slug).write_bytes(key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
            cert_path(spec.slug).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    elif new or not complete:
        fresh_folder(PKI)
        keys, certs = {}, {}
        for spec in SPECS:  # issuers come before the certificates they issue
            keys[spec.slug] = _new_key(spec.key)
            issuer = spec.issuer
            certs[spec.slug] = _certificate(spec, keys[spec.slug], certs.get(issuer), keys.get(issuer))
            key_path(spec.slug).write_bytes(keys[spec.slug].private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
            cert_path(spec.slug).write_bytes(certs[spec.slug].public_bytes(serialization.Encoding.PEM))
        revoked = (
            x509.RevokedCertificateBuilder()
            .serial_number(BY_SLUG["signer-revoked"].serial)
            .revocation_date(REVOKED_AT)
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
            .build()
        )
        crl = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(certs["intermediate"].subject)
            .last_update(CRL_THIS_UPDATE)
            .next_update(CRL_NEXT_UPDATE)
            .add_revoked_certificate(revoked)
            .add_extension(x509.CRLNumber(1), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                certs["intermediate"].public_key()), critical=False)
            .sign(keys["intermediate"], hashes.SHA256())
        )
        CRL_PATH.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
    publish()
    write_manifest()


def publish() -> None:
    """Copies the public trust material into keys/ (never a private key)."""
    KEYS.mkdir(exist_ok=True)
    shutil.copyfile(cert_path("root"), KEYS / "test-sesame-root.pem")
    shutil.copyfile(CRL_PATH, KEYS / "test-sesame.crl.pem")


def write_manifest() -> None:
    manifest = Manifest(PKI)
    for spec in SPECS:
        cert = load_cert(spec.slug)
        entry = {
            "role": spec.role, "subject": cert.subject.rfc4514_string(), "issuer": cert.issuer.rfc4514_string(),
            "serial": hex(spec.serial), "keyType": spec.key,
            "notBefore": spec.not_before.date().isoformat(), "notAfter": spec.not_after.date().isoformat(),
            "chainsToTestRoot": spec.trusted,
        }
        manifest.entries.append({"file": cert_path(spec.slug).name, "keyFile": key_path(spec.slug).name, **entry})
    manifest.entries.append({
        "file": CRL_PATH.name, "role": "CRL of the intermediate; lists signer-revoked; published as keys/test-sesame.crl.pem",
        "thisUpdate": CRL_THIS_UPDATE.date().isoformat(), "nextUpdate": CRL_NEXT_UPDATE.date().isoformat(),
    })
    manifest.write()


def load_cert(slug: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(cert_path(slug).read_bytes())


def load_key(slug: str):
    return serialization.load_pem_private_key(key_path(slug).read_bytes(), password=None)


def chain_of(slug: str) -> list[str]:
    """The CA certificates above `slug`, nearest first (roots excluded)."""
    out, spec = [], BY_SLUG[slug]
    while spec.issuer is not None:
        parent = BY_SLUG[spec.issuer]
        if parent.issuer is not None:
            out.append(parent.slug)
        spec = parent
    return out


def main(argv: list[str]) -> int:
    build(new="--new-pki" in argv)
    print(f"pki: {len(SPECS)} certificates, CRL, keys/test-sesame-root.pem, keys/test-sesame.crl.pem")
    return 0
