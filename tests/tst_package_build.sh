#!/usr/bin/env bash
# tst_package_build: the one documented command's steps (the "package" workflow preset of
# CMakePresets.json) make a .deb, and an .rpm where rpmbuild is installed, whose control
# fields say what Relive needs. The fixture of tst_package_lintian and tst_package_installed.
# Usage: tst_package_build.sh SOURCE_DIR DEVELOPER_BUILD_DIR PACKAGE_BUILD_DIR QT_MAJOR CMAKE CPACK
set -uo pipefail

source_dir=$1 developer_build_dir=$2 build_dir=$3 qt_major=$4 cmake=$5 cpack=$6
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "PASS: $*"; }

preset=package
[ "$qt_major" = 5 ] && preset=package-qt5
packages=$build_dir/packages
rm -rf "$packages"

# The preset's settings, in this test's own folder; -B wins over the preset's binaryDir.
(cd "$source_dir" && "$cmake" --preset "$preset" -B "$build_dir" >"$build_dir.configure.log" 2>&1) \
  || { cat "$build_dir.configure.log"; echo "FAIL: cmake --preset $preset"; exit 1; }
nice -n 5 "$cmake" --build "$build_dir" -j2 >"$build_dir.build.log" 2>&1 \
  || { tail -n 50 "$build_dir.build.log"; echo "FAIL: cmake --build $build_dir"; exit 1; }
if out=$("$cpack" --config "$build_dir/CPackConfig.cmake" -B "$packages" 2>&1); then
  pass "cpack"
else
  echo "$out"; echo "FAIL: cpack"; exit 1
fi

debs=("$packages"/relive_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "FAIL: no single relive_*.deb in $packages"; ls -l "$packages"; exit 1; }
deb=${debs[0]}
pass "made $(basename "$deb")"
if command -v rpmbuild >/dev/null; then
  ls "$packages"/relive-*.rpm >/dev/null 2>&1 && pass "made an .rpm (rpmbuild is installed)" || fail "rpmbuild is installed, but no .rpm was made"
else
  echo "NOTE: rpmbuild is not installed: no .rpm (the RPM generator is only enabled where it is)"
fi

field() { dpkg-deb -f "$deb" "$1"; }
depends=$(field Depends) recommends=$(field Recommends)
echo "Depends: $depends"
echo "Recommends: $recommends"
qt_dev=qt6-base-dev qt_core=libqt6core6
[ "$qt_major" = 5 ] && qt_dev=qtbase5-dev qt_core=libqt5core5a
# dpkg-shlibdeps' part (the libraries the binaries link) and the plugin builders' part.
for needed in "$qt_core" libc6 libstdc++6 cmake ninja-build "g++ | clang" "$qt_dev"; do
  grep -qF -- "$needed" <<<"$depends" && pass "Depends on $needed" || fail "Depends lacks $needed"
done
for recommended in clang mold ccache; do
  grep -qw -- "$recommended" <<<"$recommends" && pass "Recommends $recommended" || fail "Recommends lacks $recommended"
done

# A developer build's binaries look for the SDK in their build tree: cpack refuses it.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if out=$("$cpack" --config "$developer_build_dir/CPackConfig.cmake" -G DEB -B "$scratch" 2>&1); then
  fail "cpack packaged a developer build"
elif grep -q "developer build" <<<"$out"; then
  pass "cpack refuses a developer build, saying why"
else
  fail "cpack failed on the developer build for another reason: $out"
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
