"""testdata/cmsforms/: genuine signed Sesame reports whose signature container (or dictionary)
takes a form real files use (issue 10, "no valid signature with acceptable algorithms rejected"), each
beside the tampered or forged variant that must still fail:

  pkcs7-sha1-*       /SubFilter adbe.pkcs7.sha1: the CMS encapsulates the SHA-1 digest of the
                     ByteRange as its eContent and signs that (intact: SIG_WEAK_ALGORITHM, review)
  x509-rsa-sha1-*    /SubFilter adbe.x509.rsa_sha1: a bare PKCS#1 v1.5 SHA-1 value (a DER OCTET
                     STRING) in /Contents, the certificates in /Cert (intact: weak, review)
  ber-indefinite     the CMS written in BER with indefinite lengths, as streaming signers do
  no-signed-attrs    adbe.pkcs7.detached without signed attributes (ISO 32000 allows it): the
                     signature is over the ByteRange digest itself
  eof-glued          the signature's revision starts right after the previous '%%EOF', with no
                     end of line ('%%EOF1 0 obj'), as some writers append
  two-signer-infos-* one CMS, two SignerInfos (two signers of the same bytes); the forged
                     variant puts a SignerInfo whose signature does not verify first
  ess-*              ESS signing-certificate-v2 listing the signer twice (the ETSI plugtest
                     form OpenSSL 3.0 refuses, "ess cert id wrong order"), and one whose first
                     entry names another certificate (substitution: fail)
  contents-trailing  bytes other than zero padding after the CMS inside /Contents (DSS-2155):
                     outside the CMS, signed by nothing; recorded (SIG_CONTENTS_TRAILING_DATA)
  sigdict-*          a later revision rewriting the signature dictionary's object: unchanged
                     (a copy, the same signature: SIG_DICTIONARY_COPIES) or with its /Reason
                     replaced (spoofing: still a dictionary whose gap is not its /Contents)
  econtent-*         a detached CMS whose eContent is an empty OCTET STRING (read as absent), and
                     one that encapsulates other bytes than the document (refused)
  digestalgs-*       SignedData.digestAlgorithms lists SHA-1 while the SignerInfo uses SHA-256
                     (pdf.js signed_verified.pdf): the set is unsigned and advisory
  byterange-digits-* a /ByteRange whose gap is only /Contents' hex digits, its < > signed
  ecdsa-plain-*      ECDSA P-256 values in the plain r||s format (BSI TR-03111): under the
                     ecdsa-plain-SHA256 OID (verified), forged (fail), and under the EC
                     public-key OID, which names the DER form (SIG_UNSUPPORTED)
  ess-v1-issuer-*    ESS signing-certificate (v1) whose issuer Name is wrapped in one more
                     SEQUENCE (n2013.00849449.pdf): hash and serial bind the signer; the same
                     form naming another certificate's hash fails

The report is the hand-written uncompressed layout (catalog 1, page 5, content 6); the
signature is a hand-written incremental update (catalog with /AcroForm, a signature field
and widget on the page, the signature dictionary), and its CMS is assembled here with
asn1crypto and signed with the test PKI's keys (RSA PKCS#1 v1.5: deterministic), so each
container is exactly the form named. Every genuine container is checked independently
with `openssl cms -verify` (or `openssl dgst -verify`) before it is written.
Evaluation time 2026-11-25T12:00:00Z, as every set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import tempfile
from pathlib import Path

from asn1crypto import algos, cms, core, tsp, x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

import pki
import reports
import signing
from common import CST, NOW_ISO, TESTDATA, Manifest, fresh_folder, pdf_date, write
from sigforms import append_update, latest_object, next_number, with_catalog_entry

OUT = TESTDATA / "cmsforms"
ISSUED = dt.datetime(2026, 11, 21, 15, 2, 44, tzinfo=CST)
GENUINE_SCORE, FORGED_SCORE = 781, 823
SIGNER, SECOND_SIGNER = "signer-rsa2048", "signer-rsa3072"

PLACEHOLDER = b"/ByteRange [0 0000000000 0000000000 0000000000]"
CONTENTS_HEX = 16384


def victim(n: int) -> reports.Report:
    return reports.make_report(60 + n, score=GENUINE_SCORE, issued=ISSUED,
                               report_no=f"ZM20261121{0x52F00000 + n:08X}", assets=False)


def report(n: int) -> bytes:
    return reports.layout_raw(victim(n))


# ---------------------------------------------------------------------------------------
# The signature revision


def signature_revision(pdf: bytes, subfilter: bytes, extra: bytes = b"") -> bytes:
    """`pdf` plus an incremental update holding an unsigned signature: object N the
    signature dictionary (placeholders), N+1 the field and widget on page 5, the catalog
    with /AcroForm."""
    sig, field = next_number(pdf), next_number(pdf) + 1
    objects = {
        1: with_catalog_entry(latest_object(pdf, 1), b"/AcroForm << /Fields [%d 0 R] /SigFlags 3 >>" % field),
        5: with_catalog_entry(latest_object(pdf, 5), b"/Annots [%d 0 R]" % field),
        sig: (b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /" + subfilter + b" /M (" + pdf_date(ISSUED).encode()
              + b") /Reason (Zhima Credit visa report \\(TEST issuer\\)) /Location (Hangzhou, CN) " + extra
              + PLACEHOLDER + b" /Contents <" + b"0" * CONTENTS_HEX + b"> >>"),
        field: (b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /V %d 0 R /Rect [0 0 0 0] /F 132 "
                b"/P 5 0 R >>" % sig),
    }
    return append_update(pdf, objects)


def sign_revision(pdf: bytes, make_contents, *, digits_only: bool = False) -> bytes:
    """Fills the last signature dictionary's /ByteRange and writes `make_contents(parts)`
    (the two signed parts) into its /Contents, zero padded. With `digits_only` the gap is
    only the hex digits: the /Contents' < and > are signed with the rest."""
    start = pdf.rindex(b"/Type /Sig ")
    a = pdf.index(b"/Contents <", start) + len(b"/Contents ")
    b = pdf.index(b">", a) + 1
    inset = 1 if digits_only else 0
    ranges = b"/ByteRange [0 %d %d %d]" % (a + inset, b - inset, len(pdf) - b + inset)
    at = pdf.index(PLACEHOLDER, start)
    pdf = pdf[:at] + ranges + b" " * (len(PLACEHOLDER) - len(ranges)) + pdf[at + len(PLACEHOLDER):]
    contents = make_contents([pdf[:a + inset], pdf[b - inset:]])
    hexed = contents.hex().encode()
    assert len(hexed) <= b - a - 2, "contents do not fit"
    return pdf[:a] + b"<" + hexed + b"0" * (b - a - 2 - len(hexed)) + b">" + pdf[b:]


def glue_eof(pdf: bytes, at: int) -> bytes:
    """The '\n%%EOF\n' that ends at offset `at` written as '\r\n%%EOF' (same length, so no
    offset moves): what follows starts on the '%%EOF' line itself."""
    assert pdf[at - 7:at] == b"\n%%EOF\n"
    return pdf[:at - 7] + b"\r\n%%EOF" + pdf[at:]


def tamper(pdf: bytes) -> bytes:
    """The score changed in place inside the first signed range (same length)."""
    old, new = b"Sesame Score: %d" % GENUINE_SCORE, b"Sesame Score: %d" % FORGED_SCORE
    assert pdf.count(old) == 1, old
    return pdf.replace(old, new)


# ---------------------------------------------------------------------------------------
# CMS assembly (asn1crypto) and signing (cryptography, RSA PKCS#1 v1.5)


def certificate(slug: str) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(pki.load_cert(slug).public_bytes(serialization.Encoding.DER))


def rsa_sign(slug: str, data: bytes, md: str) -> bytes:
    algorithm = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256()}[md]
    return pki.load_key(slug).sign(data, padding.PKCS1v15(), algorithm)


def ecdsa_plain_sign(slug: str, data: bytes) -> bytes:
    """ECDSA (SHA-256, RFC 6979 deterministic) by `slug`'s EC key, as plain r || s."""
    key = pki.load_key(slug)
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)))
    width = (key.curve.key_size + 7) // 8
    return r.to_bytes(width, "big") + s.to_bytes(width, "big")


def ess_v1_attribute(signer: asn1_x509.Certificate, hashed: asn1_x509.Certificate) -> cms.CMSAttribute:
    """A signingCertificate (v1) attribute naming `hashed` by SHA-1 and `signer` by issuerSerial,
    its issuer Name wrapped in one more SEQUENCE, as n2013.00849449.pdf's signer wrote it
    (written byte by byte: asn1crypto would not encode the malformed Name)."""
    def tlv(tag: int, body: bytes) -> bytes:
        n = len(body)
        length = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
        return bytes([tag]) + length + body
    issuer = tlv(0x30, tlv(0xA4, tlv(0x30, signer.issuer.dump())))
    serial = core.Integer(signer.serial_number).dump()
    cert_id = tlv(0x30, tlv(0x04, hashlib.sha1(hashed.dump()).digest()) + tlv(0x30, issuer + serial))
    value = tlv(0x30, tlv(0x30, cert_id))
    oid = core.ObjectIdentifier("1.2.840.113549.1.9.16.2.12").dump()
    return cms.CMSAttribute.load(tlv(0x30, oid + tlv(0x31, value)))


def ess_cert_id_v2(cert: asn1_x509.Certificate) -> tsp.ESSCertIDv2:
    return tsp.ESSCertIDv2({
        "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
        "cert_hash": hashlib.sha256(cert.dump()).digest(),
        "issuer_serial": tsp.IssuerSerial({
            "issuer": [asn1_x509.GeneralName({"directory_name": cert.issuer})],
            "serial_number": cert.serial_number,
        }),
    })


# BSI TR-03111 ecdsa-plain-SHA256; asn1crypto does not know it.
ECDSA_PLAIN_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"


def signer_info(slug: str, content: bytes, *, md: str = "sha256", signed_attrs: bool = True,
                ess: list[str] | None = None, plain_ecdsa_oid: str | None = None,
                extra_attrs: list[cms.CMSAttribute] = ()) -> cms.SignerInfo:
    """A SignerInfo of `slug` over `content` (the detached bytes or the eContent); `ess`
    names the certificates of a signing-certificate-v2 attribute, in order. With
    `plain_ecdsa_oid`, `slug` is an EC key and the value is plain r || s under that OID."""
    cert = certificate(slug)
    algorithm = algos.SignedDigestAlgorithm({"algorithm": plain_ecdsa_oid or "rsassa_pkcs1v15"})
    sign = ((lambda data, _md: ecdsa_plain_sign(slug, data)) if plain_ecdsa_oid is not None
            else (lambda data, digest: rsa_sign(slug, data, digest)))
    info = {
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": cert.issuer, "serial_number": cert.serial_number})}),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": md}),
        "signature_algorithm": algorithm,
    }
    if signed_attrs:
        attrs = [
            cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
            cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": ISSUED})]}),
            cms.CMSAttribute({"type": "message_digest", "values": [hashlib.new(md, content).digest()]}),
        ]
        if ess is not None:
            attrs.append(cms.CMSAttribute({"type": "signing_certificate_v2", "values": [
                tsp.SigningCertificateV2({"certs": [ess_cert_id_v2(certificate(s)) for s in ess]})]}))
        attrs += extra_attrs
        # DER orders a SET OF by encoding; OpenSSL re-encodes the attributes so before it verifies.
        signed = cms.CMSAttributes(sorted(attrs, key=lambda attr: attr.dump()))
        info["signed_attrs"] = signed
        # The signature is over the DER SET OF, whatever tag the field carries in the SignerInfo.
        info["signature"] = sign(signed.dump(), md)
    else:
        info["signature"] = sign(content, md)
    return cms.SignerInfo(info)


def signed_data(infos: list[cms.SignerInfo], certs: list[str], *, econtent: bytes | None = None,
                digest_algorithms: list[str] | None = None) -> bytes:
    """A ContentInfo(SignedData) DER: `infos`, the named certificates (and their CAs);
    `digest_algorithms` replaces the SignedData's digestAlgorithms set (else the infos' own)."""
    chain: list[str] = []
    for slug in certs:
        for s in [slug] + pki.chain_of(slug):
            if s not in chain:
                chain.append(s)
    encap = {"content_type": "data"}
    if econtent is not None:
        encap["content"] = econtent
    digests = []
    for info in infos:
        if info["digest_algorithm"].dump() not in [d.dump() for d in digests]:
            digests.append(info["digest_algorithm"])
    if digest_algorithms is not None:
        digests = [algos.DigestAlgorithm({"algorithm": name}) for name in digest_algorithms]
    return cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData({
        "version": "v1", "digest_algorithms": digests, "encap_content_info": encap,
        "certificates": [certificate(s) for s in chain], "signer_infos": infos,
    })}).dump()


def detached(slug: str = SIGNER, **kw):
    """make_contents for an ordinary detached CMS by `slug`."""
    return lambda parts: signed_data([signer_info(slug, b"".join(parts), **kw)], [slug])


def indefinite(der: bytes) -> bytes:
    """`der` with the outer ContentInfo, its [0] and the SignedData re-encoded with
    indefinite lengths (BER, as streaming signers write them); everything inside untouched."""
    def split(element: bytes) -> tuple[bytes, bytes]:
        header = 2 if element[1] < 0x80 else 2 + (element[1] & 0x7F)
        return element[:1], element[header:]

    tag, content_info = split(der)
    oid_len = 2 + content_info[1]
    oid, wrapper = content_info[:oid_len], content_info[oid_len:]
    wrapper_tag, signed = split(wrapper)
    signed_tag, fields = split(signed)
    eoc = b"\x00\x00"
    return (tag + b"\x80" + oid + wrapper_tag + b"\x80" + signed_tag + b"\x80" + fields + eoc + eoc + eoc)


# ---------------------------------------------------------------------------------------
# Independent checks (the openssl command line)


def openssl(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], input=stdin, capture_output=True, check=False)


def check_cms(der: bytes, parts: list[bytes] | None, *, econtent: bytes | None = None) -> None:
    """`openssl cms -verify` accepts the CMS over the detached parts (or its own eContent,
    which must then be `econtent`), with the test root as the only anchor."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "cms.der").write_bytes(der)
        args = ["cms", "-verify", "-binary", "-inform", "DER", "-in", str(folder / "cms.der"),
                "-CAfile", str(pki.cert_path("root")), "-purpose", "any", "-out", str(folder / "out")]
        if parts is not None:
            (folder / "content").write_bytes(b"".join(parts))
            args += ["-content", str(folder / "content")]
        done = openssl(*args, "-attime", str(int(ISSUED.timestamp())))
        assert done.returncode == 0, done.stderr.decode()
        if econtent is not None:
            assert (folder / "out").read_bytes() == econtent, "eContent is not the SHA-1 digest of the ranges"


def check_rsa_sha1(signature: bytes, parts: list[bytes], slug: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "sig").write_bytes(signature)
        (folder / "data").write_bytes(b"".join(parts))
        public = pki.load_cert(slug).public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        (folder / "key.pem").write_bytes(public)
        done = openssl("dgst", "-sha1", "-verify", str(folder / "key.pem"), "-signature", str(folder / "sig"),
                       str(folder / "data"))
        assert done.returncode == 0, done.stderr.decode()


def check_plain_ecdsa(info: cms.SignerInfo, slug: str) -> None:
    """The plain r || s value, as DER, verifies over the DER signed attributes with `slug`'s
    public key (cryptography; openssl's cms command knows no ecdsa-plain OID)."""
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    value = info["signature"].native
    half = len(value) // 2
    der = encode_dss_signature(int.from_bytes(value[:half], "big"), int.from_bytes(value[half:], "big"))
    # Signed over the attributes' DER SET OF: the field's [0] tag read as SET.
    signed = b"\x31" + info["signed_attrs"].dump()[1:]
    pki.load_cert(slug).public_key().verify(der, signed, ec.ECDSA(hashes.SHA256()))


def checked(make_contents, *, econtent_of=None):
    """`make_contents` whose result openssl verifies before it is written."""
    def make(parts: list[bytes]) -> bytes:
        der = make_contents(parts)
        if econtent_of is None:
            check_cms(der, parts)
        else:
            check_cms(der, None, econtent=econtent_of(parts))
        return der
    return make


# ---------------------------------------------------------------------------------------


def pkcs7_sha1(parts: list[bytes]) -> bytes:
    digest = hashlib.sha1(b"".join(parts)).digest()
    return signed_data([signer_info(SIGNER, digest)], [SIGNER], econtent=digest)


def x509_rsa_sha1(parts: list[bytes]) -> bytes:
    value = rsa_sign(SIGNER, b"".join(parts), "sha1")
    check_rsa_sha1(value, parts, SIGNER)
    return core.OctetString(value).dump()


def cert_array() -> bytes:
    """/Cert [<signer> <intermediate>]: the signer first, as adbe.x509.rsa_sha1 requires."""
    ders = [certificate(s).dump() for s in [SIGNER] + pki.chain_of(SIGNER)]
    return b"/Cert [" + b" ".join(b"<" + d.hex().encode() + b">" for d in ders) + b"] "


def two_signers(parts: list[bytes], *, forge_first: bool = False) -> bytes:
    content = b"".join(parts)
    first, second = signer_info(SIGNER, content), signer_info(SECOND_SIGNER, content)
    if forge_first:
        # A SignerInfo whose signature value was not made by its key (last byte changed).
        value = bytearray(first["signature"].native)
        value[-1] ^= 0x01
        first["signature"] = bytes(value)
    return signed_data([first, second], [SIGNER, SECOND_SIGNER])


def build() -> Manifest:
    fresh_folder(OUT)
    m = Manifest(OUT)

    def add(name: str, data: bytes, expect: str, codes: list[str], absent: list[str], why: str):
        write(OUT, name, data)
        m.add(name, expect, codes, why, absent=absent)

    base_why = ("Report (score %d) in the hand-written uncompressed layout, signed by testdata/pki/%s in a "
                "hand-written incremental update. " % (GENUINE_SCORE, SIGNER))
    tampered_why = ("Then '(Sesame Score: %d)' changed to '%d' in place inside the first signed range."
                    % (GENUINE_SCORE, FORGED_SCORE))

    # adbe.pkcs7.sha1
    sha1_sig = sign_revision(signature_revision(report(0), b"adbe.pkcs7.sha1"),
                             checked(pkcs7_sha1, econtent_of=lambda parts: hashlib.sha1(b"".join(parts)).digest()))
    add("pkcs7-sha1.pdf", sha1_sig, "review", ["SIG_WEAK_ALGORITHM", "TEST_ISSUER"],
        ["SIG_VALID", "SIG_CRYPTO_INVALID", "SIG_DIGEST_MISMATCH", "SIG_UNSUPPORTED", "SIG_BYTERANGE_INVALID"],
        base_why + "/SubFilter adbe.pkcs7.sha1: the CMS (SHA-256, signed attributes) encapsulates the SHA-1 digest "
        "of the ByteRange as its eContent (openssl cms -verify accepts it, and its eContent is that digest). "
        "Intact, but the document is bound by SHA-1: SIG_WEAK_ALGORITHM (warn), never pass.")
    add("pkcs7-sha1-tampered.pdf", tamper(sha1_sig), "fail", ["SIG_DIGEST_MISMATCH"], ["SIG_VALID"],
        "The previous file. " + tampered_why + " The eContent no longer is the SHA-1 digest of the ranges.")

    # adbe.x509.rsa_sha1
    x509_sig = sign_revision(signature_revision(report(1), b"adbe.x509.rsa_sha1", cert_array()), x509_rsa_sha1)
    add("x509-rsa-sha1.pdf", x509_sig, "review", ["SIG_WEAK_ALGORITHM", "TEST_ISSUER"],
        ["SIG_VALID", "SIG_CRYPTO_INVALID", "SIG_DIGEST_MISMATCH", "SIG_UNSUPPORTED", "SIG_BYTERANGE_INVALID"],
        base_why + "/SubFilter adbe.x509.rsa_sha1: /Contents is a DER OCTET STRING holding a PKCS#1 v1.5 SHA-1 "
        "signature over the ByteRange (openssl dgst -sha1 -verify accepts it), /Cert the signer and intermediate "
        "certificates. Intact but weak (SHA-1): SIG_WEAK_ALGORITHM, review.")
    add("x509-rsa-sha1-tampered.pdf", tamper(x509_sig), "fail", ["SIG_CRYPTO_INVALID"], ["SIG_VALID"],
        "The previous file. " + tampered_why + " The PKCS#1 value no longer verifies over the ranges.")

    # BER with indefinite lengths
    def ber(parts: list[bytes]) -> bytes:
        der = detached()(parts)
        out = indefinite(der)
        assert out[:2] == b"\x30\x80"
        check_cms(out, parts)
        return out

    add("ber-indefinite.pdf", sign_revision(signature_revision(report(2), b"adbe.pkcs7.detached"), ber), "pass",
        ["SIG_VALID", "TEST_ISSUER"], ["SIG_CRYPTO_INVALID", "SIG_CONTENTS_TRAILING_DATA"],
        base_why + "adbe.pkcs7.detached whose ContentInfo, [0] and SignedData are written in BER with indefinite "
        "lengths closed by end-of-contents octets, as streaming signers write them (openssl cms -verify accepts "
        "it). CMS allows BER; only the signed attributes must be DER.")

    # no signed attributes
    add("no-signed-attrs.pdf", sign_revision(signature_revision(report(3), b"adbe.pkcs7.detached"),
                                             checked(detached(signed_attrs=False))), "pass",
        ["SIG_VALID", "TEST_ISSUER"], ["SIG_CRYPTO_INVALID", "SIG_WEAK_ALGORITHM"],
        base_why + "adbe.pkcs7.detached, RSA-2048 with SHA-256, without signed attributes (ISO 32000 allows it): "
        "the signature value is over the ByteRange's digest itself (openssl cms -verify accepts it). No signed "
        "signing time, so /M is the claimed time.")

    # %%EOF glued to the next object
    unsigned = report(4)
    glued = glue_eof(signature_revision(unsigned, b"adbe.pkcs7.detached"), len(unsigned))
    glued_sig = sign_revision(glued, checked(detached()))
    assert b"%%EOF1 0 obj" in glued_sig
    add("eof-glued.pdf", glued_sig, "pass", ["SIG_VALID", "TEST_ISSUER"],
        ["SIG_MISSING", "SIG_BYTERANGE_INVALID", "SIG_NOT_WHOLE_FILE"],
        base_why + "The report's '%%EOF' has no end of line after it: the signature's revision starts on the same "
        "line ('%%EOF1 0 obj'), as some writers append. The signature (and the revision holding it) must be found.")

    # two SignerInfos
    add("two-signer-infos.pdf", sign_revision(signature_revision(report(5), b"adbe.pkcs7.detached"),
                                              checked(two_signers)), "pass",
        ["SIG_VALID", "SIG_SIGNER_INFOS", "TEST_ISSUER"], ["SIG_CRYPTO_INVALID", "SIG_MULTIPLE"],
        base_why + "One CMS with two SignerInfos over the same bytes, testdata/pki/%s and %s (openssl cms -verify "
        "accepts both). Each is verified on its own and both are intact: SIG_SIGNER_INFOS (info) says so; it is "
        "one signature, not two." % (SIGNER, SECOND_SIGNER))
    add("two-signer-infos-first-forged.pdf",
        sign_revision(signature_revision(report(6), b"adbe.pkcs7.detached"),
                      lambda parts: two_signers(parts, forge_first=True)), "fail",
        ["SIG_CRYPTO_INVALID", "SIG_SIGNER_INFOS"], ["SIG_VALID"],
        base_why + "The same two-SignerInfo CMS, but the SignerInfo of %s carries a signature value its key did "
        "not make (last byte changed) while the other one is genuine. A SignerInfo that does not verify is never "
        "hidden behind one that does: SIG_CRYPTO_INVALID." % SIGNER)

    # ESS signing-certificate-v2
    add("ess-signer-listed-twice.pdf",
        sign_revision(signature_revision(report(7), b"ETSI.CAdES.detached"), checked(detached(ess=[SIGNER, SIGNER]))),
        "pass", ["SIG_VALID", "TEST_ISSUER"], ["SIG_CRYPTO_INVALID"],
        base_why + "ETSI.CAdES.detached whose signing-certificate-v2 attribute lists the signer certificate twice "
        "(hash and issuerSerial), the form of the ETSI plugtest files DSS keeps (Signature-P-PK7-2.pdf, "
        "DSS-2025.pdf). RFC 5035 asks only that the first ESSCertID name the signer; OpenSSL 3.0 refuses the "
        "list ('ess cert id wrong order'), docverify checks the RFC's rule.")
    other = sign_revision(signature_revision(report(8), b"ETSI.CAdES.detached"),
                          detached(ess=[SECOND_SIGNER, SIGNER]))
    add("ess-names-other-certificate.pdf", other, "fail", ["SIG_CRYPTO_INVALID"], ["SIG_VALID"],
        base_why + "ETSI.CAdES.detached whose signing-certificate-v2 attribute names testdata/pki/%s first (the "
        "signer second): the signed attributes bind another certificate than the one the signature verifies "
        "with, the certificate substitution the attribute exists to stop." % SECOND_SIGNER)

    # bytes after the CMS inside /Contents
    junk = b"JUVYS4L+8S3hhDRPjwf+8PPlwaUHE7Zcg2BeyYksoesZMQ7COfkjS"  # printable, as in DSS-2155.pdf
    add("contents-trailing.pdf",
        sign_revision(signature_revision(report(9), b"adbe.pkcs7.detached"),
                      lambda parts: checked(detached())(parts) + junk), "pass",
        ["SIG_VALID", "SIG_CONTENTS_TRAILING_DATA", "TEST_ISSUER"], ["SIG_CRYPTO_INVALID"],
        base_why + "After the complete DER CMS (which openssl cms -verify accepts), /Contents holds %d printable "
        "bytes before its zero padding, as DSS-2155.pdf does. They are outside the CMS and signed by nothing, so "
        "they change nothing the signature proves: pass, with SIG_CONTENTS_TRAILING_DATA (info) saying they are "
        "there." % len(junk))

    # the signature dictionary written again in a later revision
    signed = signing.sign(report(10), SIGNER, at=ISSUED)
    # pyHanko writes the signature dictionary as the object whose /ByteRange comes last.
    at = signed.rindex(b"/ByteRange")
    number = int(re.findall(rb"(\d+) 0 obj", signed[:at])[-1])
    body = latest_object(signed, number)
    assert b"/Reason" in body
    add("sigdict-copied-after-signing.pdf", append_update(signed, {number: body}), "fail",
        ["SIG_NOT_WHOLE_FILE", "SIG_DICTIONARY_COPIES"], ["SIG_BYTERANGE_INVALID", "SIG_MULTIPLE"],
        "Report (score %d) signed by testdata/pki/%s with pyHanko; a later revision rewrites the signature "
        "dictionary's object %d unchanged (same /ByteRange, /Contents and fields), as catalog or field rewrites "
        "do (DSS-2601.pdf). The same signature, judged once (SIG_DICTIONARY_COPIES), not a wrapped one or a "
        "second; the report still changed after signing (SIG_NOT_WHOLE_FILE, the strict profile)."
        % (GENUINE_SCORE, SIGNER, number))
    spoofed = re.sub(rb"/Reason\s*\((?:[^()\\]|\\.)*\)", b"/Reason (Approved by the consulate)", body, count=1)
    assert spoofed != body
    add("sigdict-reason-replaced-after-signing.pdf", append_update(signed, {number: spoofed}), "fail",
        ["SIG_BYTERANGE_INVALID", "SIG_NOT_WHOLE_FILE"], ["SIG_DICTIONARY_COPIES"],
        "The same report, but the later revision rewrites the signature dictionary with its /Reason replaced "
        "(the spoofing of DSS's pades-spoofing-replaced-reason.pdf): not a copy, a dictionary whose gap is not its "
        "own /Contents (SIG_BYTERANGE_INVALID).")

    # an empty eContent in a detached signature
    def empty_econtent(parts: list[bytes]) -> bytes:
        der = signed_data([signer_info(SIGNER, b"".join(parts))], [SIGNER], econtent=b"")
        assert bytes.fromhex("a0020400") in der, "no empty eContent"
        check_cms(der, parts)
        return der

    add("econtent-empty.pdf", sign_revision(signature_revision(report(11), b"adbe.pkcs7.detached"), empty_econtent),
        "pass", ["SIG_VALID", "TEST_ISSUER"], ["SIG_CRYPTO_INVALID", "SIG_DIGEST_MISMATCH"],
        base_why + "adbe.pkcs7.detached whose EncapsulatedContentInfo carries an eContent that is an empty OCTET "
        "STRING (as the second signature of mkl's 3-HD-LAO-DONG contract does; Adobe and Foxit accept it, openssl cms "
        "-verify over the detached bytes too). It encapsulates nothing: read as detached content.")

    other_text = b"Sesame Score: %d (a document the signer never saw)" % FORGED_SCORE

    def other_econtent(parts: list[bytes]) -> bytes:
        der = signed_data([signer_info(SIGNER, other_text)], [SIGNER], econtent=other_text)
        check_cms(der, None, econtent=other_text)
        return der

    add("econtent-other-bytes.pdf", sign_revision(signature_revision(report(12), b"adbe.pkcs7.detached"), other_econtent),
        "fail", ["SIG_CRYPTO_INVALID"], ["SIG_VALID"],
        base_why + "adbe.pkcs7.detached whose CMS encapsulates other bytes than the document (a genuine signature over "
        "them: openssl cms -verify accepts the CMS over its own eContent). A detached PDF signature with content is "
        "refused; its messageDigest is not the ByteRange's digest either.")

    # digestAlgorithms that omit the SignerInfo's digest
    def sha1_listed(parts: list[bytes]) -> bytes:
        info = signer_info(SIGNER, b"".join(parts))
        # Independently: the same SignerInfo in a container that lists SHA-256 verifies.
        check_cms(signed_data([info], [SIGNER]), parts)
        return signed_data([info], [SIGNER], digest_algorithms=["sha1"])

    digestalgs = sign_revision(signature_revision(report(13), b"adbe.pkcs7.detached"), sha1_listed)
    add("digestalgs-sha1-listed.pdf", digestalgs, "pass", ["SIG_VALID", "TEST_ISSUER"],
        ["SIG_CRYPTO_INVALID", "SIG_WEAK_ALGORITHM"],
        base_why + "adbe.pkcs7.detached whose SignedData.digestAlgorithms lists only SHA-1 while its SignerInfo uses "
        "SHA-256 (as pdf.js's signed_verified.pdf). The set is unsigned and advisory; OpenSSL's CMS_verify stops on "
        "'no matching digest' (the same SignerInfo in a container listing SHA-256 verifies with openssl cms -verify).")
    add("digestalgs-sha1-listed-tampered.pdf", tamper(digestalgs), "fail", ["SIG_DIGEST_MISMATCH"], ["SIG_VALID"],
        "The previous file. " + tampered_why + " The advisory set does not excuse a changed document.")

    # a gap of the hex digits only
    add("byterange-digits-only.pdf",
        sign_revision(signature_revision(report(14), b"adbe.pkcs7.detached"), checked(detached()), digits_only=True),
        "pass", ["SIG_VALID", "TEST_ISSUER"], ["SIG_BYTERANGE_INVALID", "SIG_CRYPTO_INVALID"],
        base_why + "Its /ByteRange leaves only the hex digits of /Contents unsigned: the '<' and '>' around them are "
        "inside the signed ranges (as pdf.js's signed_verified.pdf). Nothing but this dictionary's own signature "
        "digits is unsigned.")

    # plain r || s ECDSA
    def plain(oid: str, *, forge: bool = False):
        def make(parts: list[bytes]) -> bytes:
            info = signer_info("signer-p256", b"".join(parts), plain_ecdsa_oid=oid)
            check_plain_ecdsa(info, "signer-p256")
            if forge:
                value = bytearray(info["signature"].native)
                value[-1] ^= 0x01
                info["signature"] = bytes(value)
            return signed_data([info], ["signer-p256"])
        return make

    p256_why = base_why.replace(SIGNER, "signer-p256")
    add("ecdsa-plain.pdf", sign_revision(signature_revision(report(15), b"ETSI.CAdES.detached"),
                                         plain(ECDSA_PLAIN_SHA256)), "pass", ["SIG_VALID", "TEST_ISSUER"],
        ["SIG_CRYPTO_INVALID", "SIG_UNSUPPORTED"],
        p256_why + "ETSI.CAdES.detached by the P-256 key with signature algorithm ecdsa-plain-SHA256 "
        "(0.4.0.127.0.7.1.1.4.1.3, BSI TR-03111): the value is r || s, 32 bytes each, not DER (it verifies, as DER, "
        "with the signer's key). DSS validates this form; docverify converts it and verifies it.")
    add("ecdsa-plain-forged.pdf", sign_revision(signature_revision(report(16), b"ETSI.CAdES.detached"),
                                                plain(ECDSA_PLAIN_SHA256, forge=True)), "fail",
        ["SIG_CRYPTO_INVALID"], ["SIG_VALID", "SIG_UNSUPPORTED"],
        p256_why + "The same form, its plain value's last byte changed: a value the key did not make.")
    add("ecdsa-plain-under-ec-oid.pdf", sign_revision(signature_revision(report(17), b"ETSI.CAdES.detached"),
                                                      plain("1.2.840.10045.2.1")), "review",
        ["SIG_NONSTANDARD_ENCODING", "SIG_VALID"], ["SIG_UNSUPPORTED", "SIG_CRYPTO_INVALID"],
        p256_why + "A plain r || s value under the EC public-key OID (1.2.840.10045.2.1), which names the DER "
        "form (as mkl's sample_signed_ecdsa.pdf). It verifies as plain r || s, but validators disagree (Adobe "
        "accepts it, iText, pyHanko and poppler refuse it): docverify verifies it as plain r || s and says the "
        "form is nonstandard: SIG_NONSTANDARD_ENCODING (warn), review.")

    # ESS signing-certificate (v1) whose issuer Name is wrapped in one more SEQUENCE
    def ess_v1(hashed: str):
        def make(parts: list[bytes]) -> bytes:
            attribute = ess_v1_attribute(certificate(SIGNER), certificate(hashed))
            return signed_data([signer_info(SIGNER, b"".join(parts), extra_attrs=[attribute])], [SIGNER])
        return make

    add("ess-v1-issuer-unparseable.pdf",
        sign_revision(signature_revision(report(18), b"adbe.pkcs7.detached"), checked(ess_v1(SIGNER))), "pass",
        ["SIG_VALID", "TEST_ISSUER"], ["SIG_CRYPTO_INVALID"],
        base_why + "Its signed ESS signing-certificate (v1) attribute names the signer by SHA-1 hash and issuerSerial, "
        "but the issuer Name is wrapped in one more SEQUENCE (its RDNs are SEQUENCEs, not SETs), as "
        "n2013.00849449.pdf's signer wrote it; OpenSSL, BouncyCastle and pyHanko cannot parse it. The hash (the "
        "binding the attribute exists for) and the serial still name the signer (openssl cms -verify accepts it).")
    add("ess-v1-issuer-unparseable-other-hash.pdf",
        sign_revision(signature_revision(report(19), b"adbe.pkcs7.detached"), ess_v1(SECOND_SIGNER)), "fail",
        ["SIG_CRYPTO_INVALID"], ["SIG_VALID"],
        base_why + "The same malformed attribute, but its certificate hash is testdata/pki/%s's: the tolerance for "
        "an unreadable issuer name never excuses a hash naming another certificate." % SECOND_SIGNER)

    m.write()
    return m


def main(argv: list[str]) -> int:
    m = build()
    print(f"cmsforms: {len(m.entries)} files (evaluation time {NOW_ISO})")
    return 0
