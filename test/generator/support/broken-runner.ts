/**
 * Runs `gen` (in this process, through the CLI's main) on each broken spec named on the command
 * line, into an output folder that holds a previous successful run, and prints one JSON line per
 * file: exit code, what gen printed on stderr, whether the output folder is byte-identical
 * afterwards, and how long it took. The broken-spec test starts this and watches it, so a file
 * that hangs is caught without losing the others.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../generator/cli.ts';
import { readTree } from '../../../generator/output.ts';

const [good, ...files] = process.argv.slice(2);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-broken-'));
const dir = path.join(out, 'out');

/** Runs main with stderr captured. */
async function gen(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const original = { error: console.error, warn: console.warn, log: console.log };
  console.error = console.warn = (...a: unknown[]) => void (stderr += a.join(' ') + '\n');
  console.log = () => undefined;
  try {
    const code = await main(args);
    return { code, stderr };
  } catch (e) {
    return { code: -1, stderr: stderr + `THROWN: ${(e as Error)?.stack ?? String(e)}` };
  } finally {
    Object.assign(console, original);
  }
}

const first = await gen([good!, '--out', dir, '--name', 'api']);
if (first.code !== 0) throw new Error(`the good spec did not generate: ${first.stderr}`);
for (const file of files) {
  const before = readTree(dir);
  const started = performance.now();
  const r = await gen([file, '--out', dir, '--name', 'api']);
  const after = readTree(dir);
  const unchanged = after.size === before.size && [...before].every(([k, v]) => after.get(k) === v);
  process.stdout.write(JSON.stringify({ file, code: r.code, stderr: r.stderr, unchanged, ms: Math.round(performance.now() - started) }) + '\n');
}
fs.rmSync(out, { recursive: true, force: true });
