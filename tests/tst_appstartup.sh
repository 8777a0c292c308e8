#!/usr/bin/env bash
# tst_appstartup: the app's three start forms, with the real `relive` binary (offscreen):
#   relive WORKSPACE   opens WORKSPACE;
#   relive             opens the last workspace used;
#   relive --examples  opens the example workspace (a writable copy in the data folder).
# The observable result is the app's own log line `relive.workspace: opened workspace PATH`,
# written when the window shows the workspace. Settings and data live in a temporary home.
# Usage:
#   tst_appstartup.sh RELIVE
set -uo pipefail

relive=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "PASS: $*"; }

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
home=$(realpath "$home")
export HOME=$home XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_CACHE_HOME=$home/cache
export QT_QPA_PLATFORM=offscreen QT_MESSAGE_PATTERN='%{category}: %{message}'
unset QT_LOGGING_RULES

# Workspaces with nothing to compile: opening one configures it in a second.
make_workspace() {
  mkdir -p "$1"
  printf 'cmake_minimum_required(VERSION 3.16)\nproject(%s NONE)\n' "$(basename "$1")" >"$1/CMakeLists.txt"
}
first=$home/first second=$home/second examples=$home/bundled-examples
make_workspace "$first"; make_workspace "$second"; make_workspace "$examples"
touch "$examples/marker.txt"
export RELIVE_EXAMPLES_DIR=$examples
# The user trusted both workspaces before (else the app asks, in a dialog).
mkdir -p "$XDG_CONFIG_HOME/Relive"
printf '[workspaces]\ntrusted=%s, %s\n' "$first" "$second" >"$XDG_CONFIG_HOME/Relive/relive.conf"

# start ARGS...: runs relive until it logs the workspace it opened (120 s at most), then ends it
# as Ctrl+C would (timeout passes the SIGTERM on; SIGKILL 20 s later); prints the path it opened.
start() {
  local log=$home/log opened= i pid
  : >"$log"
  timeout -k 20 300 "$relive" "$@" >"$log" 2>&1 &
  pid=$!
  for i in $(seq 1200); do
    opened=$(sed -n 's/^relive\.workspace: opened workspace //p' "$log" | head -n1)
    [ -n "$opened" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  [ -n "$opened" ] || { echo "relive $* opened no workspace; its output:" >&2; cat "$log" >&2; }
  echo "$opened"
}

check() { # NAME EXPECTED ACTUAL
  if [ "$3" = "$2" ]; then pass "$1: opened $3"; else fail "$1: expected '$2', opened '$3'"; fi
}

check "relive WORKSPACE" "$second" "$(start "$second")"
check "relive WORKSPACE" "$first" "$(start "$first")"
# The last one used is the first, not the second (opened before it) nor the examples.
check "relive (no argument): the last workspace" "$first" "$(start)"
check "relive --examples" "$XDG_DATA_HOME/Relive/relive/examples" "$(start --examples)"
if [ -f "$XDG_DATA_HOME/Relive/relive/examples/marker.txt" ]; then
  pass "relive --examples copied the bundled examples"
else
  fail "relive --examples: no copy of the bundled examples in $XDG_DATA_HOME/Relive/relive/examples"
fi
# The last workspace used is now the examples' copy; when it is gone, the one before it opens.
rm -rf "$XDG_DATA_HOME/Relive/relive/examples"
check "relive (no argument), the last workspace gone" "$first" "$(start)"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
