#!/usr/bin/env bash
# Which environments a change touches, as a JSON array for a workflow matrix.
#
#   changed-stacks.sh --base <ref> [--head <ref>] [--deploy]
#
# An environment is a Pulumi.<stack>.yaml at <head> (throwaway test and bench
# stacks -- ptest-*, itest-*, bench-* -- are not environments). A changed stack
# file selects its stack; a change to code every stack runs (the program,
# components, stacks, policies, apps, dependencies, the engine) selects all.
# --deploy leaves out `local`: the lab runs on a developer's machine, not from CI.
# A base that is missing or all zeros (a new branch) selects all.
set -euo pipefail
base="" head="HEAD" mode=preview
while (($#)); do
  case "$1" in
    --base) base="${2:-}"; shift 2 ;;
    --head) head="${2:-}"; shift 2 ;;
    --deploy) mode=deploy; shift ;;
    *) echo "changed-stacks: unknown argument $1" >&2; exit 2 ;;
  esac
done
cd "$(git rev-parse --show-toplevel)"

# Promotion order: the lab first, then the clouds, then anything else by name.
order() { awk '{ r = ($0=="local")?0:($0=="cloudscale")?1:($0=="exoscale")?2:($0=="aws")?3:($0=="azure")?4:9; print r "\t" $0 }' | sort -k1,1n -k2,2 | cut -f2; }

mapfile -t envs < <(git ls-tree --name-only "$head" | sed -n 's/^Pulumi\.\(.*\)\.yaml$/\1/p' |
  grep -Ev '^(ptest-|itest-|bench-)' | { if [[ $mode == deploy ]]; then grep -vx local; else cat; fi; } | order || true)

SHARED='^(index\.ts|Pulumi\.yaml|tsconfig(\.pulumi)?\.json|package(-lock)?\.json|(components|stacks|policies|apps)/|scripts/(engine/|pulumi-engine\.sh|bootstrap\.sh))'
selected=()
if [[ -z "$base" || "$base" =~ ^0+$ ]] || ! changed=$(git diff --name-only "$base...$head" 2>/dev/null); then
  selected=("${envs[@]}")
elif grep -Eq "$SHARED" <<<"$changed"; then
  selected=("${envs[@]}")
else
  for e in "${envs[@]}"; do
    grep -qx "Pulumi\.$e\.yaml" <<<"$changed" && selected+=("$e")
  done
fi

json="["
for i in "${!selected[@]}"; do
  ((i)) && json+=","
  json+="\"${selected[i]}\""
done
echo "$json]"
