#!/usr/bin/env bash
# Installs the Debian 12 packages Relive needs to build, test and run.
# Idempotent: only missing packages are fetched.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  clang libclang-rt-14-dev lld mold ccache
  qt6-base-dev qt6-base-dev-tools libgl-dev
  qtbase5-dev qtbase5-dev-tools libkf5syntaxhighlighting-dev
  xvfb xauth imagemagick xdotool
  binutils file libssl-dev
  desktop-file-utils appstream groff-base librsvg2-bin lintian
  diffutils patch util-linux
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "relive: installing missing packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
