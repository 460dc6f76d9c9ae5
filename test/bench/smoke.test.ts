/**
 * The benchmarks must not rot: `bench/run.ts --smoke` runs every case on tiny
 * inputs, and each case must produce numbers for ours and for every peer.
 * Timings are not asserted (this is not a performance test).
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'test/tmp/bench-smoke.json');

const CASES = ['decode', 'encode', 'auth', 'soap-server', 'rest-server', 'validators', 'gen-wsdl', 'startup', 'gen-openapi', 'tsc', 'scaling'];

test('bench --smoke runs every case and each yields numbers', { timeout: 600_000 }, () => {
  mkdirSync(path.dirname(OUT), { recursive: true });
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', OUT], { cwd: ROOT, encoding: 'utf8', timeout: 590_000 });
  assert.equal(run.status, 0, `bench --smoke failed:\n${run.stderr}\n${run.stdout}`);
  const out = JSON.parse(readFileSync(OUT, 'utf8'));
  assert.equal(out.smoke, true);
  assert.deepEqual(out.results.map((r: { id: string }) => r.id), CASES);
  const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0;
  for (const r of out.results) {
    assert.equal(r.error, undefined, `${r.id}: ${r.error}`);
    assert.equal(r.ours.unavailable, undefined, `${r.id}: ours not available: ${r.ours.unavailable}`);
    assert.ok(finite(r.ours.stats?.median), `${r.id}: no median for ours`);
    for (const p of r.peers) {
      assert.equal(p.unavailable, undefined, `${r.id}/${p.label}: ${p.unavailable}`);
      assert.ok(finite(p.stats?.median), `${r.id}/${p.label}: no median`);
    }
    for (const c of r.comparisons) assert.ok(finite(c.factor), `${r.id}: no ratio against ${c.peer}`);
  }
  const scaling = out.results.find((r: { id: string }) => r.id === 'scaling');
  assert.ok(Number.isFinite(scaling.ours.extra.exponent), 'scaling: no fitted exponent');
  // Every case appears in the printed table.
  for (const r of out.results) assert.ok(run.stdout.includes(r.title), `table lacks ${r.title}`);
});
