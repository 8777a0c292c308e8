#!/usr/bin/env bash
# Fails if a CTest run skipped a test, listing each skip: a Qt Test "SKIP   :" line or a
# script's "SKIP:" line in Testing/Temporary/LastTest.log (every test's whole output), and a
# test that CTest's own summary lists as "(Skipped)" (a SKIP_RETURN_CODE). The only skips
# allowed are those that say they need root ("needs root"), and only when this is not root.
# Usage: scripts/check-skips.sh <LastTest.log> [<ctest console output>]
set -euo pipefail
log=${1:?usage: check-skips.sh <ctest LastTest.log> [<ctest console output>]}
console=${2:-}
[ -f "$log" ] || { echo "check-skips: no CTest log at $log (did ctest run?)" >&2; exit 2; }
allow_root=0
[ "$(id -u)" -eq 0 ] || allow_root=1

# The console's "(Skipped)" lines name the test only: it is allowed when its output allowed it.
skips=$(awk -v allow_root="$allow_root" '
  FNR == 1 { file++ }
  file == 1 && /^[0-9]+\/[0-9]+ Test: / { sub(/^[0-9]+\/[0-9]+ Test: /, ""); test = $0; next }
  file == 1 && /^SKIP *:/ {
    if (allow_root && $0 ~ /needs root/) { allowed[test] = 1; next }
    printf "  %s: %s\n", test, $0
    reported[test] = 1
  }
  file == 2 && /\(Skipped\)/ {
    name = $0; sub(/^[ \t]*[0-9]+ - /, "", name); sub(/ \(Skipped\).*$/, "", name)
    if (!(name in allowed) && !(name in reported)) printf "  %s: skipped (SKIP_RETURN_CODE)\n", name
  }
' "$log" ${console:+"$console"})

if [ -n "$skips" ]; then
  echo "check-skips: a skipped test fails this run (scripts/install-deps.sh installs what they need):"
  echo "$skips"
  exit 1
fi
echo "check-skips: no skipped test"
