/**
 * `gen` never destroys what it did not write, tried as a user would: in a fresh folder outside this
 * repository, through the package's bin, with the user's own files in the output folder.
 */
import { afterAll, beforeAll, test } from 'vitest';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTree } from '../../generator/output.ts';
import { ROOT } from '../support/external.ts';

let home: string;
const BIN = path.join(ROOT, 'generator/bin/gen.js');
const WSDL = path.join(ROOT, 'test/fixtures/wsdl/orders.wsdl');
const BROKEN = path.join(ROOT, 'test/fixtures/wsdl/broken/unknown-type.wsdl');

function gen(...args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: home, encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

const userFiles = (): Record<string, string> => ({
  'src/mine.ts': fs.readFileSync(path.join(home, 'src/mine.ts'), 'utf8'),
  'src/sub/notes.txt': fs.readFileSync(path.join(home, 'src/sub/notes.txt'), 'utf8'),
});

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-user-'));
  fs.mkdirSync(path.join(home, 'src/sub'), { recursive: true });
  fs.writeFileSync(path.join(home, 'src/mine.ts'), 'export const mine = 1;\n');
  fs.writeFileSync(path.join(home, 'src/sub/notes.txt'), 'my notes\n');
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

test('a non-empty folder gen did not write is refused, and nothing in it changes', () => {
  const before = readTree(path.join(home, 'src'));
  const r = gen(WSDL, '--out', 'src');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /src\/ is not empty and has no \.contract-gen-manifest\.json/);
  assert.match(r.stderr, /--force/);
  assert.deepEqual(readTree(path.join(home, 'src')), before);
});

test('--force adopts the folder and keeps the user\'s files; later runs replace only generated files', () => {
  assert.equal(gen(WSDL, '--out', 'src', '--force', '--quiet').code, 0);
  assert.deepEqual(userFiles(), { 'src/mine.ts': 'export const mine = 1;\n', 'src/sub/notes.txt': 'my notes\n' });
  const manifest = JSON.parse(fs.readFileSync(path.join(home, 'src/.contract-gen-manifest.json'), 'utf8')) as { files: string[] };
  assert.ok(manifest.files.includes('orders/client.ts'));
  assert.ok(!manifest.files.includes('mine.ts'));
  // The folder is gen's now: no --force needed, and the user's files survive again.
  assert.equal(gen(WSDL, '--out', 'src', '--quiet').code, 0);
  assert.deepEqual(userFiles(), { 'src/mine.ts': 'export const mine = 1;\n', 'src/sub/notes.txt': 'my notes\n' });
  assert.equal(gen(WSDL, '--out', 'src', '--check', '--quiet').code, 0, 'the user\'s files are not "unexpected"');
});

test('a failed run leaves every file as it was', () => {
  const before = readTree(path.join(home, 'src'));
  const r = gen(BROKEN, '--out', 'src', '--name', 'orders');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /unknown-type\.wsdl:\d+:\d+: error:/);
  assert.deepEqual(readTree(path.join(home, 'src')), before);
});
