"""testdata/timestamps/: RFC 3161 timestamps (issue 10, "Timestamps"), each valid form beside
the attack or the flaw it must not let through:

  report-*           Sesame reports signed by testdata/pki/signer-rsa2048 with a signature
                     timestamp (unsigned attribute id-aa-signatureTimeStampToken over the
                     signature value): from the TEST TSA (proven signing time), from the
                     untrusted TSA, from a certificate without the timeStamping usage, and a
                     token copied from another report's signature.
  expired-signer-*   an expired signer certificate: signer-short-lived (ended 2026-11-12) with
                     a timestamp made on 2026-11-10, while it was valid, saves the signature
                     (`pass` at the evaluation time 2026-11-25, the report 15 days old, and under
                     the 400-day policy of archive-policy.toml); signer-expired (ended
                     2025-12-31) with a timestamp made after it expired does not, whatever
                     signingTime the signer claims.
  statement-*        a bank statement (gen/statements.py, the genuine-en layout) with a
                     document timestamp (/SubFilter /ETSI.RFC3161) only: valid, covered bytes
                     altered, from the untrusted TSA, with a SHA-1 imprint.
  report-document-*  a document timestamp before the report's signature (not a second
                     signature) and a report with a document timestamp but no signature.

The TSA is pyHanko's DummyTimeStamper with the test PKI's `tsa` (or `untrusted-tsa`) key,
genTime fixed, serial numbers seeded, no nonce: a rebuild reproduces every byte. Each manifest
entry lists the codes that must appear ("codes"), those that must not ("absent"), substrings of
the clerk's detail lines ("details"), the only warn/fail codes allowed ("only_warnings"), and
"policy_config" {config, policy, expect}: the verdict under `--config FILE --policy NAME`. Evaluation time 2026-11-25T12:00:00Z, as every set.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import tempfile
from pathlib import Path

import pki
import reports
import signing
from common import CST, NOW_ISO, TESTDATA, Manifest, fresh_folder, frozen, write

OUT = TESTDATA / "timestamps"
UTC = dt.timezone.utc
ISSUED = dt.datetime(2026, 11, 20, 10, 15, 0, tzinfo=CST)
STAMPED = ISSUED + dt.timedelta(seconds=30)  # the TSA answers half a minute after signing
# signer-expired's certificate ends 2025-12-31T23:59:59Z.
IN_TIME = dt.datetime(2025, 12, 10, 9, 0, 0, tzinfo=CST)
# signer-short-lived's certificate ends 2026-11-12T23:59:59Z; the report is signed two days before.
SHORT_LIVED_SIGNED = dt.datetime(2026, 11, 10, 10, 0, 0, tzinfo=CST)
TSA_NAME = "Zhima Credit TEST Time Stamping Authority"
SCORE = 788
ARCHIVE_POLICY = "archive-policy.toml"


# ---------------------------------------------------------------------------------------
# The TEST TSA


def stamper(slug: str, at: dt.datetime, seed: str):
    """pyHanko's DummyTimeStamper acting as the TSA `slug` of the test PKI, its genTime fixed
    at `at`, its certificate chain (roots excluded) embedded in every token."""
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.sign.timestamps import dummy_client

    rng = random.Random(seed)
    # The token's serial number comes from get_nonce (os.urandom): seeded for byte-identical rebuilds.
    dummy_client.get_nonce = lambda: rng.randrange(1 << 62, 1 << 63)
    chain = [load_cert_from_pemder(str(pki.cert_path(s))) for s in pki.chain_of(slug)]
    return dummy_client.DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(pki.cert_path(slug))),
        tsa_key=load_private_key_from_pemder(str(pki.key_path(slug)), passphrase=None),
        certs_to_embed=chain, fixed_dt=at.astimezone(UTC), include_nonce=False)


def sign_with_timestamp(pdf: bytes, slug: str, *, at: dt.datetime, tsa: str = "tsa",
                        stamped: dt.datetime | None = None) -> bytes:
    """The issuer's signature (signingTime `at`) with a signature timestamp from `tsa` made at
    `stamped` (half a minute after `at` unless given)."""
    when = stamped or at + dt.timedelta(seconds=30)
    return signing.sign(pdf, slug, at=at, timestamper=stamper(tsa, when, f"{slug}/{tsa}/{when.isoformat()}"))


def document_timestamp(pdf: bytes, *, tsa: str = "tsa", at: dt.datetime = STAMPED, md: str = "sha256",
                       field: str = "Timestamp1") -> bytes:
    """`pdf` plus an incremental update holding a document timestamp (/Type /DocTimeStamp,
    /SubFilter /ETSI.RFC3161) over the whole file, in an invisible field."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    with frozen(at, f"doc-ts/{tsa}/{at.isoformat()}/{md}"):
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        ts = signers.PdfTimeStamper(stamper(tsa, at, f"doc-ts/{tsa}/{at.isoformat()}"), field_name=field)
        out = ts.timestamp_pdf(writer, md_algorithm=md)
        return out.getvalue()


# ---------------------------------------------------------------------------------------
# A signature timestamp token moved from one signature to another


def _cms_at(pdf: bytes):
    from asn1crypto import cms

    _, a, b, _, _, _ = signing.byte_range(pdf)
    der = bytes.fromhex(pdf[a + 1:b - 1].decode())
    return a, b, cms.ContentInfo.load(der)


def transplant_timestamp(victim: bytes, donor: bytes) -> bytes:
    """`victim` whose SignerInfo's unsigned attributes (its signature timestamp) are replaced
    by `donor`'s: unsigned attributes are covered by no signature, so the victim's signature
    still verifies, but the token stamps the donor's signature value."""
    a, b, victim_cms = _cms_at(victim)
    _, _, donor_cms = _cms_at(donor)
    victim_si = victim_cms["content"]["signer_infos"][0]
    donor_si = donor_cms["content"]["signer_infos"][0]
    assert victim_si["signature"].native != donor_si["signature"].native
    victim_si["unsigned_attrs"] = donor_si["unsigned_attrs"].copy()
    return signing.put_contents(victim, a, b, victim_cms.dump(force=True))


# ---------------------------------------------------------------------------------------
# The documents


def report(n: int, *, issued: dt.datetime = ISSUED, valid_days: int | None = 30) -> bytes:
    r = reports.make_report(60 + n, score=SCORE, issued=issued, report_no=f"ZM{issued:%Y%m%d}{0x7A500000 + n:08X}",
                            assets=False, valid_days=valid_days)
    return reports.layout_raw(r)


def statement() -> bytes:
    """The genuine-en statement of gen/statements.py (same seed, same bytes)."""
    import statements

    st = statements.base_statement("en", 2, n=56)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "statement.pdf"
        statements.render(st, path)
        return path.read_bytes()


def alter_title(pdf: bytes) -> bytes:
    """The statement with its /Title changed in place (same length): covered bytes altered."""
    title = re.search(rb"/Title \((Statement)\)", pdf)
    assert title, "no /Title to alter"
    return pdf[:title.start(1)] + b"Statemenx" + pdf[title.end(1):]


def build() -> Manifest:
    fresh_folder(OUT)
    m = Manifest(OUT)

    def add(name: str, data: bytes, expect: str, codes: list[str], absent: list[str], why: str, **extra):
        write(OUT, name, data)
        m.add(name, expect, codes, why, absent=absent, **extra)

    proven = f"proven by a timestamp from {TSA_NAME}"
    base = ("Report (score %d, issued %s) in the hand-written layout, signed by testdata/pki/signer-rsa2048 "
            "(adbe.pkcs7.detached, signingTime %s) " % (SCORE, ISSUED.isoformat(), ISSUED.isoformat()))

    # Signature timestamps
    genuine = sign_with_timestamp(report(0), "signer-rsa2048", at=ISSUED)
    add("report-signature-timestamp.pdf", genuine, "pass", ["SIG_VALID", "SIG_TIMESTAMP_VALID", "TEST_ISSUER"],
        ["SIG_TIMESTAMP_UNTRUSTED", "SIG_TIMESTAMP_INVALID"],
        base + "with a signature timestamp from the TEST TSA (testdata/pki/tsa, under the intermediate, "
        "extendedKeyUsage timeStamping) 30 s later: the token stamps the signature value and its TSA chains to the "
        "test root, so the signing time is proven, not claimed.",
        details=[f"Signed: 2026-11-20T02:15:30Z ({proven}"])
    add("report-untrusted-tsa.pdf",
        sign_with_timestamp(report(1), "signer-rsa2048", at=ISSUED, tsa="untrusted-tsa"),
        "review", ["SIG_VALID", "SIG_TIMESTAMP_UNTRUSTED"], ["SIG_TIMESTAMP_VALID", "SIG_TIMESTAMP_INVALID"],
        base + "with a signature timestamp from testdata/pki/untrusted-tsa (under the untrusted root): the token is "
        "intact but nobody here vouches for its TSA, so it cannot be relied on (warn) and the signing time stays "
        "the signer's claim.",
        details=["Signed: 2026-11-20T02:15:00Z (signingTime attribute, claimed by the signer)"])
    add("report-tsa-without-timestamping-usage.pdf",
        sign_with_timestamp(report(2), "signer-rsa2048", at=ISSUED, tsa="signer-rsa2048"),
        "review", ["SIG_VALID", "SIG_TIMESTAMP_UNTRUSTED"], ["SIG_TIMESTAMP_VALID", "SIG_TIMESTAMP_INVALID"],
        base + "with a signature timestamp signed by the document-signing certificate itself (it chains to the test "
        "root but its extendedKeyUsage is documentSigning and emailProtection, not timeStamping): a certificate may "
        "not vouch for time unless it is issued for that (RFC 3161 §2.3), so the timestamp cannot be relied on.")
    donor = sign_with_timestamp(report(4), "signer-rsa2048", at=ISSUED - dt.timedelta(days=3))
    add("report-timestamp-copied.pdf", transplant_timestamp(sign_with_timestamp(report(3), "signer-rsa2048", at=ISSUED),
                                                          donor),
        "fail", ["SIG_TIMESTAMP_INVALID"], ["SIG_TIMESTAMP_VALID"],
        base + "whose signature timestamp was replaced by the genuine TEST-TSA token of another report's signature "
        "(made three days earlier): unsigned attributes are covered by no signature, so the report's signature "
        "still verifies, but the token's messageImprint is the digest of the other signature value. A backdating "
        "attempt: SIG_TIMESTAMP_INVALID (fail).")

    # An expired signer saved, or not, by the timestamp
    expired_base = ("Signed by testdata/pki/signer-expired (a genuine-chain certificate that ended 2025-12-31), "
                    "signingTime %s, " % IN_TIME.isoformat())
    write(OUT, ARCHIVE_POLICY, b"# A policy that accepts reports up to 400 days old: the expired-signer fixture\n"
          b"# judged on its signature alone (TimestampFixtureTests, policy_config).\n"
          b"[policy.archive]\nmax_report_age_days = 400\n")
    add("expired-signer-timestamped-in-time.pdf",
        sign_with_timestamp(report(5, issued=SHORT_LIVED_SIGNED), "signer-short-lived", at=SHORT_LIVED_SIGNED),
        "pass", ["SIG_VALID", "SIG_TIMESTAMP_VALID", "TEST_ISSUER"],
        ["SIG_CERT_EXPIRED", "SIG_TIMESTAMP_UNTRUSTED", "SIG_TIMESTAMP_INVALID", "REPORT_STALE"],
        "Signed by testdata/pki/signer-short-lived (a genuine-chain certificate that ended 2026-11-12), signingTime "
        "%s, the report issued that day (valid 30 days), with a signature timestamp from the TEST TSA made 30 s "
        "later, while the certificate was valid. At the evaluation time (2026-11-25) the certificate has expired, "
        "but it is judged at the proven time, so its expiry does not matter (issue 10: an expired signer "
        "certificate saved by a timestamp made in time): no SIG_CERT_EXPIRED, and the 15-day-old report passes "
        "under the default policy as under the 400-day one (%s, policy 'archive'). Before issue 10 was closed this fixture "
        "was signed by signer-expired in 2025 and was review only for its age (REPORT_STALE)."
        % (SHORT_LIVED_SIGNED.isoformat(), ARCHIVE_POLICY),
        details=["Signed: 2026-11-10T02:00:30Z (" + proven], only_warnings=[],
        policy_config={"config": ARCHIVE_POLICY, "policy": "archive", "expect": "pass"})
    add("expired-signer-timestamped-too-late.pdf",
        sign_with_timestamp(report(7), "signer-expired", at=IN_TIME, stamped=ISSUED),
        "fail", ["SIG_CERT_EXPIRED", "SIG_TIMESTAMP_VALID"], [],
        expired_base + "but its signature timestamp (TEST TSA) was made on 2026-11-20, after the certificate "
        "expired: the proven time replaces the claimed one, and the certificate had expired by then "
        "(SIG_CERT_EXPIRED). Without the timestamp the backdated claim would be all there is.",
        details=["Signed: 2026-11-20T02:15:00Z (" + proven])

    # Document timestamps on a statement
    st = statement()
    st_base = ("The genuine-en bank statement of gen/statements.py (unsigned) with a document timestamp "
               "(pyHanko PdfTimeStamper: /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161, invisible field) in an "
               "incremental update over the whole file, ")
    stamped = document_timestamp(st)
    add("statement-document-timestamp.pdf", stamped, "pass", ["SIG_TIMESTAMP_VALID"],
        ["SIG_UNSUPPORTED", "SIGNED_BY_BANK", "SIGNATURE_INVALID", "SIG_TIMESTAMP_INVALID", "SIG_TIMESTAMP_UNTRUSTED"],
        st_base + "from the TEST TSA: it proves the bytes existed at %s; it is no bank signature (no SIGNED_BY_BANK) "
        "and no longer 'cannot be checked' (SIG_UNSUPPORTED)." % STAMPED.astimezone(UTC).isoformat(),
        details=["Timestamped: 2026-11-20T02:15:30Z (document timestamp from " + TSA_NAME])
    add("statement-document-timestamp-altered.pdf", alter_title(stamped), "fail", ["SIG_TIMESTAMP_INVALID"],
        ["SIG_TIMESTAMP_VALID"],
        st_base + "from the TEST TSA, then the statement's /Title changed in place (same length) inside the covered "
        "bytes: the token's messageImprint no longer matches the ByteRange digest (SIG_TIMESTAMP_INVALID, fail).")
    add("statement-document-timestamp-untrusted-tsa.pdf", document_timestamp(st, tsa="untrusted-tsa"), "review",
        ["SIG_TIMESTAMP_UNTRUSTED"], ["SIG_TIMESTAMP_VALID", "SIG_TIMESTAMP_INVALID", "SIG_UNSUPPORTED"],
        st_base + "from testdata/pki/untrusted-tsa: intact, but its TSA is not in the trust store (warn).")
    add("statement-document-timestamp-sha1.pdf", document_timestamp(st, md="sha1"), "review",
        ["SIG_TIMESTAMP_UNTRUSTED"], ["SIG_TIMESTAMP_VALID", "SIG_TIMESTAMP_INVALID"],
        st_base + "from the TEST TSA with a SHA-1 message imprint (and SHA-1 token signature): intact, but SHA-1 no "
        "longer proves anything, so it cannot be relied on (warn).")

    # Document timestamps on a report
    add("report-document-timestamp-then-signed.pdf",
        signing.sign(document_timestamp(report(8), at=ISSUED - dt.timedelta(minutes=2)), "signer-rsa2048", at=ISSUED),
        "pass", ["SIG_VALID", "SIG_TIMESTAMP_VALID", "TEST_ISSUER"], ["SIG_MULTIPLE", "SIG_NOT_WHOLE_FILE"],
        "Report (score %d) with a document timestamp from the TEST TSA, then signed over the whole file by "
        "testdata/pki/signer-rsa2048: two signature dictionaries, but the document timestamp is no signature, so "
        "the report carries exactly one (no SIG_MULTIPLE)." % SCORE)
    add("report-document-timestamp-only.pdf", document_timestamp(report(9)), "fail", ["SIG_MISSING",
                                                                                    "SIG_TIMESTAMP_VALID"],
        ["SIG_VALID", "SIG_MULTIPLE"],
        "Report (score %d) with a valid document timestamp from the TEST TSA and no signature: a timestamp proves "
        "when the bytes existed, not who wrote them, so the report is unsigned (SIG_MISSING, fail)." % SCORE)

    for entry in m.entries:
        entry["pyhanko"] = pyhanko_view(OUT / entry["file"])
    m.write()
    return m


def pyhanko_view(path: Path) -> list[str]:
    """pyHanko 0.38's judgement of each signature and timestamp in `path` (trust: the test root,
    as gen/pyhanko_check.py; validation time the fixtures' evaluation time): for a signature its
    intact/valid/trusted and its signature timestamp's, for a document timestamp its own. Its
    plain validation judges the signer's certificate at the validation time, not at the
    timestamp's time (the expired signer is 'not trusted' there); the timestamp verdicts are
    what docverify must agree with."""
    import io
    import logging

    import pyhanko_check
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)

    def flags(status) -> str:
        return ",".join(f"{'' if getattr(status, k) else 'not '}{k}" for k in ("intact", "valid", "trusted"))

    out = []
    for sig in PdfFileReader(io.BytesIO(path.read_bytes()), strict=False).embedded_signatures:
        context = pyhanko_check._context()
        if sig.sig_object.get("/Type") == "/DocTimeStamp":
            out.append("document timestamp: " + flags(validate_pdf_timestamp(sig, validation_context=context)))
            continue
        status = validate_pdf_signature(sig, context, ts_validation_context=pyhanko_check._context(),
                                        key_usage_settings=usage)
        ts = status.timestamp_validity
        out.append("signature: " + flags(status) + ("; its timestamp: " + flags(ts) if ts is not None else ""))
    return out


def main(argv: list[str]) -> int:
    m = build()
    print(f"timestamps: {len(m.entries)} files (evaluation time {NOW_ISO})")
    return 0
