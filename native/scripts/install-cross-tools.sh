#!/usr/bin/env bash
# Installs what the arm64 build and tests need on a Debian x86-64 machine: the cross compiler
# (for `npm run prebuilds` and the NEON kernel tests) and qemu-user (to run those tests).
# Safe to run again: it does nothing when both are there. Needs root (or sudo).
set -euo pipefail
if command -v aarch64-linux-gnu-g++ >/dev/null && command -v qemu-aarch64 >/dev/null; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq g++-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user >/dev/null
command -v aarch64-linux-gnu-g++ && command -v qemu-aarch64
