"""pyHanko's judgement of a signed PDF, as one JSON-able dict, for comparison with
docverify (testdata/validate_with_pyhanko.py prints it; the generators store a summary
and the `pyhanko_gap` flag in the manifests).

Trust: the test root as the only trust root, the test intermediate as an "other" cert,
the intermediate's CRL (soft-fail revocation, no fetching), key usage digitalSignature or
nonRepudiation, validation time 2026-11-25T12:00:00Z (the manifests' --now).

Comparison rule: docverify's SIG_VALID on a report ⇔ pyHanko sees exactly one signature
that is intact, valid and trusted with coverage ENTIRE_FILE ("strict_ok"). pyHanko's
own acceptance ("accepts": its bottom line, which allows later "harmless" revisions) is
recorded too; where either differs from docverify's expected outcome the manifest says
`"pyhanko_gap": true` and why (docs/signature-checks.md, "Where pyHanko differs": e.g. ISA-2, bytes appended without
an xref, pyHanko accepts).
"""

from __future__ import annotations

import io
from pathlib import Path

import pki
from common import NOW


def _context():
    from asn1crypto import crl as asn1_crl
    from asn1crypto import pem, x509
    from pyhanko_certvalidator import ValidationContext

    def load(path: Path):
        data = path.read_bytes()
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        return data

    root = x509.Certificate.load(load(pki.cert_path("root")))
    intermediate = x509.Certificate.load(load(pki.cert_path("intermediate")))
    crl = asn1_crl.CertificateList.load(load(pki.CRL_PATH))
    return ValidationContext(trust_roots=[root], other_certs=[intermediate], crls=[crl], moment=NOW,
                             allow_fetching=False, revocation_mode="soft-fail")


def judge(path: Path) -> dict:
    """pyHanko's view of every signature in `path`."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    import logging

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    out: dict = {"file": path.name, "signatures": []}
    try:
        reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
        sigs = list(reader.embedded_regular_signatures)
    except Exception as exc:  # pyHanko raises raw exceptions on malformed files (docs/signature-checks.md, "Where pyHanko differs")
        out["error"] = f"{type(exc).__name__}: {str(exc)[:160]}"
        sigs = []
    for sig in sigs:
        entry: dict = {"field": sig.field_name}
        # The signature dictionary's object number, to pair pyHanko's answer with docverify's
        # per-signature findings (their evidence names the object).
        value = sig.sig_field.raw_get("/V")
        if hasattr(value, "idnum"):
            entry["object"] = value.idnum
        try:
            status = validate_pdf_signature(sig, _context(), key_usage_settings=usage)
            entry.update({
                "intact": bool(status.intact), "valid": bool(status.valid), "trusted": bool(status.trusted),
                "coverage": status.coverage.name if status.coverage is not None else None,
                "modification_level": status.modification_level.name if status.modification_level is not None else None,
                "docmdp_ok": status.docmdp_ok, "bottom_line": bool(status.bottom_line),
                "trust_problem": str(status.trust_problem_indic) if status.trust_problem_indic else None,
                "md_algorithm": status.md_algorithm, "summary": status.summary(),
            })
        except Exception as exc:
            entry["error"] = f"{type(exc).__name__}: {str(exc)[:160]}"
        out["signatures"].append(entry)
    sigs_ok = out["signatures"]
    one = len(sigs_ok) == 1 and "error" not in sigs_ok[0] and "error" not in out
    out["strict_ok"] = bool(one and sigs_ok[0]["intact"] and sigs_ok[0]["valid"] and sigs_ok[0]["trusted"]
                            and sigs_ok[0]["coverage"] == "ENTIRE_FILE")
    out["accepts"] = bool(one and sigs_ok[0]["bottom_line"])
    return out


def short(j: dict) -> str:
    """One line for a manifest."""
    if "error" in j and not j["signatures"]:
        return f"no signature read ({j['error']})"
    if not j["signatures"]:
        return "no signature found"
    parts = []
    for s in j["signatures"]:
        if "error" in s:
            parts.append(f"{s['field']}: error {s['error']}")
        else:
            parts.append(f"{s['field']}: {s['summary']} coverage={s['coverage']} mod={s['modification_level']}")
    return "; ".join(parts)


def pdfsig_summary(path: Path) -> str:
    """`pdfsig -nocert FILE` (poppler 22.12) in one line: per signature, its validation and coverage lines."""
    import re
    import subprocess

    done = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, timeout=60)
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    parts = []
    for block in re.split(r"\nSignature #", "\n" + text)[1:]:
        number = block.split(":", 1)[0]
        validation = re.search(r"Signature Validation: (.*)", block)
        coverage = re.search(r"- ((?:Not )?[Tt]otal document signed)", block)
        parts.append(f"#{number}: " + (validation.group(1).rstrip(".") if validation else "?")
                     + (f", {coverage.group(1).lower()}" if coverage else ""))
    if not parts and "does not contain any signatures" in text:
        return "no signatures"
    return "; ".join(parts) or text.strip().splitlines()[-1][:120]


def annotate(manifest_entries: list[dict], folder: Path) -> None:
    """Adds "pyhanko" (summary), "pyhanko_gap" and "pdfsig" to every manifest entry of a signed set."""
    for entry in manifest_entries:
        entry["pdfsig"] = pdfsig_summary(folder / entry["file"])
        j = judge(folder / entry["file"])
        expected_valid = "SIG_VALID" in entry["codes"]
        entry["pyhanko"] = short(j)
        if j["strict_ok"] != expected_valid or j["accepts"] != expected_valid:
            entry["pyhanko_gap"] = True
