/**
 * `emitRest` on third-party OpenAPI documents of other shapes and sizes: the
 * output must type-check under strict. Rebilly's combined API (3.0, ~1 MB
 * YAML, ships with @redocly/openapi-core) always runs; GitHub's description
 * (3.0, 13 MB JSON, ~1000 operations, from the `@octokit/openapi` package)
 * runs when that package is installed (several minutes of tsc).
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generate, ROOT, totalSize, typecheck } from './support.ts';

const REBILLY = join(ROOT, 'node_modules/@redocly/openapi-core/src/benchmark/benches/rebilly.yaml');
const GITHUB = [join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json'), join(ROOT, 'bench/node_modules/@octokit/openapi/generated/api.github.com.json')].find(existsSync);

async function generateAndCheck(spec: string, name: string): Promise<void> {
  const g = await generate(relative(ROOT, spec), `third-party-${name}`, name);
  console.log(
    `${name}: ${g.api.rest!.operations.length} operations, ${g.api.types.length} types, ${g.api.diagnostics.length} warnings; load ${g.loadMs.toFixed(0)} ms, emit ${g.emitMs.toFixed(0)} ms, ${(totalSize(g.files) / 1024 / 1024).toFixed(1)} MiB`,
  );
  assert.ok(g.api.rest!.operations.length > 50);
  const t0 = performance.now();
  await typecheck(g.root);
  console.log(`${name}: tsc --strict ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

// Skipped where rebilly.yaml is not present.
test.skipIf(!existsSync(REBILLY))('Rebilly (OpenAPI 3.0, 1 MB): generated code type-checks', async () => {
  await generateAndCheck(REBILLY, 'rebilly');
});

// Skipped unless @octokit/openapi is installed (bench/ installs it).
test.skipIf(!GITHUB)('GitHub (OpenAPI 3.0, 13 MB): generated code type-checks', async () => {
  await generateAndCheck(GITHUB!, 'github');
});
