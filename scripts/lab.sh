#!/usr/bin/env bash
# The main job: from a fresh clone, set everything up, bring the local lab up
# with the real Pulumi engine, and check it over both families.
#   scripts/lab.sh          up + check (default)
#   scripts/lab.sh destroy  tear the lab down
# LAB_STACK names the stack (default local); LAB_RUNTIME=kubernetes makes a
# new stack's nodes run a real Kubernetes instead of Docker Engines
# (`npm run lab:kubernetes`: stack local-k8s).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
stack=${LAB_STACK:-local}
runtime=${LAB_RUNTIME:-}

bash scripts/bootstrap.sh lab
pulumi() { bash scripts/pulumi-engine.sh "$@"; }

case "${1:-up}" in
  up)
    # A second lab stack (LAB_STACK=lab2) starts as a copy of the local one:
    # its names, ULA prefix and VRRP ids come from the stack name, so both coexist.
    if [[ ! -f "Pulumi.$stack.yaml" ]]; then
      grep -v '^encryptionsalt:' Pulumi.local.yaml >"Pulumi.$stack.yaml"
      [[ -z "$runtime" ]] || printf '  dualstack:runtime: %s\n' "$runtime" >>"Pulumi.$stack.yaml"
      echo "lab: made Pulumi.$stack.yaml from Pulumi.local.yaml (a lab stack: dualstack:provider local${runtime:+, runtime $runtime})" >&2
    fi
    # A Kubernetes lab runs the upstream components: built once into the cache.
    if grep -qE '^\s*dualstack:runtime:\s*kubernetes\s*$' "Pulumi.$stack.yaml"; then
      bash scripts/kubernetes.sh --ensure >/dev/null
    fi
    pulumi stack select --create "$stack" --secrets-provider passphrase --non-interactive
    pulumi up -s "$stack" --yes --non-interactive --skip-preview
    npx ts-node --transpile-only scripts/lab-check.ts -s "$stack" --table-only
    ;;
  destroy)
    pulumi destroy -s "$stack" --yes --non-interactive --skip-preview
    ;;
  *)
    echo "usage: scripts/lab.sh [up|destroy]" >&2
    exit 2
    ;;
esac
