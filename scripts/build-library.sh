#!/usr/bin/env bash
# Builds the library that `npm pack` ships: the components compiled to
# dist/ (JavaScript + type declarations), and the demo app beside them,
# where components/ finds it (../../apps from dist/components/<module>).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
npx tsc -p tsconfig.build.json
mkdir -p dist/apps
cp -r apps/demo-app dist/apps/
