#!/usr/bin/env python3
"""pyHanko against docverify on the real-world signed PDFs, signature by signature.

    scripts/crosscheck-realworld.py PYHANKO_JSONL DOCVERIFY_JSONL

(run by `scripts/crosscheck-pyhanko.sh --realworld`, which makes both inputs). The question
both tools answer for each signature is the same: is it intact, its value valid and its byte
range the standard one? Each signature is paired by the object number of its dictionary.

pyHanko's answer for a signature:
  intact      intact, valid, coverage ENTIRE_FILE or ENTIRE_REVISION
  broken      not intact, an invalid value, or a nonstandard coverage (UNCLEAR, tail uncovered)
  no answer   pyHanko raised (CMS it refuses to parse, a file it cannot read or decrypt), listed
              no signature, or declined the algorithm (CRYPTO_CONSTRAINTS_FAILURE: SHA-1, Ed448)
docverify's answer, from the findings whose evidence names the signature's object:
  broken      SIG_BYTERANGE_INVALID, SIG_DIGEST_MISMATCH or SIG_CRYPTO_INVALID (fail)
  intact      SIG_VALID, SIG_VALID_UNTRUSTED_ISSUER, or SIG_WEAK_ALGORITHM on an intact value
  no answer   verdict error, or SIG_UNSUPPORTED (an algorithm it does not check)

Later revisions are compared in a second column only: pyHanko accepts form filling and LTV
updates after a signature, docverify leaves every later revision to a person (review) and
fails content changes (REVISED_CONTENT), by design (sesame-report.md, "Signature").

A file where one says intact and the other broken is a disagreement; it is explained when
testdata/realworld/pyhanko-reasons.tsv gives its id a reason. Exit 1 on an unexplained
disagreement, or on a reason whose file now agrees (stale); 0 otherwise.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "testdata/realworld/signatures.tsv"
REASONS = ROOT / "testdata/realworld/pyhanko-reasons.tsv"

BROKEN_CODES = {"SIG_BYTERANGE_INVALID", "SIG_DIGEST_MISMATCH", "SIG_CRYPTO_INVALID"}
INTACT_CODES = {"SIG_VALID", "SIG_VALID_UNTRUSTED_ISSUER"}
STANDARD_COVERAGE = {"ENTIRE_FILE", "ENTIRE_REVISION"}


def rows(path: Path) -> dict[str, dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f, delimiter="\t")}


def by_id(path: str, key) -> dict[str, dict]:
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            record = json.loads(line)
            out[Path(key(record)).stem] = record
    return out


def pyhanko_answer(sig: dict) -> str:
    if "error" in sig:
        return "no answer"
    if not sig["intact"] or (not sig["valid"] and sig.get("trust_problem") != "AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE"):
        return "broken"
    if sig["coverage"] not in STANDARD_COVERAGE:
        return "broken"
    return "intact" if sig["valid"] else "no answer"


def docverify_answers(verdict: dict) -> dict[int | None, str]:
    """Per signature object (None where the finding names none: a file with one signature)."""
    answers: dict[int | None, set[str]] = {}
    for finding in verdict.get("findings", []):
        code, severity = finding.get("code", ""), finding.get("severity")
        evidence = finding.get("evidence") or {}
        obj = evidence.get("object")
        if code in BROKEN_CODES and severity == "fail":
            answers.setdefault(obj, set()).add("broken")
        elif code in INTACT_CODES or (code == "SIG_WEAK_ALGORITHM" and "is intact" in finding.get("message", "")):
            answers.setdefault(obj, set()).add("intact")
        elif code == "SIG_UNSUPPORTED":
            answers.setdefault(obj, set()).add("no answer")
    # A broken finding outweighs anything else said of the same signature.
    return {obj: next(a for a in ("broken", "no answer", "intact") if a in said) for obj, said in answers.items()}


def later_changes(verdict: dict, sigs: list[dict]) -> str:
    levels = sorted({s.get("modification_level") for s in sigs if s.get("modification_level") not in (None, "NONE")})
    codes = {f["code"] for f in verdict.get("findings", []) if f.get("severity") in ("warn", "fail")}
    ours = "REVISED_CONTENT" if "REVISED_CONTENT" in codes else ("updated" if "SIG_UPDATED_AFTER_SIGNING" in codes else "-")
    return f"{'/'.join(levels) or '-'} | {ours}"


def main(pyhanko_path: str, docverify_path: str) -> int:
    manifest = rows(MANIFEST)
    reasons = {id_: row["reason"] for id_, row in rows(REASONS).items()} if REASONS.exists() else {}
    pyhanko = by_id(pyhanko_path, lambda r: r["file"])
    docverify = by_id(docverify_path, lambda r: r["file"])

    table, unexplained, stale = [], [], []
    counts = {"agree": 0, "no common answer": 0, "explained": 0, "DISAGREE": 0}
    for id_ in manifest:
        if id_ not in docverify or id_ not in pyhanko:
            continue
        verdict, judged = docverify[id_], pyhanko[id_]
        ours = docverify_answers(verdict)
        sigs = judged.get("signatures", [])
        pairs = []
        if verdict.get("verdict") == "error":
            pairs = [("file", "no answer" if not sigs else pyhanko_answer(sigs[0]), "no answer")]
        elif not sigs:
            reason = judged.get("error", "no signature listed")
            pairs = [("file", "no answer", ",".join(sorted(set(ours.values()))) or "-")]
            judged = {**judged, "why": reason}
        errors = sorted({sig["error"].split(":")[0] for sig in sigs if "error" in sig})
        if errors:
            judged = {**judged, "why": "pyHanko: " + ", ".join(errors)}
        for sig in sigs:
            obj = sig.get("object")
            mine = ours.get(obj) or (ours.get(None) if len(sigs) == 1 else None) or "not reported"
            pairs.append((str(obj), pyhanko_answer(sig), mine))
        differ = any({a, b} == {"intact", "broken"} for _, a, b in pairs)
        common = any(a == b and a in ("intact", "broken") for _, a, b in pairs)
        if differ:
            status = "explained" if id_ in reasons else "DISAGREE"
            if status == "DISAGREE":
                unexplained.append(id_)
        else:
            status = "agree" if common else "no common answer"
            if id_ in reasons:
                stale.append(id_)
        counts[status] += 1
        answer = "; ".join(f"{obj}: pyHanko {a}, docverify {b}" for obj, a, b in pairs)
        table.append((id_, manifest[id_]["what"], verdict.get("verdict", "?"), answer, later_changes(verdict, sigs), status,
                      reasons.get(id_, judged.get("why", ""))))

    width = max((len(r[0]) for r in table), default=10)
    print(f"{'id':{width}}  {'what':12} {'verdict':7}  per signature (object: pyHanko, docverify)  |  "
          "later revisions (pyHanko | docverify)  |  status  |  reason")
    for id_, what, value, answer, later, status, reason in table:
        print(f"{id_:{width}}  {what:12} {value:7}  {answer}  |  {later}  |  {status}" + (f"  |  {reason}" if reason else ""))
    print(f"\n{len(table)} files: {counts['agree']} agree, {counts['no common answer']} without a common answer, "
          f"{counts['explained']} explained disagreements, {counts['DISAGREE']} unexplained disagreements")
    for id_ in unexplained:
        print(f"DISAGREES: {id_}: no reason in {REASONS.relative_to(ROOT)}", file=sys.stderr)
    for id_ in stale:
        print(f"STALE: {id_}: listed in {REASONS.relative_to(ROOT)} but the tools no longer disagree", file=sys.stderr)
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    sys.exit(main(sys.argv[1], sys.argv[2]))
