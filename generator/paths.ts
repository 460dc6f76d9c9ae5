/**
 * Where the tool's own files are (templates, the runtime sources copied into every output, its
 * version), whether it runs from source under tsx or compiled into dist/ from an installed package:
 * the package root is the nearest folder above this file whose package.json is contract-gen's.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): { root: string; version: string } {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'contract-gen') return { root: dir, version: pkg.version ?? '0.0.0' };
    }
    if (path.dirname(dir) === dir) throw new Error('contract-gen: cannot find the package root (package.json) above generator/');
  }
}

const found = findPackageRoot();

/** The tool's version, from its own package.json (never the user's). */
export const VERSION = found.version;
/** Handlebars templates for non-code output. */
export const TEMPLATES_DIR = path.join(found.root, 'templates');
/** The runtime's TypeScript sources, copied into generated output (shipped as sources in the package). */
export const RUNTIME_SOURCE_DIR = path.join(found.root, 'generator/runtime');
