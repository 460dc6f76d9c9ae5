#!/usr/bin/env bash
# The one test command (README and .ci/run call this): type-check everything,
# then run every *.test.ts under test/ with node's built-in runner.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit -p tsconfig.json
mapfile -t files < <(find test -name '*.test.ts' -not -path 'test/tmp/*' | sort)
exec node --import tsx --test --test-concurrency=2 --test-timeout=600000 "$@" "${files[@]}"
