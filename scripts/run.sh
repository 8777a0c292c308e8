#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Relive (Qt 6) and starts the app on the bundled
# example workspace. Extra arguments go to the app.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build="$root/build/qt6"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRELIVE_QT_MAJOR=6
cmake --build "$build" -j "${RELIVE_JOBS:-2}"
exec "$build/app/relive" --examples "$@"
