#!/usr/bin/env bash
# tst_appcommandline: `relive --version` and `relive --help` answer where there is no display
# (a server, an SSH session, a package check): no QT_QPA_PLATFORM, no DISPLAY, no
# WAYLAND_DISPLAY. Usage:
#   tst_appcommandline.sh RELIVE VERSION
set -uo pipefail

relive=$1 version=$2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "PASS: $*"; }
without_display() { env -u QT_QPA_PLATFORM -u DISPLAY -u WAYLAND_DISPLAY "$@"; }
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

out=$(without_display "$relive" --version 2>"$errors")
status=$?
if [ "$status" -eq 0 ] && [ "$out" = "relive $version" ]; then
  pass "relive --version without a display: $out"
else
  fail "relive --version without a display: exit $status, stdout '$out', stderr: $(cat "$errors")"
fi

for option in --help -h; do
  out=$(without_display "$relive" "$option" 2>"$errors")
  status=$?
  if [ "$status" -eq 0 ] && grep -q '^Usage: ' <<<"$out" && grep -q -- '--restore-session <file>' <<<"$out" \
     && grep -q -- '--examples' <<<"$out"; then
    pass "relive $option without a display"
  else
    fail "relive $option without a display: exit $status, stdout '$out', stderr: $(cat "$errors")"
  fi
done

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
