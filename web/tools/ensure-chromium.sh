#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests, only when it is missing.
# Safe to run repeatedly. Needs root (or sudo) when it has to install.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium
/usr/bin/chromium --version
