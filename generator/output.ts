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

/** The file in every output folder listing what `gen` wrote there, so a run replaces only those files. */
export const MANIFEST = '.contract-gen-manifest.json';

/** The output folder holds files gen did not write and no manifest says which are gen's. */
export class OutputNotOwnedError extends Error {}

/** The manifest's text for a set of generated files (sorted, one per line: diff-friendly). */
export function manifestText(files: Iterable<string>): string {
  return JSON.stringify({ generator: 'contract-gen', files: [...files].filter((f) => f !== MANIFEST).sort() }, null, 2) + '\n';
}

/** The generated files and the manifest that lists them: what a run writes. */
export function withManifest(files: Map<string, string>): Map<string, string> {
  return new Map([...files, [MANIFEST, manifestText(files.keys())]]);
}

/** The files a previous run wrote in `dir`, from its manifest; undefined when there is none. */
export function ownedFiles(dir: string): string[] | undefined {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file)) return undefined;
  try {
    const files = (JSON.parse(readFileSync(file, 'utf8')) as { files?: unknown }).files;
    if (Array.isArray(files) && files.every((f) => typeof f === 'string' && !f.split('/').includes('..') && !path.isAbsolute(f))) return files as string[];
  } catch {
    // unreadable: treated as no manifest below
  }
  throw new OutputNotOwnedError(`${file}: not a manifest written by gen; remove it or choose another output folder`);
}

/** What `gen --check` compares against: the files of the last run (its manifest's list), never the user's own. */
export function readOwnedTree(dir: string): Map<string, string> {
  const all = readTree(dir);
  const owned = ownedFiles(dir);
  if (owned === undefined) return all;
  const keep = new Set([...owned, MANIFEST]);
  return new Map([...all].filter(([rel]) => keep.has(rel)));
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/**
 * Writes `files` (plus the manifest) into `dir`, replacing only what the previous run wrote there:
 * files the manifest does not list (the user's) are never touched. A non-empty folder without a
 * manifest is refused unless `force`, which adopts it (still keeping every file that is not
 * generated). The new files are first written to a staging folder beside `dir`; then the previous
 * run's files are moved aside and the new ones moved in, each step undone if a later one fails,
 * so a failed run leaves the folder as it was.
 */
export function writeTreeAtomically(dir: string, files: Map<string, string>, options: { force?: boolean } = {}): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  const previous = ownedFiles(target);
  if (previous === undefined && !isEmptyDir(target) && !options.force) {
    throw new OutputNotOwnedError(`${dir}/ is not empty and has no ${MANIFEST}: gen writes only into folders it owns. Choose an empty or new folder, or pass --force to generate into it (files gen does not write are kept).`);
  }
  const output = withManifest(files);

  const staging = path.join(parent, `.${base}.new-${process.pid}`);
  const retired = path.join(parent, `.${base}.old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  rmSync(retired, { recursive: true, force: true });
  try {
    for (const [rel, text] of output) {
      const file = path.join(staging, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }

  // Files being replaced: the previous run's (and, when adopting, same-named ones), plus its manifest.
  const replaced = [...new Set([...(previous ?? []), MANIFEST, ...output.keys()])].filter((rel) => existsSync(path.join(target, rel)) && !statSync(path.join(target, rel)).isDirectory());
  const done: (() => void)[] = [];
  const move = (from: string, to: string): void => {
    mkdirSync(path.dirname(to), { recursive: true });
    renameSync(from, to);
    done.push(() => renameSync(to, from));
  };
  try {
    mkdirSync(target, { recursive: true });
    for (const rel of replaced) move(path.join(target, rel), path.join(retired, rel));
    for (const rel of output.keys()) move(path.join(staging, rel), path.join(target, rel));
  } catch (error) {
    for (const undo of done.reverse()) undo();
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
    throw error;
  }
  rmSync(staging, { recursive: true, force: true });
  rmSync(retired, { recursive: true, force: true });
  // Folders the previous run created and that are now empty go too.
  for (const rel of previous ?? []) {
    for (let sub = path.dirname(rel); sub !== '.'; sub = path.dirname(sub)) {
      const full = path.join(target, sub);
      if (existsSync(full) && readdirSync(full).length === 0) rmSync(full, { recursive: true });
      else break;
    }
  }
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
