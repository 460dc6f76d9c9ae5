/**
 * Golden tests for the `gen` CLI: the committed generated/ is what the specs
 * produce (`gen --check`), a stale file is reported with a readable diff and
 * exit 1, broken specs get `file:line:col` and a non-zero exit without a stack
 * trace, output is deterministic, and generated/ type-checks on its own under
 * strict.
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/external.ts';
import { readTree } from '../../generator/output.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, GEN_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr: stderr.replace(/^npm warn .*\n/gm, '') }));
  });
}

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const gen = (...args: string[]) => run(TSX, ['generator/cli.ts', ...args]);

function tmpDir(name: string): string {
  mkdirSync(path.join(ROOT, 'test/tmp'), { recursive: true });
  return mkdtempSync(path.join(ROOT, 'test/tmp', `${name}-`));
}

const STACK = /\n\s+at .+:\d+:\d+\)?/;

test('gen --check passes on the committed generated/', async () => {
  const r = await gen('--check');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /up to date/);
});

test('gen --check fails with exit 1 and a readable diff when a generated file was edited', async () => {
  const dir = tmpDir('golden-stale');
  try {
    cpSync(path.join(ROOT, 'generated'), dir, { recursive: true });
    const file = path.join(dir, 'genopro/types.ts');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /Version: number;/);
    writeFileSync(file, text.replace('Version: number;', 'Version: string; // hand edit'));
    const r = await gen('--check', '--config', 'gen.config.json', '--out', path.relative(ROOT, dir));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /genopro\/types\.ts/);
    assert.match(r.stderr, /^-\s*Version: string; \/\/ hand edit$/m);
    assert.match(r.stderr, /^\+\s*Version: number;$/m);
    // The hint names the command as it was run (here the CLI itself, not an npm script).
    assert.match(r.stderr, /Run `gen --config gen.config.json --out test\/tmp\/[^`]*` and commit the result/);
    assert.doesNotMatch(r.stderr, STACK);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gen --check reports a missing file and a stale one the manifest lists, but not the user\'s own files', async () => {
  const dir = tmpDir('golden-extra');
  try {
    cpSync(path.join(ROOT, 'generated'), dir, { recursive: true });
    rmSync(path.join(dir, 'xformation/codec.ts'));
    // A file a previous run wrote (listed in the manifest) that no spec produces any more…
    writeFileSync(path.join(dir, 'genopro/stale.ts'), 'export {};\n');
    const manifestFile = path.join(dir, '.contract-gen-manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: string[] };
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, files: [...manifest.files, 'genopro/stale.ts'].sort() }, null, 2) + '\n');
    // …and one the user put there.
    writeFileSync(path.join(dir, 'genopro/mine.ts'), 'export {};\n');
    const r = await gen('--check', '--out', path.relative(ROOT, dir));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /missing: .*xformation\/codec\.ts/);
    assert.match(r.stderr, /unexpected: .*genopro\/stale\.ts/);
    assert.doesNotMatch(r.stderr, /mine\.ts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const [file, where, what] of [
  ['malformed.wsdl', ':6:3:', /not well-formed XML/],
  ['unknown-type.wsdl', ':9:11:', /unknown type \{urn:broken\}Missing/],
  ['undeclared-prefix.wsdl', ':9:11:', /undeclared prefix/],
] as const) {
  test(`a broken spec (${file}) gets file:line:col, a plain message, a non-zero exit and no stack trace`, async () => {
    const out = tmpDir('golden-broken');
    try {
      const spec = `test/fixtures/wsdl/broken/${file}`;
      const r = await gen(spec, '--out', path.relative(ROOT, out));
      assert.notEqual(r.code, 0);
      assert.ok(r.stderr.includes(`${spec}${where} error:`), r.stderr);
      assert.match(r.stderr, what);
      assert.doesNotMatch(r.stderr, STACK);
      // Nothing half-written.
      assert.equal(readTree(out).size, 0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}

test('a missing spec file is a located error too', async () => {
  const r = await gen('test/fixtures/wsdl/broken/does-not-exist.wsdl', '--out', 'test/tmp/never');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /does-not-exist\.wsdl:1:1: error: cannot read file/);
  assert.doesNotMatch(r.stderr, STACK);
});

test('generation is deterministic: two runs are byte-identical', async () => {
  const a = tmpDir('golden-a');
  const b = tmpDir('golden-b');
  try {
    const [ra, rb] = [await gen('--out', path.relative(ROOT, a), '--quiet'), await gen('--out', path.relative(ROOT, b), '--quiet')];
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    const ta = readTree(a);
    const tb = readTree(b);
    assert.ok(ta.size > 20);
    assert.deepEqual([...ta.keys()], [...tb.keys()]);
    for (const [k, v] of ta) assert.ok(v === tb.get(k), `${k} differs between runs`);
    // And equal to what is committed.
    const committed = readTree(path.join(ROOT, 'generated'));
    for (const [k, v] of ta) assert.ok(v === committed.get(k), `${k} differs from generated/`);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('generated/ type-checks standalone under strict', async () => {
  const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'generated/tsconfig.json'), 'utf8')) as { compilerOptions: { strict?: boolean } };
  assert.equal(tsconfig.compilerOptions.strict, true);
  const r = await run(path.join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', 'generated/tsconfig.json']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test('gen --help shows usage with examples', async () => {
  const r = await gen('--help');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--check/);
  assert.match(r.stdout, /Examples:/);
});
