"""testdata/ltv/: long-term validation (issue 10, PAdES-LT/LTA; sesame-report.md,
"Signature", items 1 and 3).

  lta-*        a signed report followed by a revision that adds a DSS (the chain, the
               intermediate's CRL, an OCSP response for the signer from the delegated
               responder) and a revision with a document timestamp (TEST TSA, invisible
               field): long-term validation data, not a change after signing -- unless the
               DSS revision also changes the page, adds a font or a visible annotation.
  ocsp-*       the same DSS with an OCSP response that says the signer is revoked: from the
               trusted delegated responder (believed: fail), or from a responder outside the
               trust store (not believed: no revocation claim from it).
  adbe-*       the CRL inside the CMS (signed attribute adbe-revocationInfoArchival).

The OCSP responses and the extra CRL are made here (cryptography's OCSPResponseBuilder,
CertificateRevocationListBuilder) with the committed test keys; nothing in testdata/pki
changes. cryptography stamps an OCSP response's producedAt with the wall clock, so files with
one differ byte-wise between rebuilds (their verdicts do not: only the responder certificate's
validity, 2025-2030, is judged at producedAt). testdata/ltv/revocation/ holds bare OCSP
responses and CRLs for the revocation checker's unit tests. Evaluation time 2026-11-25T12:00:00Z, as every set.
"""

from __future__ import annotations

import datetime as dt
import io

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

import pki
import reports
import signing
from common import TESTDATA, Manifest, frozen, fresh_folder, stream_object, write
from sigforms import append_update, latest_object, next_number, pem_to_der, with_catalog_entry, ISSUED

OUT = TESTDATA / "ltv"
UTC = dt.timezone.utc
SCORE = 788
# The DSS is added a day after signing, the archival timestamp an hour later.
DSS_AT = ISSUED + dt.timedelta(days=1)
TIMESTAMP_AT = DSS_AT + dt.timedelta(hours=1)
SIGNER = "signer-rsa2048"
PAGE = 5  # the page object of reports.layout_raw (1 catalog, 6 the page's content stream)


def victim(n: int) -> reports.Report:
    return reports.make_report(60 + n, score=SCORE, issued=ISSUED,
                               report_no=f"ZM20261121{0x52A00000 + n:08X}", assets=False)


def der(slug: str) -> bytes:
    return pem_to_der(pki.cert_path(slug))


def ocsp_response(status: ocsp.OCSPCertStatus, *, responder: str = "ocsp-responder", subject: str = SIGNER,
                  responder_chain: list[str] | None = None) -> bytes:
    """A BasicOCSPResponse for `subject` (issued by the intermediate), signed by `responder`'s key
    and carrying its certificate (and `responder_chain`)."""
    produced = DSS_AT.astimezone(UTC)
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=pki.load_cert(subject), issuer=pki.load_cert("intermediate"), algorithm=hashes.SHA1(),
        cert_status=status, this_update=produced - dt.timedelta(hours=1),
        next_update=produced + dt.timedelta(days=7),
        revocation_time=dt.datetime(2026, 11, 1, tzinfo=UTC) if status == ocsp.OCSPCertStatus.REVOKED else None,
        revocation_reason=x509.ReasonFlags.key_compromise if status == ocsp.OCSPCertStatus.REVOKED else None,
    ).responder_id(ocsp.OCSPResponderEncoding.HASH, pki.load_cert(responder))
    builder = builder.certificates([pki.load_cert(responder)] + [pki.load_cert(s) for s in responder_chain or []])
    response = builder.sign(pki.load_key(responder), hashes.SHA256())
    return response.public_bytes(serialization.Encoding.DER)


def crl_revoking(slug: str) -> bytes:
    """A CRL of the intermediate (signed with its committed key) that lists `slug`."""
    now = ISSUED.astimezone(UTC) - dt.timedelta(days=1)
    revoked = x509.RevokedCertificateBuilder().serial_number(pki.load_cert(slug).serial_number) \
        .revocation_date(dt.datetime(2026, 10, 1, tzinfo=UTC)).build()
    crl = x509.CertificateRevocationListBuilder().issuer_name(pki.load_cert("intermediate").subject) \
        .last_update(now).next_update(now + dt.timedelta(days=3650)).add_revoked_certificate(revoked) \
        .sign(pki.load_key("intermediate"), hashes.SHA256())
    return crl.public_bytes(serialization.Encoding.DER)


def add_dss(pdf: bytes, *, ocsps: list[bytes], crls: list[bytes] | None = None, extra: dict[int, bytes] | None = None,
            page_update: bytes | None = None) -> bytes:
    """`pdf` plus one revision with a /Type /DSS (the chain, the CRLs, the OCSP responses) named
    by the catalog; `extra` objects and a redefined page  go in the same
    revision (the attack variants)."""
    n = next_number(pdf)
    certs = [der(SIGNER), der("intermediate"), der("ocsp-responder")]
    crls = [pem_to_der(pki.CRL_PATH)] if crls is None else crls
    objects: dict[int, bytes] = {}
    refs: dict[str, list[int]] = {"Certs": [], "CRLs": [], "OCSPs": []}
    for key, items in (("Certs", certs), ("CRLs", crls), ("OCSPs", ocsps)):
        for data in items:
            objects[n] = stream_object(data)
            refs[key].append(n)
            n += 1
    arrays = b" ".join(b"/%s [%s]" % (k.encode(), b" ".join(b"%d 0 R" % r for r in v)) for k, v in refs.items() if v)
    objects[n] = b"<< /Type /DSS " + arrays + b" >>"
    objects[1] = with_catalog_entry(latest_object(pdf, 1), b"/DSS %d 0 R" % n)
    for number, body in (extra or {}).items():
        objects[number] = body
    if page_update is not None:
        objects[PAGE] = page_update
    return append_update(pdf, objects)


def timestamp(pdf: bytes) -> bytes:
    """`pdf` plus a document timestamp by the TEST TSA (pyHanko, invisible field)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko.keys import load_private_key_from_pemder, load_cert_from_pemder

    tsa = DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(pki.cert_path("tsa"))),
        tsa_key=load_private_key_from_pemder(str(pki.key_path("tsa")), passphrase=None),
        certs_to_embed=[load_cert_from_pemder(str(pki.cert_path("intermediate")))],
        fixed_dt=TIMESTAMP_AT.astimezone(UTC), include_nonce=False,
    )
    with frozen(TIMESTAMP_AT, "ltv/doc-timestamp"):
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = signers.PdfTimeStamper(tsa, field_name="DocumentTimestamp").timestamp_pdf(writer, "sha256")
        return out.getvalue()


def page_with_annotation(pdf: bytes, annotation: int) -> bytes:
    """The page dictionary with `annotation` appended to its /Annots."""
    import re

    page = latest_object(pdf, PAGE)
    return re.sub(rb"/Annots\s*\[([^\]]*)\]", lambda m: b"/Annots [" + m.group(1).strip() + b" %d 0 R]" % annotation,
                  page, count=1)


def build() -> Manifest:
    fresh_folder(OUT)
    m = Manifest(OUT)
    good = ocsp_response(ocsp.OCSPCertStatus.GOOD)
    revoked = ocsp_response(ocsp.OCSPCertStatus.REVOKED)
    base_why = ("Report (score %d) in the hand-written uncompressed layout, signed by testdata/pki/%s as an "
                "incremental update; " % (SCORE, SIGNER))

    def signed(n: int, slug: str = SIGNER, **kwargs) -> bytes:
        return signing.sign(reports.layout_raw(victim(n)), slug, at=ISSUED, **kwargs)

    def add(name, data, expect, codes, absent, why, **extra):
        write(OUT, name, data)
        m.add(name, expect, codes, why, absent=absent, **extra)

    lta = timestamp(add_dss(signed(0), ocsps=[good]))
    add("lta-pass.pdf", lta, "pass", ["SIG_VALID", "SIG_LTV_UPDATES", "TEST_ISSUER", "SIG_TIMESTAMP_VALID"],
        ["SIG_NOT_WHOLE_FILE", "REVISED_CONTENT", "SIG_MULTIPLE", "SIG_CERT_REVOKED", "SIG_UNSUPPORTED"],
        base_why + "a day later a revision adds a DSS (signer, intermediate and OCSP responder certificates, the "
        "intermediate's CRL, a 'good' OCSP response from the delegated testdata/pki/ocsp-responder), then a "
        "revision adds a document timestamp by the TEST TSA (invisible field). PAdES-LTA: every later revision only "
        "adds long-term validation data (SIG_LTV_UPDATES, info), so the signature counts as covering the whole "
        "file; the document timestamp is verified (SIG_TIMESTAMP_VALID).")

    signed1 = signed(1)
    forged = reports.raw_content(victim(1).derive(score=823))
    changed = add_dss(signed1, ocsps=[good], extra={6: stream_object(forged)})
    add("lta-content-changed.pdf", timestamp(changed), "fail", ["SIG_NOT_WHOLE_FILE", "REVISED_CONTENT"],
        ["SIG_LTV_UPDATES"],
        base_why + "then the DSS revision of the LTA file also replaces the page's content stream (object 6): a "
        "change after signing hidden among validation data, not an LTV update.")

    add("ocsp-revoked.pdf", add_dss(signed(2), ocsps=[revoked]), "fail", ["SIG_CERT_REVOKED", "SIG_LTV_UPDATES"],
        ["SIG_NOT_WHOLE_FILE", "SIG_VALID"],
        base_why + "a DSS revision adds an OCSP response from the trusted delegated responder (OCSPSigning, issued "
        "by the intermediate) that says the signer certificate is revoked (key compromise): believed, the "
        "signature fails (SIG_CERT_REVOKED, naming the OCSP response in the DSS).")

    forged = ocsp_response(ocsp.OCSPCertStatus.REVOKED, responder="untrusted-signer",
                           responder_chain=["untrusted-intermediate"])
    add("ocsp-untrusted-responder.pdf", add_dss(signed(3), ocsps=[forged]), "pass",
        ["SIG_VALID", "SIG_LTV_UPDATES"], ["SIG_CERT_REVOKED", "SIG_NOT_WHOLE_FILE"],
        base_why + "a DSS revision adds an OCSP response for the signer's certificate (right CertID) that says "
        "'revoked', but it is signed by testdata/pki/untrusted-signer, which neither is the CA nor holds a "
        "delegation from it: not believed, so no revocation claim comes from it (the trust store's CRL still "
        "says good).")

    signed4 = signed(4)
    font = next_number(signed4) + 10
    with_font = add_dss(signed4, ocsps=[good], extra={font: b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"},
                        page_update=_add_font_resource(latest_object(signed4, PAGE), font))
    add("dss-with-font.pdf", with_font,
        "fail", ["SIG_NOT_WHOLE_FILE"], ["SIG_LTV_UPDATES"],
        base_why + "a DSS revision that also adds a font to the page's resources: not validation data, so a "
        "change after signing (the strict profile fails it).")

    signed5 = signed(5)
    annot = next_number(signed5) + 10
    appearance = annot + 1
    visible = add_dss(signed5, ocsps=[good], extra={
        annot: b"<< /Type /Annot /Subtype /FreeText /Rect [72 700 300 720] /Contents (Score 823) "
               b"/DA (/Helv 12 Tf 0 g) /AP << /N %d 0 R >> >>" % appearance,
        appearance: stream_object(b"BT /Helv 12 Tf 2 6 Td (Score 823) Tj ET",
                                  b"/Type /XObject /Subtype /Form /BBox [0 0 228 20]"),
    }, page_update=page_with_annotation(signed5, annot))
    add("dss-with-annotation.pdf", visible, "fail", ["SIG_NOT_WHOLE_FILE"], ["SIG_LTV_UPDATES"],
        base_why + "a DSS revision that also adds a visible FreeText annotation (with its appearance) to the page: "
        "what the reader sees changed after signing.")

    # The CRL inside the CMS: pyHanko embeds revocation info as adbe-revocationInfoArchival for
    # adbe.pkcs7.detached when asked to; the CRL here lists the signer (made for this fixture).
    add("adbe-crl-revoked.pdf", _sign_with_adbe_crl(reports.layout_raw(victim(6)), "signer-rsa3072",
                                                    crl_revoking("signer-rsa3072")),
        "fail", ["SIG_CERT_REVOKED"], ["SIG_VALID"],
        "Report (score %d) signed by testdata/pki/signer-rsa3072, whose CMS carries a CRL of the intermediate in "
        "the signed attribute adbe-revocationInfoArchival (1.2.840.113583.1.1.8) listing that certificate "
        "(revoked 2026-10-01, made by gen/ltv.py with the intermediate's committed key): believed after its "
        "signature is checked against the intermediate, so the signature fails (SIG_CERT_REVOKED, naming the CRL "
        "in the signature)." % SCORE)
    add("adbe-crl-good.pdf", _sign_with_adbe_crl(reports.layout_raw(victim(7)), SIGNER, pem_to_der(pki.CRL_PATH)),
        "pass", ["SIG_VALID", "TEST_ISSUER"], ["SIG_CERT_REVOKED", "SIG_REVOCATION_UNKNOWN"],
        base_why.replace("as an incremental update; ", "") + "its CMS carries the intermediate's CRL "
        "(testdata/pki/intermediate.crl.pem) in adbe-revocationInfoArchival: the signer is not listed.")
    m.write()
    write_revocation_items(good, revoked, forged)
    return m


def write_revocation_items(good: bytes, revoked: bytes, untrusted: bytes) -> None:
    """testdata/ltv/revocation/: bare OCSP responses and CRLs (DER) for the unit tests of the
    revocation checker (Tests/DocVerifyTests/RevocationCheckerTests.swift), each about a test-PKI
    signer whose issuer is the intermediate."""
    folder = OUT / "revocation"
    folder.mkdir(parents=True, exist_ok=True)
    # A certificate that claims the intermediate's name, self-made with an unrelated key: a
    # response it signs has the right CertID but is not the CA's.
    fake_key = pki.load_key("untrusted-signer")
    real = pki.load_cert("intermediate")
    fake = x509.CertificateBuilder().subject_name(real.subject).issuer_name(real.subject) \
        .public_key(fake_key.public_key()).serial_number(real.serial_number) \
        .not_valid_before(real.not_valid_before_utc).not_valid_after(real.not_valid_after_utc) \
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.OCSP_SIGNING]), critical=False) \
        .sign(fake_key, hashes.SHA256())
    forged_ca = ocsp.OCSPResponseBuilder().add_response(
        cert=pki.load_cert(SIGNER), issuer=real, algorithm=hashes.SHA1(), cert_status=ocsp.OCSPCertStatus.REVOKED,
        this_update=DSS_AT.astimezone(UTC) - dt.timedelta(hours=1), next_update=DSS_AT.astimezone(UTC) + dt.timedelta(days=7),
        revocation_time=dt.datetime(2026, 11, 1, tzinfo=UTC), revocation_reason=x509.ReasonFlags.key_compromise,
    ).responder_id(ocsp.OCSPResponderEncoding.NAME, fake).certificates([fake]).sign(fake_key, hashes.SHA256())
    stale = ocsp.OCSPResponseBuilder().add_response(
        cert=pki.load_cert(SIGNER), issuer=real, algorithm=hashes.SHA256(), cert_status=ocsp.OCSPCertStatus.GOOD,
        this_update=dt.datetime(2026, 1, 1, tzinfo=UTC), next_update=dt.datetime(2026, 1, 8, tzinfo=UTC),
        revocation_time=None, revocation_reason=None,
    ).responder_id(ocsp.OCSPResponderEncoding.HASH, pki.load_cert("ocsp-responder")) \
        .certificates([pki.load_cert("ocsp-responder")]).sign(pki.load_key("ocsp-responder"), hashes.SHA256())
    forged_crl = x509.CertificateRevocationListBuilder().issuer_name(real.subject) \
        .last_update(dt.datetime(2026, 6, 1, tzinfo=UTC)).next_update(dt.datetime(2035, 1, 1, tzinfo=UTC)) \
        .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(pki.load_cert(SIGNER).serial_number)
                                 .revocation_date(dt.datetime(2026, 3, 1, tzinfo=UTC)).build()) \
        .sign(fake_key, hashes.SHA256())
    items = {
        "ocsp-good.der": good, "ocsp-revoked.der": revoked, "ocsp-untrusted-responder.der": untrusted,
        "ocsp-forged-ca.der": forged_ca.public_bytes(serialization.Encoding.DER),
        "ocsp-stale-good.der": stale.public_bytes(serialization.Encoding.DER),
        "crl-forged.der": forged_crl.public_bytes(serialization.Encoding.DER),
        "crl-revoking-rsa3072.der": crl_revoking("signer-rsa3072"),
    }
    for name, data in items.items():
        (folder / name).write_bytes(data)


def _add_font_resource(page: bytes, font: int) -> bytes:
    import re

    return re.sub(rb"/Font\s*<<", b"/Font << /FX %d 0 R" % font, page, count=1)


def _sign_with_adbe_crl(pdf: bytes, slug: str, crl: bytes) -> bytes:
    """Signs `pdf` (adbe.pkcs7.detached) with `crl` in the signed attribute adbe-revocationInfoArchival
    (pyHanko's own provider for it, given the attribute directly: its pre-signing validation
    would refuse a revoked signer)."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import pdf as asn1_pdf
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigFieldSpec
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers.pdf_cms import GenericPdfSignedAttributeProviderSpec, PdfCMSSignedAttributes

    s = signing.signer(slug)
    s.signed_attr_prov_spec = GenericPdfSignedAttributeProviderSpec(
        attr_settings=PdfCMSSignedAttributes(
            signing_time=ISSUED,
            adobe_revinfo_attr=asn1_pdf.RevocationInfoArchival({"crl": [asn1_crl.CertificateList.load(crl)]})),
        signing_cert=s.signing_cert, signature_mechanism=s.get_signature_mechanism_for_digest, timestamper=None)
    meta = signers.PdfSignatureMetadata(field_name="Signature1", md_algorithm="sha256",
                                        reason="Zhima Credit visa report (TEST issuer)", location="Hangzhou, CN")
    with frozen(ISSUED, f"ltv/adbe/{slug}"):
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = signers.PdfSigner(meta, signer=s, new_field_spec=SigFieldSpec("Signature1", on_page=0)).sign_pdf(writer)
        return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    build()
    return 0
