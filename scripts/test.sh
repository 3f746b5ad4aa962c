#!/usr/bin/env bash
# The project's test command: sets up a fresh machine, then runs the static
# checks and every jest suite (unit, policy, integration on the real engine),
# and ends with one line "N passed, N failed" summed over all of them.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

bash scripts/bootstrap.sh || { echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0
check() { # name, command...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "check passed: $name"
  else failed=$((failed + 1)); echo "check FAILED: $name"; fi
}
check "typecheck (tsc --noEmit)" npx tsc --noEmit -p tsconfig.json
check "lint (eslint)" npx eslint .

report=$(mktemp)
npx jest --ci --json --outputFile="$report" "$@"
if [[ -s $report ]]; then
  read -r jp jf < <(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)' "$report")
  passed=$((passed + jp)) failed=$((failed + jf))
else
  failed=$((failed + 1))
fi
rm -f "$report"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
