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
    pulumi stack select --create "$stack" --secrets-provider passphrase --non-interactive
    pulumi up -s "$stack" --yes --non-interactive --skip-preview
    npx ts-node --transpile-only scripts/lab-check.ts -s "$stack"
    ;;
  destroy)
    pulumi destroy -s "$stack" --yes --non-interactive --skip-preview
    ;;
  *)
    echo "usage: scripts/lab.sh [up|destroy]" >&2
    exit 2
    ;;
esac
