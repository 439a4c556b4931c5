#!/usr/bin/env bash
# Installs Debian's redis-server for the two-host test's Redis variant, only when it is missing (a few seconds).
# Never fails the test run: without redis-server that variant is skipped with a message saying so.
set -uo pipefail

if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get install -y --no-install-recommends redis-server >/dev/null 2>&1 \
    || { $SUDO apt-get update >/dev/null 2>&1 && $SUDO apt-get install -y --no-install-recommends redis-server >/dev/null 2>&1; }; }; then
  echo "redis-server could not be installed: the Redis variant of the two-host test will be skipped" >&2
  exit 0
fi
# Debian's package starts a system service on 6379; the tests start their own on a free port and need none.
$SUDO systemctl disable --now redis-server >/dev/null 2>&1 || $SUDO service redis-server stop >/dev/null 2>&1 || true
redis-server --version
