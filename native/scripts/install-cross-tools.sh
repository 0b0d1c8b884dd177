#!/usr/bin/env bash
# Installs the cross compilers `npm run prebuilds` needs on a Debian x86-64 machine: arm64 (also
# for the NEON kernel tests, with qemu-user to run them) and MinGW-w64 for win32-x64.
# Safe to run again: it does nothing when all are there. Needs root (or sudo).
set -euo pipefail
if command -v aarch64-linux-gnu-g++ >/dev/null && command -v qemu-aarch64 >/dev/null &&
  command -v x86_64-w64-mingw32-g++-posix >/dev/null; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq g++-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user >/dev/null
$sudo apt-get install -y -qq --no-install-recommends g++-mingw-w64-x86-64 >/dev/null
command -v aarch64-linux-gnu-g++ && command -v qemu-aarch64 && command -v x86_64-w64-mingw32-g++-posix
