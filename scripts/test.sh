#!/usr/bin/env bash
# The project's test command: sets up a fresh machine, then runs the static
# checks and every jest suite (unit, policy, integration on the real engine),
# and ends with one line "N passed, N failed" summed over all of them.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 1

bash scripts/bootstrap.sh test || { echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0
check() { # name, command...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "check passed: $name"
  else failed=$((failed + 1)); echo "check FAILED: $name"; fi
}
check "typecheck (tsc --noEmit)" npx tsc --noEmit -p tsconfig.json
check "lint (eslint)" npx eslint .

# Adds a jest run's counts; a missing or unreadable report counts as one failure.
jest_suite() { # name, jest args...
  local name=$1 report counts jp jf; shift
  report=$(mktemp --suffix=.json)
  npx jest --ci --json --outputFile="$report" "$@"
  if counts=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites);
  ' "$report" 2>/dev/null); then
    read -r jp jf <<<"$counts"
    passed=$((passed + jp)) failed=$((failed + jf))
  else
    echo "check FAILED: $name: jest wrote no readable report"
    failed=$((failed + 1))
  fi
  rm -f "$report"
}
# Unit tests in parallel; integration tests one at a time (real engine, real
# namespaces, timing-sensitive failover checks on 2 cores).
jest_suite unit --selectProjects unit
jest_suite integration --selectProjects integration --runInBand

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
