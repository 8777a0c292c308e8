#!/usr/bin/env bash
# tst_packaging: the desktop integration passes its validators, and `cmake --install` puts every
# file a package needs in place. Usage:
#   tst_packaging.sh SOURCE_DIR BUILD_DIR APP_ID VERSION CMAKE RELIVE RELIVE_CLI
# The validators are installed by scripts/install-deps.sh: a missing one is a failure.
set -uo pipefail

source_dir=$1 build_dir=$2 app_id=$3 version=$4 cmake=$5 relive=$6 relive_cli=$7
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "PASS: $*"; }

for tool in desktop-file-validate appstreamcli groff dpkg-parsechangelog; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/install-deps.sh installs it)"
done
[ "$failures" -eq 0 ] || exit 1

desktop=$source_dir/packaging/$app_id.desktop
metainfo=$source_dir/packaging/$app_id.metainfo.xml

# Warnings count too: desktop-file-validate exits 0 on them, so its output must be empty.
if out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ]; then
  pass "desktop-file-validate"
else
  fail "desktop-file-validate: $out"
fi

# appstreamcli exits non-zero on errors and warnings; infos and pedantic notes pass.
if out=$(appstreamcli validate --no-net --explain "$metainfo" 2>&1); then
  pass "appstreamcli validate --no-net"
  echo "$out" | sed 's/^/  /'
else
  fail "appstreamcli validate --no-net: $out"
fi

# The versions a release bumps together.
grep -q "<release version=\"$version\"" "$metainfo" || fail "metainfo has no <release> for $version"
# The changelog is Debian's (the package is native): dpkg must read it, newest entry first.
changelog_version=$(dpkg-parsechangelog -l "$source_dir/packaging/changelog" -S Version 2>&1)
[ "$changelog_version" = "$version" ] || fail "changelog: the newest entry is not $version: $changelog_version"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
  || fail "metainfo does not launch $app_id.desktop"

prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
if out=$("$cmake" --install "$build_dir" --prefix "$prefix/usr" 2>&1); then
  pass "cmake --install"
else
  fail "cmake --install: $out"
fi
usr=$prefix/usr

expect_file() {
  if [ -f "$usr/$1" ]; then pass "installed $1"; else fail "not installed: $1"; fi
}
expect_file bin/relive
expect_file bin/relive-cli
expect_file include/relive/liveplugin.h
expect_file include/relive/pluginhost.h
expect_file include/relive/pluginstatus.h
expect_file include/relive/relive_core_export.h
# The SDK is the public headers only: the in-tree helpers' headers (core/private) are not
# installed, and every installed header includes only headers that are.
for private in elfinspector.h librarymappings.h mocdeclarations.h private; do
  [ ! -e "$usr/include/relive/$private" ] || fail "installed, but not part of the SDK: include/relive/$private"
done
for header in "$usr"/include/relive/*.h; do
  for included in $(sed -n 's/^#include ["<]\(relive\/[^">]*\)[">].*/\1/p' "$header"); do
    [ -f "$usr/include/$included" ] || fail "$(basename "$header") includes $included, which is not installed"
  done
done
expect_file share/applications/$app_id.desktop
expect_file share/metainfo/$app_id.metainfo.xml
expect_file share/icons/hicolor/scalable/apps/$app_id.svg
# Compressed, as Debian wants them (lintian: uncompressed-manpage, changelog-not-compressed).
expect_file share/man/man1/relive.1.gz
expect_file share/man/man1/relive-cli.1.gz
expect_file share/doc/relive/copyright
expect_file share/doc/relive/changelog.gz
expect_file share/relive/examples/CMakeLists.txt
# The library folder depends on the platform (lib, lib64, lib/<triplet>).
find "$usr" -path '*/cmake/Relive/ReliveConfig.cmake' | grep -q . \
  || fail "not installed: the Relive CMake package (ReliveConfig.cmake)"
find "$usr" -name 'librelive-core.so*' | grep -q . || fail "not installed: librelive-core"

# Each PNG in the folder of its size, and of that size (PNG: width, height at bytes 16-23).
for size in 16 32 48 64 128 256; do
  png=share/icons/hicolor/${size}x${size}/apps/$app_id.png
  expect_file "$png"
  [ -f "$usr/$png" ] || continue
  read -r w0 w1 w2 w3 h0 h1 h2 h3 < <(od -An -tu1 -j16 -N8 "$usr/$png")
  width=$(( (w0 << 24) | (w1 << 16) | (w2 << 8) | w3 ))
  height=$(( (h0 << 24) | (h1 << 16) | (h2 << 8) | h3 ))
  [ "$width" -eq "$size" ] && [ "$height" -eq "$size" ] || fail "$png is ${width}x$height"
done

# The installed tree as a software centre sees it: the metainfo finds its desktop file.
if out=$(appstreamcli validate-tree --no-net "$prefix" 2>&1); then
  pass "appstreamcli validate-tree --no-net (the metainfo with its desktop file)"
else
  fail "appstreamcli validate-tree --no-net: $out"
fi

# Man pages: render without a warning, and document every long option of --help.
check_man() { # page, then the command line whose help lists its options
  local page=$usr/share/man/man1/$1.gz out text option
  shift
  [ -f "$page" ] || return
  out=$(zcat "$page" | groff -man -Tutf8 -ww -z 2>&1)
  [ -z "$out" ] && pass "groff renders $(basename "$page")" || fail "groff on $(basename "$page"): $out"
  # The source, not the rendered page, which may break a line at an option's hyphen.
  text=$(zcat "$page" | sed 's/\\-/-/g')
  for option in $("$@" 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -q -- "$option" <<<"$text" || fail "$(basename "$page") does not document $option"
  done
}
export QT_QPA_PLATFORM=offscreen
check_man relive.1 "$relive" --help
check_man relive-cli.1 "$relive_cli" --help # lists the options of every command
# The options must be found at all, or the loop above checked nothing.
"$relive" --help 2>/dev/null | grep -q -- --restore-session || fail "relive --help lists no --restore-session"
"$relive_cli" --help 2>/dev/null | grep -q -- --build-dir || fail "relive-cli --help lists no --build-dir"
"$relive_cli" --help 2>/dev/null | grep -q -- --launcher || fail "relive-cli --help lists no --launcher"

head -n 1 "$usr/share/doc/relive/copyright" 2>/dev/null \
  | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
  || fail "copyright is not in the machine-readable format"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
