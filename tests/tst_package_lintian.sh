#!/usr/bin/env bash
# tst_package_lintian: lintian finds no error in the .deb, and each warning it gives is one
# the README lists with the reason it is accepted. Usage: tst_package_lintian.sh PACKAGES_DIR README
set -uo pipefail

packages=$1 readme=$2
command -v lintian >/dev/null || { echo "FAIL: lintian is not installed (scripts/install-deps.sh installs it)"; exit 1; }
debs=("$packages"/relive_*.deb)
[ -f "${debs[0]}" ] || { echo "FAIL: no .deb in $packages (tst_package_build makes it)"; exit 1; }

# Every tag, not the first few of each (lintian's default display limit).
out=$(lintian --tag-display-limit 0 "${debs[0]}" 2>&1)
status=$?
echo "$out"
failures=0
errors=$(grep -c '^E: ' <<<"$out")
if [ "$errors" -gt 0 ]; then
  echo "FAIL: lintian reports $errors error(s)"
  failures=$((failures + 1))
fi
# lintian's own failures (it could not unpack or run a check) print no E: line.
if [ "$status" -ne 0 ] && [ "$errors" -eq 0 ]; then
  echo "FAIL: lintian exited with $status"
  failures=$((failures + 1))
fi
# "W: relive: <tag> [details]": each tag must be in the README's table of accepted warnings.
for tag in $(sed -n 's/^W: [^:]*: \([^ ]*\).*/\1/p' <<<"$out" | sort -u); do
  if grep -q -- "| \`$tag\` |" "$readme"; then
    echo "PASS: warning $tag is accepted in the README"
  else
    echo "FAIL: warning $tag is not in the README's table of accepted lintian warnings"
    failures=$((failures + 1))
  fi
done
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
