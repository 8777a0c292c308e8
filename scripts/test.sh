#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Relive against Qt 6 and against Qt 5.15 + KF5,
# and runs the whole test suite of each. Usage: scripts/test.sh [6|5 ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"

majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(6 5)
jobs=${RELIVE_JOBS:-2}
status=0
for major in "${majors[@]}"; do
  build="$root/build/qt$major"
  echo "== Qt $major: configure and build in $build"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRELIVE_QT_MAJOR="$major"
  cmake --build "$build" -j "$jobs"
  echo "== Qt $major: tests"
  (cd "$build" && QT_QPA_PLATFORM=offscreen ctest -j "$jobs" --output-on-failure --timeout 600) || status=1
done
exit $status
