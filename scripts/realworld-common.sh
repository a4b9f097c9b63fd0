# Sourced by scripts/realworld-accuracy.sh and scripts/realworld-signatures.sh: their shared
# arguments and checks. Before sourcing, set NAME (for messages), MANIFEST (a TSV whose first
# column is the file id) and PATTERN (the glob that says the fetched files are there).
# Sets REPORT_ONLY, BIN, FILES, NOW and `files` (the manifest's files that are present);
# exits 0 with a note when no file was fetched, 2 when the binary is missing.
REPORT_ONLY=0
if [ "${1:-}" = "--report-only" ]; then REPORT_ONLY=1; shift; fi
BIN="${1:-${DOCVERIFY_BIN:-.build/release/docverify}}"
FILES=testdata/realworld/files
NOW=2026-11-25T12:00:00Z
if [ ! -d "$FILES" ] || ! ls "$FILES"/$PATTERN >/dev/null 2>&1; then
    echo "$NAME: skipped: no files in $FILES (get them with scripts/fetch-realworld.sh MIRROR_ROOT; see testdata/realworld/README.md)"
    exit 0
fi
if [ ! -x "$BIN" ]; then
    echo "$NAME: no docverify binary at $BIN (build first: swift build -c release --static-swift-stdlib)" >&2
    exit 2
fi
files=()
while IFS=$'\t' read -r id _rest; do
    [ "$id" = id ] && continue
    [ -f "$FILES/$id.pdf" ] && files+=("$FILES/$id.pdf")
done < "$MANIFEST"
. scripts/other-issuer-store.sh
