/**
 * Starts the real server (`server/main.ts`) as a child process on 127.0.0.1
 * with a fresh temp data dir and a free port, and reads the demo credentials
 * it created. The same process can be stopped gracefully or killed with -9.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/external.ts';
import type { DemoCredentials } from '../../server/db/seed.ts';

export interface RunningServer {
  port: number;
  base: string;
  dataDir: string;
  demo: DemoCredentials;
  proc: ChildProcess;
  /** stdout lines seen so far. */
  lines: string[];
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

export function tempDataDir(): string {
  fs.mkdirSync(path.join(ROOT, 'test/tmp'), { recursive: true });
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cg-server-'));
}

/** Starts the server; `args` are extra command-line flags (e.g. `--auth-failures`). */
export async function startServer(dataDir = tempDataDir(), args: string[] = []): Promise<RunningServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts'), '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '', DATA_DIR: '' },
  });
  const lines: string[] = [];
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s: ${stderr}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        if (line.includes('"msg":"listening"')) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { port: number }).port);
        }
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  const demo = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as DemoCredentials;
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    dataDir,
    demo,
    proc,
    lines,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** A `cg:documentOrText` result: the document, or the plain text the service sent in its place. */
type DocumentOrText<D> = { document: D } | { text: string };

/** The document of a `cg:documentOrText` result; the text variant fails the test, quoting the text. */
export function documentOf<D>(r: DocumentOrText<D> | undefined): D {
  if (r === undefined) throw new Error('expected a result, got none');
  if ('text' in r) throw new Error(`expected a document, got text ${JSON.stringify(r.text)}`);
  return r.document;
}

/** The text of a `cg:documentOrText` result; the document variant fails the test. */
export function textOf<D>(r: DocumentOrText<D> | undefined): string {
  if (r === undefined) throw new Error('expected a result, got none');
  if ('document' in r) throw new Error(`expected text, got a document ${JSON.stringify(r.document)}`);
  return r.text;
}
