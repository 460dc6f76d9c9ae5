/**
 * `gen` never fails badly: on every file of the broken-spec corpus (test/fixtures/broken/: each file
 * names what is broken and the message expected in its first line) and on two 100 MB broken inputs
 * made here, `gen` exits 1 with a `file:line:col: error:` line saying what is wrong, prints no stack
 * trace, and leaves the output of the previous successful run byte-identical. The files run in a
 * child process (support/broken-runner.ts) watched for progress, so one that hangs is reported by
 * name instead of stalling the suite.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/external.ts';

const CORPUS = path.join(ROOT, 'test/fixtures/broken');
/** A file that makes no progress for this long is reported as hanging (a hang guard, not a speed check). */
const STALL_MS = 120_000;
const BIG_BYTES = 100 * 1024 * 1024;

interface Outcome {
  file: string;
  code: number;
  stderr: string;
  unchanged: boolean;
  ms: number;
}

/** Expected messages of the files that cannot carry a comment (JSON, empty, not UTF-8, no XML). */
const UNCOMMENTED: Record<string, RegExp> = {
  'json-syntax.json': /JSON/,
  'json-truncated.json': /JSON/,
  'big-truncated.json': /JSON/,
  'empty-file.wsdl': /no root element/,
  'whitespace-only.wsdl': /no root element/,
  'not-xml-json.wsdl': /not allowed before the root element/,
  'invalid-utf8.wsdl': /invalid UTF-8: byte 0x[0-9A-F]{2}/,
  'utf16-declared-utf8.wsdl': /UTF-16/,
  'xml-declaration-late.wsdl': /XML declaration is only allowed at the very start/,
};

function expectation(file: string): { what: string; expect: RegExp } {
  const known = UNCOMMENTED[path.basename(file)];
  if (known) return { what: path.basename(file), expect: known };
  const head = fs.readFileSync(file).subarray(0, 800).toString('latin1');
  const m = /broken: (.*?); expect: (.*?)(?: -->|\n)/.exec(head);
  if (!m) throw new Error(`${file}: first lines must say "broken: …; expect: …"`);
  return { what: m[1]!, expect: new RegExp(m[2]!, 'i') };
}

/** Runs the corpus through gen in a child process; a stalled file is recorded as such and the rest still run. */
async function runCorpus(goodSpec: string, files: string[]): Promise<Map<string, Outcome | 'hung'>> {
  const results = new Map<string, Outcome | 'hung'>();
  let pending = [...files];
  while (pending.length) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/generator/support/broken-runner.ts', goodSpec, ...pending], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => child.kill('SIGKILL'), STALL_MS);
    };
    arm();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let i; (i = buffer.indexOf('\n')) >= 0; buffer = buffer.slice(i + 1)) {
        const outcome = JSON.parse(buffer.slice(0, i)) as Outcome;
        results.set(outcome.file, outcome);
        arm();
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    const rest = pending.filter((f) => !results.has(f));
    if (code !== null && code !== 0 && rest.length === pending.length) throw new Error(`broken-runner failed: ${stderr}`);
    if (rest.length) results.set(rest[0]!, 'hung'); // the file it was working on when it stalled (or crashed)
    pending = rest.slice(1);
  }
  return results;
}

/** A 100 MB WSDL whose schema is cut off in the middle of a declaration. */
function bigWsdl(file: string): void {
  const head = `<?xml version="1.0" encoding="utf-8"?>\n<!-- broken: 100 MB, cut off inside an element declaration; expect: not well-formed|unterminated|unclosed -->\n<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:big"><wsdl:types><xs:schema targetNamespace="urn:big">\n`;
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, head);
  const block = Array.from({ length: 1000 }, (_, i) => `<xs:element name="E${i}" type="xs:string"/>\n`).join('');
  for (let written = head.length; written < BIG_BYTES; written += block.length) fs.writeSync(fd, block);
  fs.writeSync(fd, '<xs:element name="Last');
  fs.closeSync(fd);
}

/** A 100 MB OpenAPI JSON document that ends in the middle of a schema. */
function bigJson(file: string): void {
  const fd = fs.openSync(file, 'w');
  const head = '{"openapi":"3.0.3","info":{"title":"Big","version":"1"},"paths":{},"components":{"schemas":{';
  fs.writeSync(fd, head);
  let n = 0;
  const block = () => Array.from({ length: 1000 }, () => `"S${n++}":{"type":"object","properties":{"a":{"type":"string"}}},`).join('');
  for (let written = head.length; written < BIG_BYTES; ) {
    const text = block();
    fs.writeSync(fd, text);
    written += text.length;
  }
  fs.writeSync(fd, '"Last":{"type":');
  fs.closeSync(fd);
}

describe('gen on broken specs', () => {
  const big = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-big-'));
  const results = new Map<string, Outcome | 'hung'>();
  const wsdlFiles = fs.readdirSync(path.join(CORPUS, 'wsdl')).sort().map((f) => path.join('test/fixtures/broken/wsdl', f));
  const openapiFiles = fs.readdirSync(path.join(CORPUS, 'openapi')).sort().map((f) => path.join('test/fixtures/broken/openapi', f));
  const bigFiles = [path.join(big, 'big-truncated.wsdl'), path.join(big, 'big-truncated.json')];

  beforeAll(async () => {
    bigWsdl(bigFiles[0]!);
    bigJson(bigFiles[1]!);
    const [soap, rest] = await Promise.all([
      runCorpus('test/fixtures/wsdl/orders.wsdl', [...wsdlFiles, bigFiles[0]!]),
      runCorpus('test/fixtures/openapi/petstore-30.yaml', [...openapiFiles, bigFiles[1]!]),
    ]);
    for (const m of [soap, rest]) for (const [k, v] of m) results.set(k, v);
    const timed = [...results].flatMap(([f, r]) => (r === 'hung' ? [] : [[path.basename(f), r.ms] as const])).sort((a, b) => b[1] - a[1]);
    console.log(`broken specs: ${results.size} files; slowest ${timed.slice(0, 4).map(([f, ms]) => `${f} ${ms} ms`).join(', ')}`);
  });
  afterAll(() => fs.rmSync(big, { recursive: true, force: true }));

  test('the corpus has at least 60 broken files of each kind together', () => {
    assert.ok(wsdlFiles.length + openapiFiles.length + bigFiles.length >= 60, `${wsdlFiles.length} WSDL/XSD + ${openapiFiles.length} OpenAPI + 2 large`);
  });

  for (const file of [...wsdlFiles, ...openapiFiles, ...bigFiles]) {
    const name = file.startsWith(big) ? path.basename(file) : path.relative('test/fixtures/broken', file);
    test(`${name}: exit 1, a located error saying what is wrong, no stack trace, previous output intact`, () => {
      const outcome = results.get(file);
      assert.ok(outcome !== undefined, 'ran');
      assert.notEqual(outcome, 'hung', `gen made no progress on ${file} for ${STALL_MS / 1000} s`);
      const r = outcome as Outcome;
      const { what, expect } = expectation(file);
      // gen names the file relative to the working directory.
      const shown = path.relative(ROOT, path.resolve(ROOT, file)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const located = new RegExp(`^${shown}:\\d+:\\d+: error: (.*)$`, 'm').exec(r.stderr);
      assert.equal(r.code, 1, `${what}: exit code (stderr: ${r.stderr.slice(0, 400)})`);
      assert.ok(located, `${what}: a file:line:col: error: line in\n${r.stderr.slice(0, 400)}`);
      assert.match(located[1]!, expect, what);
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+|internal error/, 'no stack trace, not an internal error');
      assert.ok(r.unchanged, 'the previous output is byte-identical');
    });
  }
});
