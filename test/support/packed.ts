/**
 * Tests that act as users in other repositories: pack this project as npm would publish it, and
 * install tarballs into fresh projects outside the repository.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './external.ts';

/** Packs `dir` (default: the tool itself, which compiles it) into a fresh temp folder; returns the tarball. */
export function pack(dir = ROOT): string {
  const into = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-pack-'));
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', into], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
  return path.join(into, name);
}

/** A fresh ESM project outside the repository with the given tarballs installed. */
export function freshProject(prefix: string, tarballs: string[]): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `cg-${prefix}-`));
  fs.writeFileSync(path.join(home, 'package.json'), JSON.stringify({ name: `${prefix}-project`, version: '1.0.0', private: true, type: 'module' }, null, 2));
  if (tarballs.length) execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error', ...tarballs], { cwd: home, encoding: 'utf8', stdio: 'pipe' });
  return home;
}
