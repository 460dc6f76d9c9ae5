/**
 * Helpers for the REST tests: generate an OpenAPI document into
 * `test/tmp/<dir>/<api>/` with the runtime beside it (the layout of
 * `generated/`), type-check the result, and import it.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { emitRest } from '../../generator/emit/rest/index.ts';
import { loadOpenApi } from '../../generator/load/openapi.ts';
import type { ApiModel } from '../../generator/model/model.ts';
import { runtimeFiles } from '../../generator/pipeline.ts';
import type { EmittedFile } from '../../generator/emit/ts.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

export interface Generated {
  api: ApiModel;
  files: EmittedFile[];
  /** Folder of the API's files. */
  dir: string;
  /** Folder holding the API folder and `runtime/`. */
  root: string;
  loadMs: number;
  emitMs: number;
}

export async function generate(spec: string, dirName: string, apiName: string): Promise<Generated> {
  const root = join(ROOT, 'test/tmp', dirName);
  rmSync(root, { recursive: true, force: true });
  const t0 = performance.now();
  const api = await loadOpenApi(join(ROOT, spec), apiName);
  const t1 = performance.now();
  const files = await emitRest(api, readFileSync(join(ROOT, spec), 'utf8'));
  const t2 = performance.now();
  const dir = join(root, apiName);
  for (const f of files) write(join(dir, f.path), f.text);
  for (const f of runtimeFiles()) write(join(root, f.path), f.text);
  write(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], lib: ['ES2022'] },
      include: ['**/*.ts'],
    }),
  );
  return { api, files, dir, root, loadMs: t1 - t0, emitMs: t2 - t1 };
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Runs the TypeScript compiler (strict) on a generated tree; resolves with its output, rejects on errors. */
export async function typecheck(root: string): Promise<void> {
  try {
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`tsc failed on ${root}:\n${(err.stdout ?? '').slice(0, 4000)}${err.stderr ?? ''}`);
  }
}

export async function importGenerated<T = Record<string, unknown>>(g: Generated, file = 'index.ts'): Promise<T> {
  return (await import(pathToFileURL(join(g.dir, file)).href)) as T;
}

export function totalSize(files: EmittedFile[]): number {
  return files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
}

/** What a run of the `gen` command line printed. */
export interface GenRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `gen` command line (through tsx) from the repository root; `args` as a user types them. */
export function genCli(...args: string[]): Promise<GenRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['generator/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, GEN_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh output folder under `test/tmp/` (inside the repository, so the output's tsconfig finds `@types/node`). */
export function freshDir(name: string): string {
  const dir = join(ROOT, 'test/tmp', name);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}
