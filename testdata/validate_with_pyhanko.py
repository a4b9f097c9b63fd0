#!/usr/bin/env python3
"""pyHanko's judgement of every signed fixture, as JSON lines, for comparison with docverify.

    .venv/bin/python testdata/validate_with_pyhanko.py                 # testdata/sesame and testdata/attacks
    .venv/bin/python testdata/validate_with_pyhanko.py testdata/samples # other folders or files
    .venv/bin/python testdata/validate_with_pyhanko.py --check          # also compare with the manifests

One line per file: {"file", "signatures": [{"field", "intact", "valid", "trusted", "coverage",
"modification_level", "docmdp_ok", "bottom_line", "trust_problem", "md_algorithm", "summary"}],
"strict_ok", "accepts", "error"?}, plus "expect_sig_valid" and "pyhanko_gap" from the manifest.

Trust: testdata/pki/root.cert.pem (= keys/test-sesame-root.pem) as the only root, the test
intermediate as another certificate, the intermediate's CRL (keys/test-sesame.crl.pem),
soft-fail revocation, no network, validation time 2026-11-25T12:00:00Z.

Reading: docverify's SIG_VALID on a report ⇔ pyHanko "strict_ok" (exactly one signature,
intact, valid, trusted, coverage ENTIRE_FILE). "accepts" is pyHanko's own bottom line, which
also allows later revisions it considers harmless. With --check, a file where either differs
from its manifest (SIG_VALID listed or not) and that is not marked "pyhanko_gap": true is an
error (exit 1). Known gaps (reference pdf-signature-anchors.md §1.4, §6): bytes appended
without an xref (ISA-2) and metadata-only updates are accepted by pyHanko; docverify's report
policy accepts no change after signing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "gen"))

import pyhanko_check  # noqa: E402


def manifest_entries(folder: Path) -> dict[str, dict]:
    path = folder / "manifest.json"
    if not path.exists():
        return {}
    return {e["file"]: e for e in json.loads(path.read_text(encoding="utf-8"))}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="pyHanko's view of the signed fixtures")
    parser.add_argument("paths", nargs="*", help="folders or PDF files (default: testdata/sesame testdata/attacks)")
    parser.add_argument("--check", action="store_true", help="fail on unexplained disagreement with the manifests")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.paths] or [HERE / "sesame", HERE / "attacks"]

    problems = []
    for path in paths:
        folder = path if path.is_dir() else path.parent
        entries = manifest_entries(folder)
        files = sorted(folder.glob("*.pdf")) if path.is_dir() else [path]
        if entries and path.is_dir():
            files = [folder / name for name in entries]  # manifest order
        for file in files:
            judged = pyhanko_check.judge(file)
            entry = entries.get(file.name)
            if entry is not None:
                expected = "SIG_VALID" in entry["codes"]
                judged["expect_sig_valid"] = expected
                judged["pyhanko_gap"] = bool(entry.get("pyhanko_gap"))
                disagrees = judged["strict_ok"] != expected or judged["accepts"] != expected
                if disagrees and not judged["pyhanko_gap"]:
                    problems.append(f"{file}: pyHanko strict_ok={judged['strict_ok']} accepts={judged['accepts']}, "
                                    f"manifest expects SIG_VALID={expected}")
            print(json.dumps(judged, ensure_ascii=False), flush=True)
    if args.check:
        for p in problems:
            print("DISAGREES:", p, file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
