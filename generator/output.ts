/**
 * Writing the generated tree atomically, and comparing it with what is on
 * disk for `gen --check`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';

/** Every file under a directory, relative paths with forward slashes. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (sub: string): void => {
    for (const entry of readdirSync(path.join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${entry}` : entry;
      const full = path.join(dir, rel);
      if (statSync(full).isDirectory()) walk(rel);
      else out.set(rel, readFileSync(full, 'utf8'));
    }
  };
  walk('');
  return out;
}

/**
 * Replaces `dir` with exactly `files`: writes a sibling temporary folder, then
 * swaps it in with renames, so a failure leaves the old output intact.
 */
export function writeTreeAtomically(dir: string, files: Map<string, string>): void {
  const parent = path.dirname(path.resolve(dir));
  const base = path.basename(dir);
  const staging = path.join(parent, `.${base}.new-${process.pid}`);
  const retired = path.join(parent, `.${base}.old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [rel, text] of files) {
      const target = path.join(staging, rel);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  mkdirSync(parent, { recursive: true });
  const hadOld = existsSync(dir);
  if (hadOld) renameSync(dir, retired);
  try {
    renameSync(staging, dir);
  } catch (error) {
    if (hadOld) renameSync(retired, dir);
    throw error;
  }
  if (hadOld) rmSync(retired, { recursive: true, force: true });
}

/** A readable difference between the expected tree and the one on disk; empty when they match. */
export function diffTrees(expected: Map<string, string>, actual: Map<string, string>, label: string): string {
  const parts: string[] = [];
  for (const [rel, text] of expected) {
    const current = actual.get(rel);
    if (current === undefined) parts.push(`missing: ${label}/${rel}`);
    else if (current !== text) parts.push(createTwoFilesPatch(`${label}/${rel} (on disk)`, `${label}/${rel} (from specs)`, current, text, undefined, undefined, { context: 2 }).split('\n').slice(0, 80).join('\n'));
  }
  for (const rel of actual.keys()) if (!expected.has(rel)) parts.push(`unexpected: ${label}/${rel} (no spec produces it)`);
  return parts.join('\n');
}
