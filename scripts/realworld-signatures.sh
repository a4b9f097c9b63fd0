#!/usr/bin/env bash
# Real-world signed PDFs (testdata/realworld/signatures.tsv: manifest committed, files
# git-ignored; scripts/fetch-realworld.sh extracts them as testdata/realworld/files/sig-*.pdf).
#
# Runs docverify over every file of the manifest that is present and prints, per file: id,
# what it is (valid, valid-weak, valid-lt, valid-lta, unsupported, usage-rights, invalid, attack,
# modified, unreadable),
# the expected verdict without trust anchors, the verdict, and the signature codes among its
# findings (SIG_*, SIGNATURE_*, REVISED_*; `!` marks a fail, `?` a warn). Then the totals
# issue 10 names:
#   - valid signatures with acceptable algorithms rejected (`fail`): must be 0
#     (rows valid, valid-weak, valid-lt, valid-lta, unsupported, usage-rights: never `fail`);
#   - invalid, attack, modified and unreadable files not caught: must be 0 (expect `fail`: must
#     be `fail`; expect `fail/review`: a person must compare revisions, so `fail` or `review`,
#     never `pass`; expect `error`: a file that cannot be read, e.g. encrypted with a password);
#   - PAdES-LTA files (valid-lta): their verdicts without anchors (must be `review`) and, for
#     those with a trust store in testdata/realworld/anchors/<id>/ (git-ignored, made by
#     scripts/realworld-anchors.py MIRROR_ROOT from the file's own root certificates and the
#     certificates testdata/realworld/lta-anchors.tsv names), whether the signature
#     side passes with them (a file that lacks a certificate cannot: signatures.tsv's notes and
#     RealWorldSignatureTests' ltaKnownIssues say which and why).
# Exit 1 on a shortfall unless --report-only; 0 with a message when the files are absent.
#
#   scripts/realworld-signatures.sh [--report-only] [path/to/docverify]   (default .build/release/docverify)
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=realworld-signatures
MANIFEST=testdata/realworld/signatures.tsv
PATTERN="sig-*.pdf"
. scripts/realworld-common.sh
ANCHORS=testdata/realworld/anchors
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT" "$OTHER_ISSUER_STORE"' EXIT
# The exit status says only what the verdicts already say; the verdicts are judged below.
"$BIN" verify --format json --now "$NOW" "${OTHER_ISSUER_FLAGS[@]}" "${files[@]}" > "$OUT/plain.jsonl" || true
# With anchors: each LTA file that has a trust store of its own.
: > "$OUT/anchored.jsonl"
for f in "${files[@]}"; do
    id=$(basename "$f" .pdf)
    if [ -d "$ANCHORS/$id" ]; then
        "$BIN" verify --format json --now "$NOW" --keys "$ANCHORS/$id" "$f" >> "$OUT/anchored.jsonl" || true
    fi
done
python3 - "$MANIFEST" "$OUT/plain.jsonl" "$OUT/anchored.jsonl" "$REPORT_ONLY" <<'PY'
import csv, json, re, sys

manifest_path, plain_path, anchored_path, report_only = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
with open(manifest_path, newline="") as f:
    manifest = {row["id"]: row for row in csv.DictReader(f, delimiter="\t")}

def load(path):
    out = {}
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        v = json.loads(line)
        name = v.get("file", "").rsplit("/", 1)[-1]
        if name.endswith(".pdf"):
            out[name[:-4]] = v
    return out

plain, anchored = load(plain_path), load(anchored_path)
SIG = re.compile(r"^(SIG_|SIGNATURE_|REVISED_)")

def codes(v):
    rank = {"fail": 2, "warn": 1}
    worst = {}
    for f in v.get("findings", []):
        c = f.get("code", "")
        if SIG.match(c):
            worst[c] = max(worst.get(c, 0), rank.get(f.get("severity"), 0))
    return " ".join(c + ("", "?", "!")[r] for c, r in sorted(worst.items()))

def signatures_pass(v):
    found = v.get("findings", [])
    bad = [f for f in found if SIG.match(f.get("code", "")) and f.get("severity") in ("warn", "fail")]
    return not bad and any(f.get("code") == "SIG_VALID" for f in found)

honest = ("valid", "valid-weak", "valid-lt", "valid-lta", "unsupported", "usage-rights")
print(f"{'id':38} {'what':12} {'expect':11} {'verdict':7} signature codes")
rejected, missed, lta_plain_bad, lta_anchor_bad, lta_rows, absent = [], [], [], [], [], []
for id_, row in manifest.items():
    v = plain.get(id_)
    if v is None:
        absent.append(id_)
        continue
    verdict = v.get("verdict", "?")
    print(f"{id_:38} {row['what']:12} {row['expect']:11} {verdict:7} {codes(v)}")
    if row["what"] in honest:
        if verdict != "review" and verdict != "pass":
            rejected.append(f"{id_} ({verdict})")
    else:
        allowed = set(row["expect"].split("/"))
        if verdict not in allowed:
            missed.append(f"{id_} ({verdict}, expected {row['expect']})")
    if row["what"] == "valid-lta":
        a = anchored.get(id_)
        # With its anchors the signature side must pass: SIG_VALID and no signature,
        # timestamp or revision finding at warn or fail. The document verdict may still be
        # review for reasons that are not the signatures' (verdict.md: a PDF that is neither a
        # report nor a statement is UNKNOWN_KIND, warn), so it is shown beside, not judged.
        if a is None:
            shown = "(no anchors)"
        else:
            sig_pass = signatures_pass(a)
            others = sorted({f["code"] for f in a.get("findings", []) if f.get("severity") in ("warn", "fail") and not SIG.match(f.get("code", ""))})
            shown = ("signatures pass" if sig_pass else "signatures not pass: " + codes(a)) + f" (document {a.get('verdict', '?')}" + (f": {' '.join(others)}" if others else "") + ")"
            if not sig_pass:
                lta_anchor_bad.append(id_)
        lta_rows.append(f"{id_}: without anchors {verdict}, with anchors {shown}")
        if verdict != "review":
            lta_plain_bad.append(id_)

n = len(manifest) - len(absent)
print()
print(f"files judged: {n} of {len(manifest)}" + (f" (absent: {', '.join(absent)})" if absent else ""))
print(f"valid signatures with acceptable algorithms rejected: {len(rejected)}" + (f": {', '.join(rejected)}" if rejected else ""))
print(f"invalid/attack/modified/unreadable files not caught: {len(missed)}" + (f": {', '.join(missed)}" if missed else ""))
print(f"PAdES-LTA files: {len(lta_rows)}; not review without anchors: {len(lta_plain_bad)}; signatures not pass with anchors: {len(lta_anchor_bad)}")
for line in lta_rows:
    print("  " + line)
short = rejected or missed or lta_plain_bad or lta_anchor_bad
sys.exit(1 if short and not report_only else 0)
PY
