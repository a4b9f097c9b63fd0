#!/usr/bin/env python3
"""Builds every docverify test fixture under testdata/ (and the test trust anchor in keys/).

Usage (from the repository root, with the project venv: `make venv`):

    .venv/bin/python testdata/generate.py                 # every set, in order (= make fixtures)
    .venv/bin/python testdata/generate.py --only attacks  # one set (repeatable: --only a --only b)
    .venv/bin/python testdata/generate.py --new-pki       # also replace the committed test PKI keys

Sets (each writes its folder and a manifest.json, see testdata/README.md):

    pki        testdata/pki/: TEST root, document-signing CA, signers, look-alikes, CRL; copies the
               root to keys/test-sesame-root.pem and the CRL to keys/test-sesame.crl.pem.
               Reused as committed unless missing or --new-pki (keys are random).
    sesame     testdata/sesame/: genuine signed reports and policy variants
    attacks    testdata/attacks/: forged and tampered reports (reference §10 recipes), trust failures
    sigforms   testdata/sigforms/: signed reports in shapes that are no change after signing (a UR3
               usage-rights signature, a DSS directly in the catalog, a save before signing), each
               beside the variant that still fails (gen/sigforms.py)
    sm2        testdata/sm2/: reports signed with SM2/SM3 (default and custom distinguishing IDs, a
               wrong ID, tampered, an SM2 chain, the curve OID, no signed attributes, GM/T 0010,
               SM2 with SHA-256); its SM2 test PKI in testdata/pki/sm2/ (made with the openssl CLI)
               and the anchors keys/test-sm2-root.pem, keys/test-sm2-custom-root.pem(.toml)
    timestamps testdata/timestamps/: RFC 3161 signature and document timestamps (TEST TSA, untrusted TSA,
               copied token, an expired signer saved by a timestamp made in time, a timestamped
               statement and its altered copy) (gen/timestamps.py; needs gen/statements.py)
    cmsforms   testdata/cmsforms/: signed reports whose CMS takes a form real files use (adbe.pkcs7.sha1,
               adbe.x509.rsa_sha1, BER, no signed attributes, two SignerInfos, ESS listing the signer
               twice, bytes after the CMS, a glued %%EOF), each beside a tampered or forged variant
               (gen/cmsforms.py)
    ltv        testdata/ltv/: long-term validation (gen/ltv.py): PAdES-LTA reports (DSS with CRL and OCSP,
               document timestamp), the same with content changed in the LTV revision, OCSP responses
               that say revoked (trusted and untrusted responder), the CRL inside the CMS
    latersig   testdata/latersig/: a document signed twice, the second signature in a revision of its own
               (trusted, invisible, untrusted, self-signed, with a page change, a full-page widget, a widget
               over the text; a Sesame report signed twice) (gen/latersig.py)
    malformed  testdata/malformed/: inputs docverify must refuse or survive
    samples    testdata/samples/: the `make demo` set
    statements testdata/statements/: bank statements (gen/statements.py, maintained with the statement
               checks; run only if that module exists)
    furniture  testdata/furniture/: genuine statements with stamps, barcodes, leader dots and button
               labels drawn over their text, and retyped-value forgeries (gen/furniture.py, on the
               statement layouts of gen/statements.py)
    layouts    testdata/layouts/: bank statements in more banks' layouts and producers (gen/layouts.py:
               AU, HK, NL, Indian card, Sparkasse, Swiss, NZ, garbled text, Alipay/WeChat proofs)

Every manifest assumes `docverify verify --now 2026-11-25T12:00:00Z --allow-test-keys --keys keys`.
Needs: the venv (testdata/requirements.txt), poppler-utils (pdftotext, pdfsig), qpdf, and the
WenQuanYi Zen Hei font (Debian fonts-wqy-zenhei) at /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc.

Determinism: reportlab runs in invariant mode, pyHanko with a frozen clock, seeded document IDs and
RFC 6979 ECDSA, and the PKI is reused; only RSA-PSS signatures (random salt) and qpdf's AES
encryption differ byte-wise between rebuilds (their verdicts do not).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "gen"))

ORDER = ["pki", "sesame", "attacks", "sigforms", "sm2", "timestamps", "cmsforms", "ltv", "latersig", "malformed", "samples", "statements", "furniture", "layouts"]


def preflight() -> None:
    from common import CJK_FONT

    missing = [tool for tool in ("pdftotext", "pdfsig", "qpdf") if shutil.which(tool) is None]
    if missing:
        sys.exit(f"generate.py: missing tools {missing} (apt-get install poppler-utils qpdf)")
    if not Path(CJK_FONT).exists():
        sys.exit(f"generate.py: missing {CJK_FONT} (apt-get install fonts-wqy-zenhei)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=ORDER, help="build only this set (repeatable)")
    parser.add_argument("--new-pki", action="store_true", help="generate new test keys and certificates")
    args = parser.parse_args(argv)
    preflight()
    # fontTools reports every table it cannot subset from the WQY collection; not our concern.
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    sets = args.only or ORDER
    if args.new_pki and "pki" not in sets:
        sets = ["pki"] + sets
    for name in sets:
        if name in ("statements", "furniture", "layouts", "timestamps") and not (HERE / "gen" / "statements.py").exists():
            print(f"{name}: gen/statements.py not present, skipped")
            continue
        started = time.monotonic()
        module = importlib.import_module(name)
        extra = ["--new-pki"] if (name == "pki" and args.new_pki) else []
        status = module.main(extra)
        if status:
            return status
        print(f"  ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
