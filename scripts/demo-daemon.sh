#!/usr/bin/env bash
# The daemon half of `make demo`: drops the sample documents into a fresh spool the way a
# clerk's scanner should (stage as a dot-file, rename in), runs `docverify watch
# --exit-when-idle` over it, and prints the daemon's log and the outbox.
# Usage: scripts/demo-daemon.sh [DOCVERIFY_BINARY] [SPOOL_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/docverify}
SPOOL=${2:-.build/demo-spool}
if [ ! -x "$BIN" ]; then echo "demo-daemon: $BIN is not built (make release)" >&2; exit 1; fi

rm -rf "$SPOOL"
mkdir -p "$SPOOL/inbox/.tmp" "$SPOOL/outbox"
cat > "$SPOOL/docverify.toml" <<'TOML'
[daemon]
settle = 0.2
rescan_interval = 5
TOML
shopt -s nullglob
documents=(testdata/samples/*.pdf testdata/statements/genuine-*.pdf)
if [ ${#documents[@]} -eq 0 ]; then echo "demo-daemon: no sample documents under testdata/" >&2; exit 1; fi
for document in "${documents[@]}"; do
    cp "$document" "$SPOOL/inbox/.tmp/"
    mv "$SPOOL/inbox/.tmp/$(basename "$document")" "$SPOOL/inbox/"
done

echo
echo "== docverify watch --exit-when-idle on $SPOOL (${#documents[@]} documents in the inbox)"
start=$(date +%s.%N)
status=0
"$BIN" watch --inbox "$SPOOL/inbox" --outbox "$SPOOL/outbox" --state "$SPOOL/state" \
    --config "$SPOOL/docverify.toml" --allow-test-keys --keys keys --exit-when-idle 2> "$SPOOL/daemon.log" || status=$?
end=$(date +%s.%N)
echo "-- daemon log (stderr, journald format: <priority>message key=value):"
sed 's/^/   /' "$SPOOL/daemon.log"
printf -- "-- exit status %d after %.2f s; inbox now holds %d document(s)\n" "$status" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" \
    "$(find "$SPOOL/inbox" -maxdepth 1 -type f ! -name '.*' | wc -l)"
echo "-- outbox ($SPOOL/outbox):"
(cd "$SPOOL/outbox" && ls -1 | sed 's/^/   /')
echo "-- verdicts (text form; the JSON form sits next to each):"
for verdict in "$SPOOL"/outbox/*.verdict.txt; do
    sed 's/^/   /' "$verdict"
    echo
done
