#!/usr/bin/env bash
# Measured accuracy of the bank-statement checks over the generated fixture sets.
#
# Runs the built docverify over every file in testdata/statements and testdata/layouts
# (each set's manifest.json says what each file should give) and prints, per finding code:
# how many variants should trigger it, how many did, and how many genuine statements
# (expect "pass") it flagged; then every file whose verdict or codes differ from the
# manifest, and every genuine statement whose fields.arithmetic.method differs from the
# manifest's `arithmetic` (where the manifest has one). Exit status 1 when any file differs.
#
#   scripts/statement-accuracy.sh [path/to/docverify]     (default: .build/debug/docverify)
#   STATEMENT_SET="testdata/layouts" scripts/statement-accuracy.sh    (one set, or several separated by spaces)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-${DOCVERIFY_BIN:-.build/debug/docverify}}"
SETS="${STATEMENT_SET:-testdata/statements testdata/layouts}"
if [ ! -x "$BIN" ]; then
    echo "statement-accuracy: no docverify binary at $BIN (build first: swift build)" >&2
    exit 2
fi
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
files=()
manifests=()
for SET in $SETS; do
    if [ ! -f "$SET/manifest.json" ]; then
        echo "statement-accuracy: no $SET/manifest.json (rebuild: .venv/bin/python testdata/generate.py)" >&2
        exit 2
    fi
    manifests+=("$SET/manifest.json")
    while IFS= read -r f; do files+=("$SET/$f"); done < <(python3 -c "import json,sys; [print(e['file']) for e in json.load(open(sys.argv[1]))]" "$SET/manifest.json")
done
. scripts/other-issuer-store.sh
"$BIN" verify --format json --now 2026-11-25T12:00:00Z "${OTHER_ISSUER_FLAGS[@]}" "${files[@]}" > "$OUT" || true
rm -rf "$OTHER_ISSUER_STORE"
python3 - "$OUT" "${manifests[@]}" <<'PY'
import json, os, sys, collections

def key(path):
    # "<set folder>/<file>": the same file name may occur in two sets
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:])

manifest = {}
for m in sys.argv[2:]:
    folder = os.path.basename(os.path.dirname(m))
    for e in json.load(open(m)):
        manifest[f"{folder}/{e['file']}"] = e
verdicts = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    v = json.loads(line)
    verdicts[key(v["file"])] = v
should = collections.Counter(); did = collections.Counter(); genuine_flag = collections.Counter()
mismatches = []
method_mismatches = []
genuine = [f for f, e in manifest.items() if e["expect"] == "pass"]
for f, e in manifest.items():
    v = verdicts.get(f)
    if v is None:
        mismatches.append(f"{f}: no verdict"); continue
    got = {x["code"] for x in v.get("findings", []) if x.get("severity") in ("warn", "fail")}
    if e["expect"] == "pass":
        for c in got: genuine_flag[c] += 1
    for c in e["codes"]:
        should[c] += 1
        if c in got: did[c] += 1
    missing = [c for c in e["codes"] if c not in got]
    if v.get("verdict") != e["expect"] or missing:
        extra = sorted(got - set(e["codes"]))
        mismatches.append(f"{f}: expected {e['expect']} {e['codes']}, got {v.get('verdict')} missing={missing} other={extra}")
    if e["expect"] == "pass" and "arithmetic" in e:
        method = ((v.get("fields") or {}).get("arithmetic") or {}).get("method")
        if method != e["arithmetic"]:
            method_mismatches.append(f"{f}: arithmetic {method!r}, expected {e['arithmetic']!r}")
codes = sorted(set(should) | set(genuine_flag))
print(f"{'code':28} {'variants':>8} {'caught':>7} {'genuine flagged':>16}")
for c in codes:
    print(f"{c:28} {should[c]:8} {did[c]:7} {genuine_flag[c]:10} / {len(genuine)}")
total_should = sum(should.values()); total_did = sum(did.values())
print(f"{'all codes':28} {total_should:8} {total_did:7} {sum(genuine_flag.values()):10} / {len(genuine)}")
differ = {m.split(":")[0] for m in mismatches}
for folder in sorted({f.split("/")[0] for f in manifest}):
    names = [f for f in manifest if f.startswith(folder + "/")]
    g = [f for f in names if manifest[f]["expect"] == "pass"]
    passed = sum(1 for f in g if verdicts.get(f, {}).get("verdict") == "pass")
    variants = [f for f in names if manifest[f]["expect"] != "pass"]
    caught = sum(1 for f in variants if f not in differ)
    print(f"{folder}: genuine statements passing: {passed}/{len(g)}; variants flagged with their code: {caught}/{len(variants)}")
passed = sum(1 for f in genuine if verdicts.get(f, {}).get("verdict") == "pass")
print(f"all sets: genuine statements passing: {passed}/{len(genuine)}; forged variants caught with their code: "
      f"{sum(1 for f, e in manifest.items() if e['expect'] != 'pass' and f not in differ)}/{len(manifest) - len(genuine)}")
if mismatches or method_mismatches:
    if mismatches:
        print("\nfiles that differ from the manifest:")
        for m in mismatches: print("  " + m)
    if method_mismatches:
        print("\ngenuine statements whose arithmetic was checked another way than the manifest says:")
        for m in method_mismatches: print("  " + m)
    sys.exit(1)
PY
