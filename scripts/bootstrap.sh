#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: Debian packages,
# npm dependencies and the Pulumi engine. Idempotent; a no-op when all is there.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

# Real tools the lab runs and the tests validate configs with (shellcheck:
# actionlint checks the workflows' run: scripts with it, and skips them without).
APT_PACKAGES=(iproute2 iputils-ping haproxy keepalived curl procps psmisc cloud-init util-linux wrk busybox shellcheck)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "bootstrap: missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "bootstrap: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's packages may start their own daemons; the lab runs its own instances.
for svc in haproxy keepalived; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then systemctl stop "$svc" || true; fi
done

# npm ci only when the lockfile changed since the last install.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f node_modules/.dualstack-lock-hash || $(cat node_modules/.dualstack-lock-hash) != "$lock_hash" ]]; then
  echo "bootstrap: npm ci" >&2
  npm ci --no-fund --no-audit --loglevel=error >&2
  echo "$lock_hash" > node_modules/.dualstack-lock-hash
fi

# The policy pack runs from its own node_modules (policies/package-lock.json).
pack_hash=$(sha256sum policies/package-lock.json | cut -d' ' -f1)
if [[ ! -f policies/node_modules/.dualstack-lock-hash || $(cat policies/node_modules/.dualstack-lock-hash) != "$pack_hash" ]]; then
  echo "bootstrap: npm ci (policies)" >&2
  (cd policies && npm ci --no-fund --no-audit --loglevel=error) >&2
  echo "$pack_hash" > policies/node_modules/.dualstack-lock-hash
fi

# The real Pulumi engine (built once from its Go modules, then cached).
bash scripts/pulumi-engine.sh --ensure >/dev/null
# A real dockerd (Engine 28.5), only to validate rendered daemon.json files.
bash scripts/validators/dockerd.sh --ensure >/dev/null
# actionlint (v1.7.12), to lint the GitHub workflows in the test suite.
bash scripts/validators/actionlint.sh --ensure >/dev/null
