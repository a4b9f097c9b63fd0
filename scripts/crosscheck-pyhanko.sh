#!/usr/bin/env bash
# Independent cross-check: pyHanko (testdata/validate_with_pyhanko.py) and docverify must
# agree on every signed, tampered and unsigned fixture of testdata/{sesame,attacks,samples}.
#
#   docverify accepts a signature  ⇔  its verdict lists SIG_VALID and no signature failure
#   pyHanko accepts a signature    ⇔  "strict_ok": exactly one signature, intact, valid,
#                                     trusted, covering the entire file (and, separately,
#                                     "accepts": pyHanko's own bottom line)
#
# A file where they differ is an error unless its manifest entry says "pyhanko_gap": true
# (pyHanko accepts bytes appended without an xref and metadata-only updates; docverify's
# report policy accepts no change after signing; docs/signature-checks.md, "Where pyHanko differs").
# Exit 0 when they agree; 1 on any unexplained disagreement; 2 when a tool is missing.
#
# With --realworld, the same two validators judge every real-world signed PDF present in
# testdata/realworld/files (testdata/realworld/signatures.tsv; the files are never committed, so
# without them, as in CI, it says so and exits 0) signature by signature, and
# scripts/crosscheck-realworld.py prints the table: a disagreement (one says intact, the other
# broken) needs its reason in testdata/realworld/pyhanko-reasons.tsv. Exit 1 on an unexplained
# disagreement or a stale reason. It takes minutes (pyHanko on ~190 files), so no test runs it.
#
# Usage: scripts/crosscheck-pyhanko.sh [--realworld]   (DOCVERIFY_BIN, PYTHON override the tools)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DOCVERIFY_BIN:-.build/debug/docverify}
PY=${PYTHON:-.venv/bin/python}
NOW=2026-11-25T12:00:00Z
if [ "${1:-}" = "--realworld" ]; then
    files=()
    while IFS=$'\t' read -r id _rest; do
        [ "$id" = id ] && continue
        [ -f "testdata/realworld/files/$id.pdf" ] && files+=("testdata/realworld/files/$id.pdf")
    done < testdata/realworld/signatures.tsv
    if [ ${#files[@]} -eq 0 ]; then
        echo "crosscheck --realworld: skipped: no real-world signed PDFs in testdata/realworld/files (scripts/fetch-realworld.sh MIRROR_ROOT extracts them)"
        exit 0
    fi
fi
[ -x "$BIN" ] || { echo "crosscheck: $BIN not built (swift build)" >&2; exit 2; }
[ -x "$PY" ] || { echo "crosscheck: $PY missing (make venv)" >&2; exit 2; }
if [ "${1:-}" = "--realworld" ]; then
    OUT=$(mktemp -d)
    . scripts/other-issuer-store.sh
    trap 'rm -rf "$OUT" "$OTHER_ISSUER_STORE"' EXIT
    "$PY" testdata/validate_with_pyhanko.py "${files[@]}" > "$OUT/pyhanko.jsonl"
    # The exit status only restates the verdicts, which are compared below.
    "$BIN" verify --format json --now "$NOW" "${OTHER_ISSUER_FLAGS[@]}" "${files[@]}" > "$OUT/docverify.jsonl" || true
    exec python3 scripts/crosscheck-realworld.py "$OUT/pyhanko.jsonl" "$OUT/docverify.jsonl"
fi
SETS="testdata/sesame testdata/attacks testdata/samples"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

"$PY" testdata/validate_with_pyhanko.py $SETS > "$OUT/pyhanko.jsonl"
files=()
for set in $SETS; do
    while IFS= read -r name; do files+=("$set/$name"); done < <(python3 -c 'import json,sys; [print(e["file"]) for e in json.load(open(sys.argv[1]))]' "$set/manifest.json")
done
"$BIN" verify --format json --now "$NOW" --allow-test-keys --keys keys "${files[@]}" > "$OUT/docverify.jsonl" || true

python3 - "$OUT/pyhanko.jsonl" "$OUT/docverify.jsonl" $SETS <<'PY'
import json, os, sys

pyhanko_lines, docverify_lines, sets = sys.argv[1], sys.argv[2], sys.argv[3:]
manifest = {}
for folder in sets:
    for entry in json.load(open(os.path.join(folder, "manifest.json"))):
        manifest[entry["file"]] = entry
pyhanko = {}
for line in open(pyhanko_lines):
    record = json.loads(line)
    pyhanko[record["file"]] = record
# A signature failure anywhere in the verdict means docverify does not accept the signature.
SIGNATURE_FAILURES = {
    "SIG_MISSING", "SIG_BYTERANGE_INVALID", "SIG_NOT_WHOLE_FILE", "SIG_DIGEST_MISMATCH", "SIG_CRYPTO_INVALID",
    "SIG_UNTRUSTED", "SIG_CERT_EXPIRED", "SIG_CERT_REVOKED", "SIG_KEY_USAGE", "SIG_WEAK_ALGORITHM",
    "SIG_MULTIPLE", "SIG_UNSUPPORTED", "SIG_UPDATED_AFTER_SIGNING", "SIG_REVOCATION_UNKNOWN",
}
rows, problems, gaps = [], [], []
for line in open(docverify_lines):
    verdict = json.loads(line)
    name = os.path.basename(verdict["file"])
    codes = {f["code"] for f in verdict["findings"]}
    ours = "SIG_VALID" in codes and not (codes & SIGNATURE_FAILURES)
    theirs = pyhanko.get(name)
    if theirs is None:
        problems.append(f"{name}: pyHanko gave no line")
        continue
    gap = bool(manifest.get(name, {}).get("pyhanko_gap"))
    agree_strict = ours == theirs["strict_ok"]
    agree_bottom = ours == theirs["accepts"]
    status = "agree" if agree_strict and agree_bottom else ("known gap" if gap else "DISAGREE")
    first = theirs["signatures"][0] if theirs["signatures"] else {}
    sig = first.get("summary") or first.get("error") or theirs.get("error") or "no signature"
    rows.append((name, verdict["verdict"], ours, theirs["strict_ok"], theirs["accepts"], sig, status))
    if status == "DISAGREE":
        problems.append(f"{name}: docverify accepts={ours} ({verdict['verdict']}, {sorted(codes & (SIGNATURE_FAILURES | {'SIG_VALID'}))}), "
                        f"pyHanko strict_ok={theirs['strict_ok']} accepts={theirs['accepts']} ({sig})")
    elif status == "known gap":
        gaps.append(name)

width = max(len(r[0]) for r in rows)
print(f"{'file':{width}}  verdict  docverify  pyHanko-strict  pyHanko-own  pyHanko summary")
for name, value, ours, strict, own, sig, status in rows:
    print(f"{name:{width}}  {value:7}  {str(ours):9}  {str(strict):14}  {str(own):11}  {sig[:40]:40}  {status}")
print(f"\n{len(rows)} files: {len(rows) - len(problems) - len(gaps)} agree, {len(gaps)} known pyHanko gaps "
      f"({', '.join(gaps) or 'none'}), {len(problems)} disagreements")
for p in problems:
    print("DISAGREES:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
