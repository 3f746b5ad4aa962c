#!/usr/bin/env bash
# Installs what one command needs on a fresh machine, and nothing more:
#
#   scripts/bootstrap.sh lab    `npm run lab`: the lab's Debian packages, npm ci,
#                               the Pulumi engine and dockerd (the lab's nodes run Docker)
#   scripts/bootstrap.sh test   `npm test` (the default): also the Debian packages cloud-init,
#                               wrk, shellcheck; the policy pack's npm ci; actionlint, the conformance suite, the Kubernetes provider plugin
#   scripts/bootstrap.sh preview  previews with the policy pack (the workflows, `npm run review`):
#                               npm ci of the program and the policy pack, the engine
#
# Idempotent; a step with nothing to do takes a moment. The steps run side by
# side (the Go builds are CPU-bound, apt and npm wait on the network and the
# disk), each step's output goes to a log under the cache, and progress is one
# line per step: what, and how long so far. A failed step shows its log's end.
#
# Environment: DUALSTACK_CACHE (cache root, default ${XDG_CACHE_HOME:-~/.cache}/dualstack).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

target=${1:-test}
log() { printf 'bootstrap: %s\n' "$*" >&2; }
# shellcheck source=scripts/lib/steps.sh
source "$repo/scripts/lib/steps.sh"
STEPS_LOG_DIR="${DUALSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dualstack}/logs/bootstrap"

# What the lab runs: namespaces and links (iproute2), HAProxy, keepalived, the
# readiness probes (curl), process tools, and Docker's runtime for dockerd.
LAB_PACKAGES=(iproute2 iputils-ping haproxy keepalived curl procps psmisc util-linux containerd runc iptables busybox socat containernetworking-plugins)
# What the tests validate and load with besides (shellcheck: actionlint checks
# the workflows' run: scripts with it, and skips them without; python3: the
# lab-linux test's transparent listeners, which Node cannot open).
TEST_PACKAGES=(cloud-init wrk shellcheck python3)

case "$target" in
  lab) packages=("${LAB_PACKAGES[@]}") ;;
  test) packages=("${LAB_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  preview) packages=() ;;
  *) echo "usage: scripts/bootstrap.sh [lab|test|preview]" >&2; exit 2 ;;
esac

missing=()
for pkg in ${packages[@]+"${packages[@]}"}; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})) && [[ $(id -u) -ne 0 ]]; then
  log "missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}"
  exit 1
fi

apt_install() {
  apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# npm ci of a package directory only when its lockfile changed since the last install.
npm_ci() {
  local dir="$1" hash
  hash=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [[ -f "$dir/node_modules/.dualstack-lock-hash" && $(cat "$dir/node_modules/.dualstack-lock-hash") == "$hash" ]]; then
    echo "$dir: node_modules matches package-lock.json"
    return
  fi
  (cd "$dir" && npm ci --no-fund --no-audit --loglevel=error) && echo "$hash" >"$dir/node_modules/.dualstack-lock-hash"
}
npm_deps() {
  npm_ci . || return
  # The policy pack runs from its own node_modules (policies/package-lock.json).
  [[ "$target" == lab ]] || npm_ci policies
}

log "$target: set-up (logs: $STEPS_LOG_DIR)"
# The Go builds first: they are the long ones (minutes on 2 cores the first time).
step "pulumi engine" bash scripts/pulumi-engine.sh --ensure
[[ "$target" == preview ]] || step "dockerd 28.5" bash scripts/validators/dockerd.sh --ensure
[[ "$target" != test ]] || step "actionlint" bash scripts/validators/actionlint.sh --ensure
[[ "$target" != test ]] || step "conformance suite" bash scripts/validators/conformance.sh --ensure
[[ "$target" != test ]] || step "kubernetes provider 4.25.0" bash scripts/kubernetes-provider.sh --ensure
[[ "$target" != test ]] || step "kubernetes v1.37.2 + etcd v3.7.3" bash scripts/kubernetes.sh --ensure
((${#missing[@]} == 0)) || step "Debian packages (${missing[*]})" apt_install
step "npm ci" npm_deps
steps_wait || { log "$target: set-up failed"; exit 1; }

# Debian's packages may start their own daemons; the lab runs its own instances.
for svc in haproxy keepalived; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then systemctl stop "$svc" || true; fi
done
log "$target: ready in ${SECONDS}s"
