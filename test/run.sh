#!/usr/bin/env bash
# The one test command (README and .ci/run call this): type-check everything,
# then run every test/**/*.test.ts with vitest (configuration: test/vitest.config.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit -p tsconfig.json
exec npx vitest run --config test/vitest.config.ts "$@"
