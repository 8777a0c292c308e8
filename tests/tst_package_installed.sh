#!/usr/bin/env bash
# tst_package_installed: the .deb installed on this machine with dpkg, then used with nothing
# but what it installed (PATH=/usr/bin:/bin, a fresh HOME, no RELIVE_DIR, no build tree):
#  - relive --version and relive-cli --version;
#  - the installed example workspace, copied and built against the installed SDK, and
#    relive-cli inspect and relive-cli probe on the counter plugin it makes;
#  - a new plugin project using find_package(Relive) and relive_add_plugin(), watched with
#    relive-cli watch --json, edited, and reloaded with its state, after a trial of the edit in
#    the installed relive-probe;
# then dpkg --purge, after which every path the package installed is as it was before.
# The machine is left as it was found, also on failure (trap). Needs root (dpkg -i): CI runs
# as root; otherwise the test is skipped, saying so (exit 77).
# Usage: tst_package_installed.sh PACKAGES_DIR VERSION
set -uo pipefail

packages=$1 version=$2
skip() { echo "SKIP: $*"; exit 77; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "PASS: $*"; }

[ "$(id -u)" -eq 0 ] || skip "dpkg -i needs root (CI runs as root); run as root to test the installed package"
debs=("$packages"/relive_*.deb)
[ -f "${debs[0]}" ] || { echo "FAIL: no .deb in $packages (tst_package_build makes it)"; exit 1; }
deb=${debs[0]}

# One package install at a time on this machine, whichever build tree's ctest runs it.
exec 9>/tmp/relive-package-test.lock
flock 9
if dpkg-query -W -f='${Status}' relive 2>/dev/null | grep -q "installed"; then
  skip "a relive package is installed on this machine already: this test would replace and then purge it"
fi

work=$(mktemp -d)
installed=0
watch_pid=
cleanup() {
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null && wait "$watch_pid" 2>/dev/null
  [ "$installed" -eq 1 ] && dpkg --purge relive >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# What the package holds, and which of those paths exist before it is installed (shared
# folders such as /usr/bin): after the purge, exactly those must exist again.
dpkg-deb -c "$deb" | awk '{ sub(/^\.\//, "/", $6); sub(/\/$/, "", $6); if ($6 != "") print $6 }' | sort >"$work/contents"
[ "$(grep -c . "$work/contents")" -gt 20 ] || { echo "FAIL: cannot read the contents of $deb"; exit 1; }
while read -r path; do [ -e "$path" ] || [ -L "$path" ] && echo "$path"; done <"$work/contents" >"$work/before"

installed=1
# Another dpkg or apt run (install-deps) may hold dpkg's lock for a while.
for attempt in $(seq 60); do
  out=$(dpkg -i "$deb" 2>&1) && break
  grep -q "lock" <<<"$out" || break
  sleep 2
done
if [ -z "$(dpkg-query -W -f='${Status}' relive 2>/dev/null | grep 'install ok installed')" ]; then
  echo "$out"
  echo "FAIL: dpkg -i (are the Depends installed? scripts/install-deps.sh installs them)"
  exit 1
fi
pass "dpkg -i $(basename "$deb")"
dpkg -L relive | sort >"$work/listed"
[ "$(grep -c . "$work/listed")" -gt 20 ] || fail "dpkg -L relive lists almost nothing"

# Only what was installed: the system's PATH, a HOME of its own, no variable of this build.
home=$work/home
mkdir -p "$home" "$work/runtime"
chmod 700 "$work/runtime"
user() {
  env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 XDG_RUNTIME_DIR="$work/runtime" \
    QT_QPA_PLATFORM=offscreen "$@"
}
for program in relive relive-cli; do
  out=$(cd "$work" && user "/usr/bin/$program" --version 2>&1)
  [ "$out" = "$program $version" ] && pass "$program --version: $out" || fail "$program --version said: $out"
done

# The probe: a helper of the host, off PATH, where the installed relive-core looks for it.
probe=/usr/libexec/relive/relive-probe
[ -x "$probe" ] && pass "$probe is installed" || fail "$probe is not installed (or not executable)"
user sh -c 'command -v relive-probe' >/dev/null && fail "relive-probe is on PATH; it belongs in /usr/libexec/relive"

# The examples as a user gets them: sources, built against the installed SDK.
cp -r /usr/share/relive/examples "$work/examples" && chmod -R u+w "$work/examples"
if out=$(cd "$work" && user cmake -S examples -B examples-build -G Ninja -DCMAKE_BUILD_TYPE=Release 2>&1 \
           && user cmake --build examples-build 2>&1); then
  pass "the installed examples build against the installed SDK"
else
  echo "$out" | tail -n 30
  fail "the installed examples do not build"
fi
counter=$work/examples-build/plugins/counter.so
out=$(cd "$work" && user relive-cli inspect --json "$counter" 2>&1)
if grep -q '"ok":true' <<<"$out" && grep -q '"name":"counter"' <<<"$out"; then
  pass "relive-cli inspect on the example counter: $out"
else
  fail "relive-cli inspect $counter: $out"
fi
# The trial run by hand: the state on stdin, each step, then ok with the state saved again.
out=$(cd "$work" && echo '{"state": {"count": 5}}' | user relive-cli probe "$counter" 2>&1)
if grep -qx 'step createWidget' <<<"$out" && grep -q '^ok {"plugin":"counter","state":{"count":5' <<<"$out"; then
  pass "relive-cli probe on the example counter: $(tail -n 1 <<<"$out")"
else
  fail "relive-cli probe $counter: $out"
fi

# A new plugin in a folder of its own. Its state is a count that the first version sets to
# 41; the second version starts at 0 and says which edition it is, so a reloaded count of 41
# can only be the first generation's state, carried over.
project=$work/hello
mkdir -p "$project"
cat >"$project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.21)
project(hello LANGUAGES CXX)
find_package(Relive REQUIRED)
relive_add_plugin(hello SOURCES hello.cpp METADATA hello.json)
CMAKE
cat >"$project/hello.json" <<'JSON'
{ "Name": "hello", "Version": "1.0.0", "Vendor": "A user" }
JSON
cat >"$project/hello.cpp" <<'CPP'
#include <relive/liveplugin.h>
#include <QtWidgets/QLabel>

class Hello : public QObject, public Relive::LivePlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ReliveLivePlugin_iid FILE "hello.json")
    Q_INTERFACES(Relive::LivePlugin)

public:
    QWidget *createWidget(QWidget *parent) override { return new QLabel(QStringLiteral("Hello"), parent); }
    QVariantMap saveState() const override { return {{QStringLiteral("count"), m_count}, {QStringLiteral("edition"), 1}}; }
    void restoreState(const QVariantMap &state) override { m_count = state.value(QStringLiteral("count")).toInt(); }

private:
    int m_count = 41;
};

#include "hello.moc"
CPP
events=$work/events.jsonl
(cd "$work" && exec env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 XDG_RUNTIME_DIR="$work/runtime" \
   relive-cli watch --json --build-dir "$work/hello-build" "$project" >"$events" 2>"$work/watch.err") &
watch_pid=$!
# Waits for an event line matching $1, as long as a first build on a busy machine may take.
wait_for() {
  local deadline=$((SECONDS + 240))
  while [ $SECONDS -lt $deadline ]; do
    grep -q -- "$1" "$events" && return 0
    grep -q '"event":"build-failed"' "$events" && return 1
    kill -0 "$watch_pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
if wait_for '"event":"loaded"'; then
  pass "relive-cli watch built and loaded the new plugin: $(grep '"event":"loaded"' "$events")"
  sed -i -e 's/int m_count = 41;/int m_count = 0;/' -e 's/"edition"), 1}/"edition"), 2}/' "$project/hello.cpp"
  if wait_for '"event":"reloaded"'; then
    reloaded=$(grep '"event":"reloaded"' "$events" | head -n 1)
    if grep -q '"generation":2' <<<"$reloaded" && grep -q '"count":41' <<<"$reloaded" && grep -q '"edition":2' <<<"$reloaded"; then
      pass "the edit was reloaded with its state: $reloaded"
    else
      fail "reloaded, but not generation 2 with count 41 from edition 2: $reloaded"
    fi
    # Its time says the trial ran: the installed relive-cli found the installed relive-probe.
    grep -q '"probe":' <<<"$reloaded" && pass "the edit was tried in the installed relive-probe first" \
      || fail "the reload has no probe time: was the edit not tried? $reloaded"
  else
    fail "no reloaded event after the edit"
  fi
else
  fail "relive-cli watch did not load the new plugin"
fi
kill -TERM "$watch_pid" 2>/dev/null
wait "$watch_pid"
watch_status=$?
watch_pid=
[ "$watch_status" -eq 0 ] || fail "relive-cli watch exited with $watch_status on SIGTERM"
if [ "$failures" -gt 0 ]; then
  echo "--- events"; cat "$events"; echo "--- stderr"; cat "$work/watch.err"
fi

# Uninstall: nothing of the package is left, and what was there before still is.
if out=$(dpkg --purge relive 2>&1); then
  installed=0
  pass "dpkg --purge relive"
else
  fail "dpkg --purge relive: $out"
fi
diff <(grep -v '^/\.$' "$work/listed") "$work/contents" >/dev/null \
  || echo "NOTE: dpkg -L and the archive differ: $(diff <(grep -v '^/\.$' "$work/listed") "$work/contents" | head -n 5)"
while read -r path; do [ -e "$path" ] || [ -L "$path" ] && echo "$path"; done < <(sort -u "$work/listed" "$work/contents") \
  | grep -v '^/\.$' >"$work/after"
left=$(comm -13 "$work/before" "$work/after")
[ -z "$left" ] && pass "the purge left nothing behind" || fail "left behind after dpkg --purge: $left"
gone=$(comm -23 "$work/before" "$work/after")
[ -z "$gone" ] || fail "gone after dpkg --purge, though there before: $gone"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
