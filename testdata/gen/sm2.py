"""testdata/sm2/: Sesame reports signed with SM2 and SM3 (GB/T 32918, GB/T 32905), the
Chinese national algorithms, with the GM/T 0009 distinguishing ID (issue 10, "SM2/SM3").

The SM2 test PKI (testdata/pki/sm2/, made with the `openssl` CLI because neither
`cryptography` nor pyHanko signs with SM2; keys committed and reused unless missing):

  root        "Zhima Credit TEST SM2 Root CA", self-signed  -> keys/test-sm2-root.pem
  signer      issued by root
  ca          "Zhima Credit TEST SM2 Document Signing CA", issued by root
  chain-signer issued by ca (the CMS carries ca)
  custom-root a second root whose signers use their own distinguishing ID
              -> keys/test-sm2-custom-root.pem + its sidecar test-sm2-custom-root.pem.toml
              (sm2_id = CUSTOM_ID)
  custom-signer issued by custom-root

Every certificate is signed with SM2-with-SM3 and the default ID 1234567812345678
(`-sigopt distid:`), as GM/T 0015 CAs sign (OpenSSL 3.0's own default is an empty ID),
except cli-ca (issued by root) and cli-signer (issued by cli-ca), signed as OpenSSL's
CLI does by default.

Each report: the unsigned report (gen/reports.py, hand-written layout), a signature field
and /Contents placeholder made by pyHanko (signed by an RSA test signer, whose CMS is
then replaced), the SM3 digest of the /ByteRange bytes, signed attributes (contentType,
signingTime, messageDigest, DER-sorted), their SM2 signature by `openssl pkeyutl -rawin
-digest sm3 -pkeyopt distid:ID`, and the SignedData assembled with asn1crypto. Each
genuine signature is checked again with `openssl pkeyutl -verify` before it is written.
SM2 signatures are randomised, so the files differ byte-wise between rebuilds; their
verdicts do not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from asn1crypto import cms, core, x509

import reports
import signing
from common import CST, KEYS, NOW_ISO, TESTDATA, Manifest, fresh_folder, write

OUT = TESTDATA / "sm2"
PKI = TESTDATA / "pki" / "sm2"
ISSUED = dt.datetime(2026, 11, 21, 15, 2, 44, tzinfo=CST)
GENUINE_SCORE, FORGED_SCORE = 781, 823

DEFAULT_ID = "1234567812345678"
CUSTOM_ID = "ZHIMA-TEST-SM2-0001"
WRONG_ID = "ALICE123@YAHOO.COM"

OID_SM3 = "1.2.156.10197.1.401"
OID_SM2_WITH_SM3 = "1.2.156.10197.1.501"
OID_SM2_CURVE = "1.2.156.10197.1.301"
OID_GM_SIGNED_DATA = "1.2.156.10197.6.1.4.2.2"
OID_GM_DATA = "1.2.156.10197.6.1.4.2.1"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"

EXTENSIONS = """
[ca_ext]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[signer_ext]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
"""

# slug -> (common name, issuer slug or None for self-signed, extension section)
SPECS = {
    "root": ("Zhima Credit TEST SM2 Root CA", None, "ca_ext"),
    "signer": ("Zhima Credit TEST SM2 Visa Report Signer", "root", "signer_ext"),
    "ca": ("Zhima Credit TEST SM2 Document Signing CA", "root", "ca_ext"),
    "chain-signer": ("Zhima Credit TEST SM2 Chain Signer", "ca", "signer_ext"),
    "custom-root": ("Zhima Credit TEST SM2 Custom-ID Root CA", None, "ca_ext"),
    "custom-signer": ("Zhima Credit TEST SM2 Custom-ID Signer", "custom-root", "signer_ext"),
    "cli-ca": ("Zhima Credit TEST SM2 CLI-default CA", "root", "ca_ext"),
    "cli-signer": ("Zhima Credit TEST SM2 CLI-default Signer", "cli-ca", "signer_ext"),
}
# Certificates signed (and requested) with OpenSSL 3.0's default, an empty ID, as its CLI
# does without `-sigopt distid:`.
CLI_DEFAULT = {"cli-ca", "cli-signer"}
# Published anchors: trust-store file name -> (slug, sidecar text or None).
ANCHORS = {
    "test-sm2-root.pem": ("root", '# The TEST SM2 root: its signers use the GM/T 0009 default ID.\nrole = "signer"\n'),
    "test-sm2-custom-root.pem": (
        "custom-root",
        "# The TEST SM2 custom-ID root: its signers sign with their own distinguishing ID.\n"
        f'sm2_id = "{CUSTOM_ID}"  # GM/T 0009 user ID\nrole = "signer"\n'),
}
VALID_FROM, VALID_TO = "20250101000000Z", "20400101000000Z"


def openssl(*args: str, cwd: Path | None = None, input: bytes | None = None) -> bytes:
    return subprocess.run(["openssl", *args], cwd=cwd, input=input, check=True, capture_output=True).stdout


def key_path(slug: str) -> Path:
    return PKI / f"{slug}.key.pem"


def cert_path(slug: str) -> Path:
    return PKI / f"{slug}.cert.pem"


def build_pki() -> None:
    """Makes the SM2 certificates that are missing (keys are reused: rebuilding the reports
    does not change the PKI). `openssl ca` sets the validity dates `x509 -req` cannot."""
    PKI.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "ext.cnf").write_text(EXTENSIONS)
        for serial, (slug, (cn, issuer, section)) in enumerate(SPECS.items(), start=0x5A01):
            if cert_path(slug).exists():
                continue
            if not key_path(slug).exists():
                openssl("genpkey", "-algorithm", "SM2", "-out", str(key_path(slug)))
            subject = f"/C=CN/O=Zhima Credit TEST/OU=TEST SM2 PKI - not a real issuer/CN={cn}"
            ids = [] if slug in CLI_DEFAULT else ["-sigopt", f"distid:{DEFAULT_ID}", "-vfyopt", f"distid:{DEFAULT_ID}"]
            openssl("req", "-new", "-key", str(key_path(slug)), "-sm3", *ids[:2],
                    "-subj", subject, "-out", str(work / "req.csr"))
            (work / "index.txt").write_text("")
            (work / "serial").write_text(f"{serial:X}\n")
            (work / "ca.cnf").write_text(
                "[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nserial=serial\nnew_certs_dir=.\n"
                "default_md=sm3\npolicy=p\nunique_subject=no\npreserve=yes\n[p]\ncountryName=optional\norganizationName=optional\norganizationalUnitName=optional\ncommonName=supplied\n" + EXTENSIONS)
            ca_args = (["-selfsign", "-keyfile", str(key_path(slug))] if issuer is None else
                       ["-cert", str(cert_path(issuer)), "-keyfile", str(key_path(issuer))])
            openssl("ca", "-batch", "-config", "ca.cnf", "-in", "req.csr", "-out", str(cert_path(slug)), "-notext",
                    "-md", "sm3", *ids, "-startdate", VALID_FROM, "-enddate", VALID_TO,
                    "-extensions", section, *ca_args, cwd=work)
    # Each link verifies with the default ID (and so fails with OpenSSL 3.0's empty one). One
    # link at a time: `openssl verify -vfyopt` gives the ID to the leaf only.
    for slug, (_, issuer, _) in SPECS.items():
        ids = [] if slug in CLI_DEFAULT else ["-vfyopt", f"distid:{DEFAULT_ID}"]
        openssl("verify", "-partial_chain", *ids, "-attime", str(int(ISSUED.timestamp())),
                "-CAfile", str(cert_path(issuer or slug)), str(cert_path(slug)))


def publish() -> None:
    for name, (slug, sidecar) in ANCHORS.items():
        shutil.copyfile(cert_path(slug), KEYS / name)
        if sidecar:
            (KEYS / (name + ".toml")).write_text(sidecar)


def pem_der(path: Path) -> bytes:
    return openssl("x509", "-in", str(path), "-outform", "DER")


def sm2_sign(slug: str, message: bytes, distid: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        tbs = Path(tmp) / "tbs"
        tbs.write_bytes(message)
        return openssl("pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", str(key_path(slug)),
                       "-in", str(tbs), "-pkeyopt", f"distid:{distid}")


def sm2_verifies(slug: str, message: bytes, signature: bytes, distid: str) -> bool:
    """The independent check: `openssl pkeyutl -verify` with the signer's certificate."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "tbs").write_bytes(message)
        (Path(tmp) / "sig").write_bytes(signature)
        done = subprocess.run(["openssl", "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-certin",
                               "-inkey", str(cert_path(slug)), "-in", "tbs", "-sigfile", "sig",
                               "-pkeyopt", f"distid:{distid}"], cwd=tmp, capture_output=True)
        return done.returncode == 0


def attribute(kind: str, value) -> bytes:
    return cms.CMSAttribute({"type": kind, "values": [value]}).dump()


def sm2_cms(content: bytes, slug: str, *, distid: str, chain: tuple[str, ...] = (), signature_oid: str = OID_SM2_WITH_SM3,
            signed_attributes: bool = True, gm_container: bool = False, digest: str = "sm3") -> bytes:
    """A detached SignedData over `content`, SM2-signed by `slug` with `distid`."""
    digest_oid = OID_SM3 if digest == "sm3" else OID_SHA256
    data_oid = OID_GM_DATA if gm_container else "data"
    certificate = x509.Certificate.load(pem_der(cert_path(slug)))
    if signed_attributes:
        encoded = [
            cms.CMSAttribute({"type": "content_type", "values": [data_oid]}).dump(),
            attribute("signing_time", cms.Time({"utc_time": ISSUED.astimezone(dt.timezone.utc)})),
            attribute("message_digest", hashlib.new(digest, content).digest()),
        ]
        # DER orders a SET OF by the encodings: what the signature covers, and what is sent.
        attrs = cms.CMSAttributes([cms.CMSAttribute.load(e) for e in sorted(encoded)])
        to_sign = attrs.dump()
    else:
        attrs, to_sign = None, content
    # OpenSSL signs SM2 with SM3 only: a `digest` other than SM3 names what the container
    # claims (its messageDigest), while the value stays SM2-with-SM3.
    signature = sm2_sign(slug, to_sign, distid)
    if distid != WRONG_ID:
        assert sm2_verifies(slug, to_sign, signature, distid), f"{slug}: openssl does not verify its own SM2 signature"
    info = {
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
            {"issuer": certificate.issuer, "serial_number": certificate.serial_number})}),
        "digest_algorithm": {"algorithm": digest_oid},
        "signature_algorithm": {"algorithm": signature_oid},
        "signature": signature,
    }
    if attrs is not None:
        info["signed_attrs"] = attrs
    signed_data = cms.SignedData({
        "version": "v1",
        "digest_algorithms": [{"algorithm": digest_oid}],
        "encap_content_info": {"content_type": data_oid},
        "certificates": [certificate] + [x509.Certificate.load(pem_der(cert_path(s))) for s in chain],
        "signer_infos": [cms.SignerInfo(info)],
    })
    if gm_container:
        # GM/T 0010: ContentInfo { 1.2.156.10197.6.1.4.2.2, [0] EXPLICIT SignedData }.
        body = core.ObjectIdentifier(OID_GM_SIGNED_DATA).dump() + _tlv(0xA0, signed_data.dump())
        return _tlv(0x30, body)
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()


def _tlv(tag: int, body: bytes) -> bytes:
    n = len(body)
    length = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + length + body


def placeholder(pdf: bytes) -> tuple[bytes, int, int]:
    """`pdf` with a signature field and /Contents gap (pyHanko, RSA test signer; its CMS is
    replaced) and the gap's [a, b)."""
    signed = signing.sign(pdf, "signer-rsa2048", at=ISSUED, reason="Zhima Credit visa report (TEST SM2 issuer)")
    _, a, b, _, _, _ = signing.byte_range(signed)
    return signed, a, b


def sm2_signed(pdf: bytes, slug: str, *, distid: str, **kw) -> bytes:
    out, a, b = placeholder(pdf)
    der = sm2_cms(out[:a] + out[b:], slug, distid=distid, **kw)
    return signing.put_contents(out, a, b, der)


def report(n: int, score: int = GENUINE_SCORE) -> reports.Report:
    return reports.make_report(60 + n, score=score, issued=ISSUED, report_no=f"ZM20261121{0x5A200000 + n:08X}",
                               assets=False)


def build() -> Manifest:
    build_pki()
    publish()
    fresh_folder(OUT)
    m = Manifest(OUT)

    def add(name: str, data: bytes, expect: str, codes: list[str], absent: list[str], why: str):
        write(OUT, name, data)
        m.add(name, expect, codes, why, absent=absent)

    base = ("Report (score %d) in the hand-written layout, signed (adbe.pkcs7.detached) with SM2 and SM3 by "
            "testdata/pki/sm2/%s; contentType, signingTime and messageDigest signed attributes. ")
    ok = ["SIG_VALID", "TEST_ISSUER"]
    bad = ["SIG_UNSUPPORTED", "SIG_CRYPTO_INVALID", "SIG_DIGEST_MISMATCH", "SIG_UNTRUSTED"]

    add("sm2-default-id.pdf", sm2_signed(reports.layout_raw(report(0)), "signer", distid=DEFAULT_ID), "pass", ok, bad,
        base % (GENUINE_SCORE, "signer") + "Distinguishing ID 1234567812345678 (GM/T 0009 default); the signer is "
        "issued by the TEST SM2 root (keys/test-sm2-root.pem, no sm2_id in its sidecar).")
    add("sm2-custom-id.pdf", sm2_signed(reports.layout_raw(report(1)), "custom-signer", distid=CUSTOM_ID), "pass", ok,
        bad, base % (GENUINE_SCORE, "custom-signer") + f"Distinguishing ID {CUSTOM_ID}, which the sidecar of its "
        "anchor (keys/test-sm2-custom-root.pem.toml, sm2_id) names.")
    add("sm2-custom-id-signed-with-default.pdf",
        sm2_signed(reports.layout_raw(report(2)), "custom-signer", distid=DEFAULT_ID), "fail",
        ["SIG_CRYPTO_INVALID"], ["SIG_VALID", "SIG_DIGEST_MISMATCH"],
        base % (GENUINE_SCORE, "custom-signer") + "Signed with the default ID although its anchor's sidecar says "
        f"{CUSTOM_ID}: the signature does not verify under the issuer's ID.")
    add("sm2-wrong-id.pdf", sm2_signed(reports.layout_raw(report(3)), "signer", distid=WRONG_ID), "fail",
        ["SIG_CRYPTO_INVALID"], ["SIG_VALID", "SIG_DIGEST_MISMATCH"],
        base % (GENUINE_SCORE, "signer") + f"Signed with the distinguishing ID {WRONG_ID}, not the default its "
        "anchor implies: the SM2 signature does not verify (the digest does).")
    genuine = sm2_signed(reports.layout_raw(report(4)), "signer", distid=DEFAULT_ID)
    old, new = b"Sesame Score: %d" % GENUINE_SCORE, b"Sesame Score: %d" % FORGED_SCORE
    assert genuine.count(old) >= 1, "score not found in the page content"
    add("sm2-tampered.pdf", genuine.replace(old, new), "fail", ["SIG_DIGEST_MISMATCH"], ["SIG_VALID"],
        base % (GENUINE_SCORE, "signer") + "After signing, the score in the signed page content was changed in place "
        "to %d: the SM3 digest of the ByteRange no longer matches messageDigest." % FORGED_SCORE)
    add("sm2-chain.pdf",
        sm2_signed(reports.layout_raw(report(5)), "chain-signer", distid=DEFAULT_ID, chain=("ca",)), "pass", ok, bad,
        base % (GENUINE_SCORE, "chain-signer") + "The path root -> TEST SM2 Document Signing CA (carried in the CMS) -> "
        "signer, every certificate SM2-signed with the default ID: X509_verify_cert checks them with it.")
    add("sm2-cli-default-chain.pdf",
        sm2_signed(reports.layout_raw(report(10)), "cli-signer", distid=DEFAULT_ID, chain=("cli-ca",)), "pass", ok,
        bad, base % (GENUINE_SCORE, "cli-signer") + "The path root -> CLI-default CA -> signer, where the CA and the "
        "signer certificates were signed by the openssl CLI without -sigopt distid: (OpenSSL 3.0's empty ID, not "
        "the GM/T default): each certificate's signature is checked under the ID it verifies with.")
    add("sm2-curve-oid.pdf",
        sm2_signed(reports.layout_raw(report(6)), "signer", distid=DEFAULT_ID, signature_oid=OID_SM2_CURVE), "pass", ok,
        bad, base % (GENUINE_SCORE, "signer") + "signatureAlgorithm is the SM2 curve OID 1.2.156.10197.1.301 (as many "
        "Chinese signing systems write it), not SM2-with-SM3 1.2.156.10197.1.501.")
    add("sm2-no-signed-attributes.pdf",
        sm2_signed(reports.layout_raw(report(7)), "signer", distid=DEFAULT_ID, signed_attributes=False), "pass", ok,
        bad, base % (GENUINE_SCORE, "signer") + "Without signed attributes (ISO 32000 allows it for "
        "adbe.pkcs7.detached): the SM2 signature is over the ByteRange bytes themselves; no signed signing time.")
    add("sm2-gmt0010.pdf",
        sm2_signed(reports.layout_raw(report(8)), "signer", distid=DEFAULT_ID, gm_container=True), "pass", ok, bad,
        base % (GENUINE_SCORE, "signer") + "A GM/T 0010 container: content type 1.2.156.10197.6.1.4.2.2 (signedData) "
        "and data type 1.2.156.10197.6.1.4.2.1, otherwise CMS SignedData.")
    add("sm2-with-sha256.pdf",
        sm2_signed(reports.layout_raw(report(9)), "signer", distid=DEFAULT_ID, digest="sha256"), "review",
        ["SIG_UNSUPPORTED"], ["SIG_VALID", "SIG_CRYPTO_INVALID"],
        base % (GENUINE_SCORE, "signer") + "SM2 with SHA-256 as the digest: a combination no GM/T profile defines, "
        "so not on the allow-list (SIG_UNSUPPORTED, warn: cannot be checked here, not evidence of forgery). "
        "(OpenSSL signs SM2 with SM3 only: the value is SM2-with-SM3 over the attributes; it is never tried.)")
    m.write()
    return m


def main(argv: list[str]) -> int:
    m = build()
    print(f"sm2: {len(m.entries)} files (evaluation time {NOW_ISO})")
    return 0
