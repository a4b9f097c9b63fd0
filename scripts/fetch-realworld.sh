#!/usr/bin/env bash
# Extracts the real-world files listed in testdata/realworld/statements.tsv (bank statements)
# and testdata/realworld/signatures.tsv (signed PDFs, ids prefixed `sig-`) from snapshots of
# the public repositories that hold them, into the git-ignored testdata/realworld/files/<id>.pdf.
#
#   scripts/fetch-realworld.sh MIRROR_ROOT
#
# MIRROR_ROOT holds one git directory per repository, laid out as MIRROR_ROOT/OWNER+NAME/repo
# (a bare clone works: `git clone --mirror https://github.com/OWNER/NAME MIRROR_ROOT/OWNER+NAME/repo`).
# Several files were deleted from their repository later, so each is looked for in every
# commit that ever touched its path, and the version whose SHA-256 matches the manifest is taken.
#
# Exit status: 0 when every file present in a snapshot was written (files whose repository or
# blob is missing are listed, and skipped); 1 when a file was found but no version of it has
# the manifest's SHA-256 (a snapshot that differs from the one the manifest describes); 64 on
# usage errors.
#
# These files carry real people's names and account numbers: never commit them, their text,
# or output that quotes them (testdata/realworld/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: scripts/fetch-realworld.sh MIRROR_ROOT   (MIRROR_ROOT/OWNER+NAME/repo are git directories)" >&2
    exit 64
fi
ROOT=$1
OUT=testdata/realworld/files
mkdir -p "$OUT"

# extract MANIFEST LABEL: every row of MANIFEST (id, repository, path, sha256, ...) into $OUT/<id>.pdf.
extract() {
    local MANIFEST=$1 label=$2
    local written=0 present=0 missing_repo=0 missing_file=0
    declare -A repo_reported=()
    while IFS=$'\t' read -r id repo path sha _rest; do
        [ "$id" = id ] && continue
        [ -n "$id" ] || continue
        git_dir="$ROOT/${repo/\//+}/repo"
        if [ ! -d "$git_dir" ]; then
            if [ -z "${repo_reported[$repo]:-}" ]; then
                echo "missing repository: $repo (expected a git directory at $git_dir)" >&2
                repo_reported[$repo]=1
            fi
            missing_repo=$((missing_repo + 1))
            continue
        fi
        target="$OUT/$id.pdf"
        if [ -f "$target" ] && [ "$(sha256sum "$target" | cut -d' ' -f1)" = "$sha" ]; then
            present=$((present + 1))
            continue
        fi
        found_any=0 matched=0
        tmp=$(mktemp "$OUT/.fetch.XXXXXX")
        # Every commit that touched the path, newest first; a commit whose blob is absent from the
        # snapshot (large files, LFS) is skipped. Literal pathspecs: some names hold glob
        # characters or parentheses ("rfc6455 (3).pdf").
        while read -r commit; do
            if git --git-dir="$git_dir" cat-file blob "$commit:$path" > "$tmp" 2>/dev/null; then
                found_any=1
                if [ "$(sha256sum "$tmp" | cut -d' ' -f1)" = "$sha" ]; then
                    matched=1
                    break
                fi
            fi
        done < <(git --literal-pathspecs --git-dir="$git_dir" rev-list --all -- "$path" 2>/dev/null || true)
        if [ "$matched" = 1 ]; then
            mv "$tmp" "$target"
            written=$((written + 1))
        else
            rm -f "$tmp"
            if [ "$found_any" = 1 ]; then
                echo "SHA-256 MISMATCH: $id ($repo: $path): no version in the snapshot has $sha" >&2
                mismatch=$((mismatch + 1))
            else
                echo "missing file: $id ($repo: $path) is not in this snapshot (deleted history, LFS, or a file over the snapshot's size limit)" >&2
                missing_file=$((missing_file + 1))
            fi
        fi
    done < "$MANIFEST"

    local total=$(($(grep -c . "$MANIFEST") - 1))
    echo "realworld: $((written + present)) of $total $label in $OUT ($written written, $present already there);" \
        "$missing_repo in repositories not in $ROOT, $missing_file not in their snapshot"
}

mismatch=0
extract testdata/realworld/statements.tsv statements
extract testdata/realworld/signatures.tsv "signed PDFs"
[ "$mismatch" -gt 0 ] && echo "realworld: $mismatch files with a different SHA-256" >&2
[ "$mismatch" -eq 0 ] || exit 1
