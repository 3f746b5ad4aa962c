#!/usr/bin/env bash
# The main job: from a fresh clone, set everything up, bring the local lab up
# with the real Pulumi engine, and check it over both families.
#   scripts/lab.sh          up + check (default)
#   scripts/lab.sh destroy  tear the lab down
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
stack=${LAB_STACK:-local}

bash scripts/bootstrap.sh lab
pulumi() { bash scripts/pulumi-engine.sh "$@"; }

case "${1:-up}" in
  up)
    # A second lab stack (LAB_STACK=lab2) starts as a copy of the local one:
    # its names, ULA prefix and VRRP ids come from the stack name, so both coexist.
    if [[ ! -f "Pulumi.$stack.yaml" ]]; then
      grep -v '^encryptionsalt:' Pulumi.local.yaml >"Pulumi.$stack.yaml"
      echo "lab: made Pulumi.$stack.yaml from Pulumi.local.yaml (a lab stack: dualstack:provider local)" >&2
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
