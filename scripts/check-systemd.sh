#!/usr/bin/env bash
# Static checks of the systemd files in systemd/ (no running systemd needed):
#   1. systemd-analyze verify --recursive-errors=yes on the unit (unknown keys, bad values,
#      misplaced sections fail); a deliberately mistyped copy must fail too, proving the check bites;
#   2. systemd-analyze security --offline=true: exposure must be <= MAX_EXPOSURE (default 2.0);
#      a copy without hardening must fail the same threshold;
#   3. the system calls a worker needs to confine itself (setrlimit, prlimit64, Landlock's)
#      pass the unit's SystemCallFilter= lines as systemd applies them; a copy without the
#      Landlock allowance must fail;
#   4. systemd-sysusers / systemd-tmpfiles --create into a scratch root, and the folder modes.
# Usage: scripts/check-systemd.sh [MAX_EXPOSURE]   (exit status 0 only if everything passes)
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_EXPOSURE=${1:-2.0}
THRESHOLD=$(awk -v e="$MAX_EXPOSURE" 'BEGIN { printf "%d", e * 10 + 0.5 }')   # --threshold is exposure x 10
UNIT=systemd/docverify.service

if ! command -v systemd-analyze >/dev/null; then
    echo "check-systemd: systemd-analyze is missing (apt-get install systemd)" >&2
    exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# verify needs ExecStart= to name an executable file: use the built binary, else /bin/true.
BIN=${DOCVERIFY_BIN:-}
for candidate in "$BIN" .build/debug/docverify .build/release/docverify; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then BIN=$(readlink -f "$candidate"); break; fi
done
[ -x "${BIN:-}" ] || BIN=/bin/true
sed "s|/usr/bin/docverify|$BIN|" "$UNIT" > "$scratch/docverify.service"

fail=0
echo "== systemd-analyze verify $UNIT"
if systemd-analyze verify --man=no --recursive-errors=yes "$scratch/docverify.service"; then
    echo "ok"
else
    echo "FAIL: systemd-analyze verify" >&2; fail=1
fi
mkdir -p "$scratch/typo"
sed 's/^ProtectSystem=strict/ProtectSytem=strict/' "$scratch/docverify.service" > "$scratch/typo/docverify.service"
if systemd-analyze verify --man=no --recursive-errors=yes "$scratch/typo/docverify.service" >/dev/null 2>&1; then
    echo "FAIL: a mistyped key passed verify; the check does not bite" >&2; fail=1
fi

echo "== systemd-analyze security --offline=true (exposure must be <= $MAX_EXPOSURE)"
systemd-analyze security --offline=true "$scratch/docverify.service" | grep -E '✗|Overall' || true
if systemd-analyze security --offline=true --threshold="$THRESHOLD" "$scratch/docverify.service" >/dev/null 2>&1; then
    echo "ok"
else
    echo "FAIL: exposure above $MAX_EXPOSURE" >&2; fail=1
fi
mkdir -p "$scratch/weak"
printf '[Service]\nExecStart=%s watch\n' "$BIN" > "$scratch/weak/docverify.service"
if systemd-analyze security --offline=true --threshold="$THRESHOLD" "$scratch/weak/docverify.service" >/dev/null 2>&1; then
    echo "FAIL: an unhardened unit passed the threshold; the check does not bite" >&2; fail=1
fi

echo "== the worker's confinement calls pass the unit's system call filter"
# A worker that cannot set its limits refuses to judge (WORKER_UNCONFINED); one whose Landlock
# calls fail judges without its read-only confinement. Neither shows at start-up.
WORKER_CALLS="setrlimit prlimit64 landlock_create_ruleset landlock_add_rule landlock_restrict_self prctl close_range"
# The system calls of a set, nested sets expanded (a plain name is itself).
members() {
    case $1 in
    @*) systemd-analyze syscall-filter "$1" | awk 'NR > 1 && $1 !~ /^#/ { print $1 }' | while read -r m; do members "$m"; done ;;
    *) echo "$1" ;;
    esac
}
# The calls the unit's SystemCallFilter= lines allow, in systemd's order: an allow line adds
# its calls, a ~ line removes them (every line here follows the first, an allow list).
allowed_calls() {
    local allowed="" value item call deny
    while read -r value; do
        deny=0
        case $value in "~"*) deny=1; value=${value#\~} ;; esac
        for item in $value; do
            for call in $(members "$item"); do
                if [ $deny = 1 ]; then allowed=$(printf '%s\n' $allowed | grep -vx -- "$call" || true); else allowed="$allowed $call"; fi
            done
        done
    done < <(sed -n 's/^SystemCallFilter=//p' "$1")
    printf '%s\n' $allowed | sort -u
}
refused() { comm -23 <(printf '%s\n' $WORKER_CALLS | sort -u) <(allowed_calls "$1") | tr '\n' ' '; }
missing=$(refused "$UNIT")
if [ -z "$missing" ]; then echo "ok"; else echo "FAIL: the unit's filter refuses $missing" >&2; fail=1; fi
grep -v '^SystemCallFilter=landlock' "$UNIT" > "$scratch/no-landlock.service"
if [ -z "$(refused "$scratch/no-landlock.service")" ]; then
    echo "FAIL: a unit without the Landlock allowance passed; the check does not bite" >&2; fail=1
fi

echo "== sysusers.d and tmpfiles.d into a scratch root"
root="$scratch/root"
mkdir -p "$root/etc/sysusers.d" "$root/etc/tmpfiles.d"
cp systemd/docverify.sysusers "$root/etc/sysusers.d/docverify.conf"
cp systemd/docverify.tmpfiles "$root/etc/tmpfiles.d/docverify.conf"
: > "$root/etc/passwd"; : > "$root/etc/group"
if command -v systemd-sysusers >/dev/null && command -v systemd-tmpfiles >/dev/null; then
    systemd-sysusers --root="$root" >/dev/null 2>&1
    systemd-tmpfiles --create --root="$root" >/dev/null 2>&1 || true
    grep -q '^docverify:' "$root/etc/passwd" || { echo "FAIL: user docverify not created" >&2; fail=1; }
    grep -q '^docverify-clerks:.*docverify' "$root/etc/group" || { echo "FAIL: docverify not in docverify-clerks" >&2; fail=1; }
    # Verdicts inherit the clerks' group from the outbox's staging folder.
    clerks=$(awk -F: '$1 == "docverify-clerks" { print $3 }' "$root/etc/group")
    for path in /var/spool/docverify/outbox /var/spool/docverify/state/tmp; do
        [ "$(stat -c '%g' "$root$path")" = "$clerks" ] || { echo "FAIL: $path is not in group docverify-clerks" >&2; fail=1; }
    done
    while read -r path mode; do
        actual=$(stat -c '%a' "$root$path" 2>/dev/null || echo missing)
        if [ "$actual" != "$mode" ]; then echo "FAIL: $path is $actual, expected $mode" >&2; fail=1; fi
    done <<'MODES'
/var/spool/docverify/inbox 3770
/var/spool/docverify/inbox/.tmp 3770
/var/spool/docverify/outbox 2750
/var/spool/docverify/state 750
/var/spool/docverify/state/tmp 2700
/var/spool/docverify/state/work 700
MODES
    [ $fail -eq 0 ] && echo "ok"
else
    echo "skipped: systemd-sysusers/systemd-tmpfiles not installed"
fi

if [ $fail -ne 0 ]; then echo "check-systemd: FAILED" >&2; exit 1; fi
echo "check-systemd: all checks passed"
