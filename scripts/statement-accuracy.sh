#!/usr/bin/env bash
# Measured accuracy of the bank-statement checks over the generated fixture set.
#
# Runs the built docverify over every file in testdata/statements (manifest.json says what
# each should give) and prints, per finding code: how many forged variants should trigger it,
# how many did, and how many genuine statements it flagged; then every file whose verdict or
# codes differ from the manifest. Exit status 1 when any file differs.
#
#   scripts/statement-accuracy.sh [path/to/docverify]     (default: .build/debug/docverify)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-${DOCVERIFY_BIN:-.build/debug/docverify}}"
SET="${STATEMENT_SET:-testdata/statements}"
if [ ! -x "$BIN" ]; then
    echo "statement-accuracy: no docverify binary at $BIN (build first: swift build)" >&2
    exit 2
fi
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
files=()
while IFS= read -r f; do files+=("$SET/$f"); done < <(python3 -c "import json,sys; [print(e['file']) for e in json.load(open('$SET/manifest.json'))]")
"$BIN" verify --format json --now 2026-11-25T12:00:00Z "${files[@]}" > "$OUT" || true
python3 - "$SET/manifest.json" "$OUT" <<'PY'
import json, sys, collections
manifest = {e["file"]: e for e in json.load(open(sys.argv[1]))}
verdicts = {}
for line in open(sys.argv[2]):
    v = json.loads(line)
    verdicts[v["file"].split("/")[-1]] = v
should = collections.Counter(); did = collections.Counter(); genuine_flag = collections.Counter()
codes_seen = set()
mismatches = []
genuine = [f for f, e in manifest.items() if e["expect"] == "pass"]
for f, e in manifest.items():
    v = verdicts.get(f)
    if v is None:
        mismatches.append(f"{f}: no verdict"); continue
    got = {x["code"] for x in v["findings"] if x["severity"] in ("warn", "fail")}
    codes_seen |= got
    if e["expect"] == "pass":
        for c in got: genuine_flag[c] += 1
    for c in e["codes"]:
        should[c] += 1
        if c in got: did[c] += 1
    missing = [c for c in e["codes"] if c not in got]
    if v["verdict"] != e["expect"] or missing:
        extra = sorted(got - set(e["codes"]))
        mismatches.append(f"{f}: expected {e['expect']} {e['codes']}, got {v['verdict']} missing={missing} other={extra}")
codes = sorted(set(should) | set(genuine_flag))
print(f"{'code':28} {'variants':>8} {'caught':>7} {'genuine flagged':>16}")
for c in codes:
    print(f"{c:28} {should[c]:8} {did[c]:7} {genuine_flag[c]:10} / {len(genuine)}")
total_should = sum(should.values()); total_did = sum(did.values())
print(f"{'all codes':28} {total_should:8} {total_did:7} {sum(genuine_flag.values()):10} / {len(genuine)}")
passed = sum(1 for f in genuine if verdicts.get(f, {}).get("verdict") == "pass")
print(f"genuine statements passing: {passed}/{len(genuine)}; forged variants caught with their code: "
      f"{sum(1 for f, e in manifest.items() if e['expect'] != 'pass' and f not in [m.split(':')[0] for m in mismatches])}/{len(manifest) - len(genuine)}")
if mismatches:
    print("\nfiles that differ from the manifest:")
    for m in mismatches: print("  " + m)
    sys.exit(1)
PY
