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
  return new Promise((resolve, reject) => {
    const child = spawn(SYSTEM_PYTHON, [path.join(ROOT, 'test/interop/support/zeep_call.py')], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as ZeepOutcome[]);
      } catch {
        reject(new Error(`zeep_call.py exited ${code}: ${err || out}`));
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}
