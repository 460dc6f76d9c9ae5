/** Runs python3-zeep calls through `zeep_call.py` (Debian's /usr/bin/python3 has zeep). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, SYSTEM_PYTHON } from '../../support/external.ts';

export interface ZeepCall {
  port: string;
  operation: string;
  args: Record<string, unknown>;
  /** Names of arguments whose value is XML text to put in the xs:any slot as an element. */
  docs?: string[];
}

export interface ZeepOutcome {
  result?: unknown;
  error?: { type: string; message: string };
  sent?: string;
  sentHeaders?: Record<string, string>;
  received?: string;
}

export function zeepCalls(job: { wsdl: string; endpoint: string; service: string; calls: ZeepCall[] }): Promise<ZeepOutcome[]> {
  return runPythonJson<ZeepOutcome[]>('test/interop/support/zeep_call.py', job);
}

/** Runs one of the Python peers under `test/interop/support/` with `input` as JSON on stdin; resolves to its JSON output. */
export function runPythonJson<T>(script: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(SYSTEM_PYTHON, [path.join(ROOT, script)], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new Error(`${path.basename(script)} exited ${code}: ${err || out}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
