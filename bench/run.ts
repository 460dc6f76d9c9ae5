/**
 * `npm run bench`: every case of issue 6, each figure a ratio against a peer
 * measured in the same run, absolute medians beside it. Prints one table and
 * writes `bench/results.json`.
 *
 *   tsx bench/run.ts            full run (~15 min on 2 cores)
 *   tsx bench/run.ts --smoke    every case on tiny inputs (< 60 s), for the test suite
 *   tsx bench/run.ts --only decode,encode   a subset (case ids)
 *   tsx bench/run.ts --out file.json        results elsewhere
 *
 * "× faster" is always oriented so that > 1 means ours wins: for times it is
 * peer/ours, for throughputs ours/peer.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  benchWsdl,
  customerJsonSchema,
  customerSample,
  licensesData,
  licensesResponse,
  BENCH_NS,
  orderRequestEnvelope,
  syntheticOpenApi,
  syntheticWsdl,
} from './fixtures.ts';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const TMP = path.join(BENCH, 'tmp');
const PEERS = path.join(BENCH, 'node_modules');

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
const SMOKE = argv.includes('--smoke');
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ONLY = flag('--only')?.split(',');
const OUT = flag('--out') ?? path.join(BENCH, SMOKE ? 'tmp/results.smoke.json' : 'results.json');

/** Sizes and repetitions: full run vs smoke run. */
const P = SMOKE
  ? { records: 300, runs: 1, warm: 1, cliRuns: 1, conc: [4], loadSec: 0.4, loadRuns: 1, validations: 2_000, genOps: 5, scale: [5, 10, 20, 40], scaleRuns: 1, openapiOps: 5 }
  : { records: 100_000, runs: 5, warm: 1, cliRuns: 3, conc: [1, 16, 64], loadSec: 2, loadRuns: 3, validations: 200_000, genOps: 2_000, scale: [250, 500, 1_000, 2_000], scaleRuns: 3, openapiOps: 0 };

// ---------------------------------------------------------------- stats & results

interface Stats {
  median: number;
  min: number;
  max: number;
  /** Half the min–max range relative to the median, in percent. */
  spreadPct: number;
  runs: number;
  samples: number[];
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], spreadPct: median ? ((s[s.length - 1] - s[0]) / 2 / median) * 100 : 0, runs: s.length, samples };
}

interface Measure {
  label: string;
  unit: string;
  /** true when bigger numbers are better (throughputs). */
  higherIsBetter: boolean;
  stats?: Stats;
  /** Peak RSS in MiB (child-process cases). */
  peakRssMiB?: number;
  /** Why there is no number. */
  unavailable?: string;
  extra?: Record<string, unknown>;
}

interface Comparison {
  peer: string;
  /** > 1 means ours wins. */
  factor?: number;
  target?: string;
  met?: boolean;
}

interface CaseResult {
  id: string;
  title: string;
  ours: Measure;
  peers: Measure[];
  comparisons: Comparison[];
  /** Absolute or non-ratio targets (gen < 5 s, scaling exponent). */
  checks: Array<{ what: string; value?: number; target: string; met?: boolean }>;
  notes: string[];
  error?: string;
  seconds: number;
}

/** How many times faster ours is than `peer` (> 1: ours wins). */
function factor(ours: Measure, peer: Measure): number | undefined {
  if (!ours.stats || !peer.stats || !ours.stats.median || !peer.stats.median) return undefined;
  return ours.higherIsBetter ? ours.stats.median / peer.stats.median : peer.stats.median / ours.stats.median;
}

function compare(ours: Measure, peer: Measure, target?: { min: number; text: string }): Comparison {
  const f = factor(ours, peer);
  return { peer: peer.label, factor: f, target: target?.text, met: target && f !== undefined ? f >= target.min : undefined };
}

// ---------------------------------------------------------------- helpers

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

function time<T>(fn: () => T): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Warm-up then `runs` timed runs of an in-process function; returns ms samples. */
function repeat(fn: () => unknown, runs: number, warm: number): number[] {
  for (let i = 0; i < warm; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (global.gc) global.gc();
    out.push(time(fn));
  }
  return out;
}

function writeTree(dir: string, files: Map<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of files) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    n += entry.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return n;
}

interface ChildRun {
  ms: number;
  code: number | null;
  peakRssKiB: number;
  output: string;
}

const RSS_HOOK = path.join(BENCH, 'rss-hook.cjs');

/** Runs a node program as a child process; wall time and the peak RSS of every node process it started. */
function runNode(args: string[], opts: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<ChildRun> {
  const rssFile = path.join(TMP, `rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${RSS_HOOK}`.trim(), NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (d: Buffer) => {
      output += d.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      let peak = 0;
      try {
        for (const line of readFileSync(rssFile, 'utf8').split('\n')) peak = Math.max(peak, Number(line) || 0);
        rmSync(rssFile, { force: true });
      } catch {
        // no node process reported (crashed before exit)
      }
      resolve({ ms, code, peakRssKiB: peak, output });
    });
  });
}

/** Runs a CLI `runs` times (each a cold process, as a user runs it); fails with its output when it exits non-zero. */
async function measureCli(label: string, args: () => string[], runs: number, opts: { timeoutMs?: number; before?: () => void; after?: () => void; budgetMs?: number } = {}): Promise<Measure> {
  const samples: number[] = [];
  let peak = 0;
  let spent = 0;
  for (let i = 0; i < runs; i++) {
    // A slow peer gets fewer repeats so the whole bench stays within its time budget.
    if (i > 0 && opts.budgetMs !== undefined && spent > opts.budgetMs) break;
    opts.before?.();
    const r = await runNode(args(), { timeoutMs: opts.timeoutMs });
    if (r.code !== 0) {
      const tail = r.output.trim().split('\n').slice(-6).join('\n');
      return { label, unit: 'ms', higherIsBetter: false, unavailable: `${r.code === null ? 'killed (timeout)' : `exit ${r.code}`}: ${tail}` };
    }
    opts.after?.();
    samples.push(r.ms);
    spent += r.ms;
    peak = Math.max(peak, r.peakRssKiB);
    log(`  ${label}: ${(r.ms / 1000).toFixed(2)} s, ${(r.peakRssKiB / 1024).toFixed(0)} MiB`);
  }
  return { label, unit: 'ms', higherIsBetter: false, stats: stats(samples), peakRssMiB: peak / 1024 };
}

const TSX = ['--import', 'tsx'];
/** The compiled CLI, as an installed package runs it (built by ensureBuilt). */
const GEN_BIN = path.join(ROOT, 'dist/generator/bin/gen.js');

/** Compiles the tool to dist/ (what `npm pack` ships), so the bench measures what users run. */
function ensureBuilt(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
}

// ---------------------------------------------------------------- setup

/** Installs the bench-local peers from the committed lockfile when they are missing. */
function ensurePeers(): void {
  if (existsSync(path.join(PEERS, '.package-lock.json'))) return;
  log('installing bench peers: npm ci --prefix bench (once)');
  execFileSync('npm', ['ci', '--prefix', BENCH, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

const GEN_DIR = path.join(TMP, 'gen');
const BENCH_WSDL = path.join(TMP, 'bench.wsdl');

/** Generates the bench service with our generator (in process) into bench/tmp/gen. */
async function generateBenchService(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  writeFileSync(BENCH_WSDL, benchWsdl());
  const { generateAll } = await import('../generator/pipeline.ts');
  const { REST_API, REST_SPEC } = await import('./rest.ts');
  let files: Map<string, string>;
  try {
    files = await generateAll([{ name: 'bench', spec: path.relative(ROOT, BENCH_WSDL) }, { name: REST_API, spec: REST_SPEC }], ROOT);
  } catch (e) {
    // The REST case then reports itself as not available; the SOAP cases still run.
    log(`REST generation failed (${e instanceof Error ? e.message : e}); SOAP only`);
    files = await generateAll([{ name: 'bench', spec: path.relative(ROOT, BENCH_WSDL) }], ROOT);
  }
  writeTree(GEN_DIR, files);
}

const importGen = (rel: string) => import(pathToFileURL(path.join(GEN_DIR, rel)).href);

async function nodeSoapWsdl(): Promise<any> {
  const soapMod: any = await import('soap');
  const soap = soapMod.default ?? soapMod;
  const w = new soap.WSDL(readFileSync(BENCH_WSDL, 'utf8'), 'http://127.0.0.1/bench.asmx?wsdl', {});
  await new Promise<void>((res, rej) => w.onReady((e: Error) => (e ? rej(e) : res())));
  // As node-soap's Client does: the key under which attributes travel.
  w.options.attributesKey = 'attributes';
  return w;
}

// ---------------------------------------------------------------- cases

type CaseFn = (r: CaseResult) => Promise<void>;
const cases: Array<{ id: string; title: string; run: CaseFn }> = [];
const def = (id: string, title: string, run: CaseFn) => cases.push({ id, title, run });

def('decode', 'SOAP decode: asmx response, 100k records', async (r) => {
  const xml = licensesResponse(P.records);
  const mb = Buffer.byteLength(xml) / 1e6;
  r.notes.push(`${P.records} records, ${mb.toFixed(1)} MB`);
  const codec = await importGen('bench/codec.ts');
  const soapRt = await importGen('runtime/soap.ts');
  const ours = () => codec.decodeGetLicensesResponseBody(soapRt.parseEnvelope(xml, { maxBytes: 64 * 1024 * 1024 }).payload);
  // Correctness first: a fast wrong answer is not a result.
  const decoded = ours();
  const list = decoded.GetLicensesResult?.License ?? [];
  if (list.length !== P.records || list[1].Code !== licensesData(2)[1].Code || list[0].Note !== null) throw new Error('generated decoder returned wrong data');
  const wsdl = await nodeSoapWsdl();
  const soapList = wsdl.xmlToObject(xml).Body.GetLicensesResponse.GetLicensesResult.License;
  if (soapList.length !== P.records) throw new Error('node-soap decoded a different number of records');
  const sax = (await import('sax')).default;
  const saxRun = () => {
    const p = sax.parser(true, {});
    let n = 0;
    p.onopentag = () => n++;
    p.ontext = () => {};
    p.onclosetag = () => {};
    p.onerror = (e: Error) => {
      throw e;
    };
    p.write(xml).close();
    return n;
  };
  const mbps = (ms: number[]) => ms.map((t) => mb / (t / 1000));
  r.ours = { label: 'generated codec', unit: 'MB/s', higherIsBetter: true, stats: stats(mbps(repeat(ours, P.runs, P.warm))) };
  const soapM: Measure = { label: 'node-soap', unit: 'MB/s', higherIsBetter: true, stats: stats(mbps(repeat(() => wsdl.xmlToObject(xml), Math.min(P.runs, 3), P.warm))) };
  const saxM: Measure = { label: 'raw sax', unit: 'MB/s', higherIsBetter: true, stats: stats(mbps(repeat(saxRun, Math.min(P.runs, 3), P.warm))) };
  r.peers.push(soapM, saxM);
  r.comparisons.push(compare(r.ours, soapM, { min: 10, text: '≥ 10×' }), compare(r.ours, saxM, { min: 1, text: '> 1×' }));
});

def('encode', 'SOAP encode: the same 100k records', async (r) => {
  const data = licensesData(P.records);
  const codec = await importGen('bench/codec.ts');
  const soapRt = await importGen('runtime/soap.ts');
  const value = { GetLicensesResult: { License: data } };
  const ours = () => soapRt.buildEnvelope('1.1', codec.encodeGetLicensesResponseBody(value));
  const wsdl = await nodeSoapWsdl();
  // node-soap's shape for the same data: attributes under `attributes`.
  const soapValue = { GetLicensesResult: { License: data.map(({ id, ...rest }) => ({ attributes: { id }, ...rest })) } };
  const envelopeHead = '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>';
  const peer = () => envelopeHead + wsdl.objectToDocumentXML('GetLicensesResponse', soapValue, 'tns', BENCH_NS) + '</soap:Body></soap:Envelope>';
  // Both must produce the same records (our output decodes back to the input).
  const back = codec.decodeGetLicensesResponseBody(soapRt.parseEnvelope(ours(), { maxBytes: 64 * 1024 * 1024 }).payload);
  if (back.GetLicensesResult.License.length !== P.records || back.GetLicensesResult.License[3].Code !== data[3].Code) throw new Error('generated encoder lost data');
  const mb = Buffer.byteLength(ours()) / 1e6;
  r.notes.push(`${P.records} records, ${mb.toFixed(1)} MB of XML`);
  const mbps = (ms: number[]) => ms.map((t) => mb / (t / 1000));
  r.ours = { label: 'generated codec', unit: 'MB/s', higherIsBetter: true, stats: stats(mbps(repeat(ours, P.runs, P.warm))) };
  const soapM: Measure = { label: 'node-soap', unit: 'MB/s', higherIsBetter: true, stats: stats(mbps(repeat(peer, Math.min(P.runs, 3), P.warm))) };
  r.peers.push(soapM);
  r.comparisons.push(compare(r.ours, soapM, { min: 10, text: '≥ 10×' }));
});

def('auth', 'Zentitle REST authentication: what a failed attempt costs, by case', async (r) => {
  // Same-run ratios of three failing attempts, interleaved in random order so that machine load
  // falls on all of them alike: a wrong key for a customer with four keys, an unknown customer,
  // and another customer's valid key. Constant-cost authentication makes every ratio ~1.
  const { openStore } = await import('../server/db/store.ts');
  const { ensureDemo } = await import('../server/db/seed.ts');
  const { ZentitleStore } = await import('../server/db/zentitle-store.ts');
  const { FailureLimiter } = await import('../server/auth.ts');
  const dir = path.join(BENCH, 'tmp/auth');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = openStore(dir);
  const demo = ensureDemo(db, dir).zentitle;
  const store = new ZentitleStore(db);
  const caller = { limiter: new FailureLimiter({ perAddress: { burst: 1e9, perSecond: 1 }, perCredential: { burst: 1e9, perSecond: 1 } }), address: '127.0.0.1' };
  const attempts: Record<string, [string, string]> = {
    'wrong key (customer with 4 keys)': [String(demo.customerId), 'wrong-key'],
    'unknown customer': ['99999', demo.keys['READ-WRITE']],
    "another customer's key": [String(demo.customerId), demo.other.readWriteKey],
  };
  const samples = new Map<string, number[]>(Object.keys(attempts).map((k) => [k, []]));
  const rounds = SMOKE ? 3 : 40;
  for (let i = 0; i < rounds; i++) {
    for (const name of Object.keys(attempts).sort(() => Math.random() - 0.5)) {
      const [cid, key] = attempts[name]!;
      const ms = await timeAsync(() => store.verifyApiKey(cid, key, caller));
      if (i > 0) samples.get(name)!.push(ms);
    }
  }
  db.close();
  const measure = (label: string): Measure => ({ label, unit: 'ms', higherIsBetter: false, stats: stats(samples.get(label)!) });
  const [ours, ...peers] = Object.keys(attempts).map(measure);
  r.ours = ours!;
  r.peers.push(...peers);
  for (const peer of peers) {
    const ratio = factor(r.ours, peer);
    r.comparisons.push({ peer: peer.label, factor: ratio, target: '0.8–1.25×', met: ratio !== undefined && ratio >= 0.8 && ratio <= 1.25 });
  }
  r.notes.push(`${rounds - 1} interleaved rounds; each failed attempt runs one scrypt (N=16384, r=8)`);
});

// ---- load cases

interface Server {
  port: number;
  stop: () => Promise<void>;
}

function startServer(kind: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, path.join(BENCH, 'servers.ts'), kind, GEN_DIR], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server ${kind} did not start: ${err.trim().slice(-500)}`));
    }, 30_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          port: Number(m[1]),
          stop: () =>
            new Promise<void>((res) => {
              child.once('close', () => res());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`server ${kind} exited (${code}): ${err.trim().slice(-500)}`));
    });
  });
}

interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Checks one response body; throws when the server answered wrongly. */
  verify: (status: number, body: string) => void;
}

async function fetchOnce(port: number, req: LoadRequest): Promise<{ status: number; body: string }> {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** autocannon against one server at one concurrency: req/s per run, and p99 latency. */
async function load(port: number, req: LoadRequest, connections: number): Promise<{ rps: number[]; p99: number[] }> {
  const autocannon = (await import('autocannon')).default;
  const once = (duration: number) =>
    new Promise<any>((resolve, reject) =>
      autocannon(
        { url: `http://127.0.0.1:${port}${req.path}`, method: req.method as any, headers: req.headers, body: req.body, connections, duration, pipelining: 1 },
        (err: Error | null, res: any) => (err ? reject(err) : resolve(res)),
      ),
    );
  await once(Math.max(0.3, P.loadSec / 2)); // warm-up
  const rps: number[] = [];
  const p99: number[] = [];
  for (let i = 0; i < P.loadRuns; i++) {
    const res = await once(P.loadSec);
    if (res.errors || res.non2xx || res.timeouts) throw new Error(`load run had ${res.errors} errors, ${res.non2xx} non-2xx, ${res.timeouts} timeouts`);
    rps.push(res.requests.total / (res.duration || P.loadSec));
    p99.push(res.latency.p99);
  }
  return { rps, p99 };
}

/** One load case: each server in turn (its own process), every concurrency. */
async function loadCase(r: CaseResult, servers: Array<{ kind: string; label: string }>, req: LoadRequest, targets: Record<string, { min: number; text: string }>): Promise<void> {
  const per: Record<string, Record<number, { rps: number[]; p99: number[] }>> = {};
  for (const s of servers) {
    const server = await startServer(s.kind);
    try {
      const first = await fetchOnce(server.port, req);
      req.verify(first.status, first.body);
      per[s.kind] = {};
      for (const c of P.conc) {
        per[s.kind][c] = await load(server.port, req, c);
        log(`  ${s.label} c=${c}: ${stats(per[s.kind][c].rps).median.toFixed(0)} req/s`);
      }
    } catch (e) {
      throw new Error(`${s.label}: ${e instanceof Error ? e.message : e}`);
    } finally {
      await server.stop();
    }
  }
  // Headline figure: the highest concurrency; every concurrency is in `extra`.
  const top = P.conc[P.conc.length - 1];
  const measure = (s: { kind: string; label: string }): Measure => ({
    label: s.label,
    unit: 'req/s',
    higherIsBetter: true,
    stats: stats(per[s.kind][top].rps),
    extra: Object.fromEntries(P.conc.map((c) => [`c${c}`, { rps: stats(per[s.kind][c].rps).median, p99ms: stats(per[s.kind][c].p99).median }])),
  });
  r.ours = measure(servers[0]);
  for (const s of servers.slice(1)) {
    const m = measure(s);
    r.peers.push(m);
    r.comparisons.push(compare(r.ours, m, targets[s.kind]));
  }
  r.notes.push(`headline at ${top} connections; per concurrency (req/s, p99 ms): ` + servers.map((s) => `${s.label} ` + P.conc.map((c) => `c${c} ${stats(per[s.kind][c].rps).median.toFixed(0)}/${stats(per[s.kind][c].p99).median}`).join(' ')).join('; '));
}

def('soap-server', 'SOAP server: 30-field request, 20-item reply', async (r) => {
  const body = orderRequestEnvelope();
  await loadCase(
    r,
    [
      { kind: 'ours-soap', label: 'generated server' },
      { kind: 'node-soap', label: 'node-soap server' },
      { kind: 'ceiling-soap', label: 'node:http fixed bytes' },
    ],
    {
      method: 'POST',
      path: '/bench.asmx',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${BENCH_NS}SubmitOrder"` },
      body,
      verify: (status, text) => {
        const lines = text.match(/<(\w+:)?LicenseCode>/g)?.length ?? 0;
        if (status !== 200 || lines !== 20) throw new Error(`unexpected reply (HTTP ${status}, ${lines} lines): ${text.slice(0, 300)}`);
      },
    },
    { 'node-soap': { min: 3, text: '≥ 3×' }, 'ceiling-soap': { min: 0.5, text: '≥ 0.5×' } },
  );
});

def('rest-server', 'REST server: GET with JSON body, validated', async (r) => {
  const ready = await prepareRestServer();
  if (typeof ready === 'string') {
    r.ours = { label: 'generated REST server', unit: 'req/s', higherIsBetter: true, unavailable: ready };
    return;
  }
  await loadCase(
    r,
    [
      { kind: 'ours-rest', label: 'generated REST server' },
      { kind: 'ceiling-rest', label: 'node:http JSON echo' },
    ],
    {
      method: 'GET',
      path: ready.path,
      headers: { 'content-type': 'application/json', ...ready.headers },
      body: ready.body,
      verify: (status, text) => {
        if (status !== 200 || JSON.parse(text).licensecode !== JSON.parse(ready.body).licensecode) throw new Error(`HTTP ${status}: ${text.slice(0, 300)}`);
      },
    },
    { 'ceiling-rest': { min: 0.5, text: '≥ 0.5×' } },
  );
});

/** The REST subject: the generated server for the Zentitle REST contract, behind a bench handler. */
async function prepareRestServer(): Promise<string | { path: string; headers: Record<string, string>; body: string }> {
  const { prepareRest } = await import('./rest.ts');
  return prepareRest(GEN_DIR);
}

def('validators', 'validators: ~20-property nested schema', async (r) => {
  const validators = await importGen('bench/validators.ts');
  const { Ajv } = await import('ajv');
  const ajv = new Ajv({ strict: true });
  const ajvValidate = ajv.compile(customerJsonSchema());
  const samples = Array.from({ length: 64 }, (_, i) => customerSample(i));
  // Both must accept the valid samples and reject a broken one.
  for (const s of samples) {
    const issues: unknown[] = [];
    validators.validateCustomer(s, '', issues);
    if (issues.length) throw new Error(`generated validator rejected a valid sample: ${JSON.stringify(issues[0])}`);
    if (!ajvValidate(s)) throw new Error(`ajv rejected a valid sample: ${ajv.errorsText(ajvValidate.errors)}`);
  }
  const bad = { ...customerSample(1), Seats: 0 };
  const issues: unknown[] = [];
  validators.validateCustomer(bad, '', issues);
  if (!issues.length || ajvValidate(bad)) throw new Error('a validator accepted Seats = 0');
  const n = P.validations;
  const ours = () => {
    for (let i = 0; i < n; i++) {
      const issues: unknown[] = [];
      validators.validateCustomer(samples[i & 63], '', issues);
      if (issues.length) throw new Error('unexpected issue');
    }
  };
  const peer = () => {
    for (let i = 0; i < n; i++) if (!ajvValidate(samples[i & 63])) throw new Error('unexpected ajv error');
  };
  const perSec = (ms: number[]) => ms.map((t) => n / (t / 1000));
  r.ours = { label: 'generated validators', unit: 'validations/s', higherIsBetter: true, stats: stats(perSec(repeat(ours, P.runs, P.warm + 1))) };
  const m: Measure = { label: 'ajv (compiled)', unit: 'validations/s', higherIsBetter: true, stats: stats(perSec(repeat(peer, P.runs, P.warm + 1))) };
  r.peers.push(m);
  r.comparisons.push(compare(r.ours, m, { min: 1, text: '≥ 1×' }));
  r.notes.push(`${n} validations per run over 64 distinct valid records`);
});

def('gen-wsdl', 'gen: synthetic WSDL, 2,000 operations', async (r) => {
  const spec = path.join(TMP, `synthetic-${P.genOps}.wsdl`);
  writeFileSync(spec, syntheticWsdl(P.genOps));
  r.notes.push(`${P.genOps} operations, ${(statSync(spec).size / 1e6).toFixed(1)} MB WSDL`);
  const oursOut = path.join(TMP, 'gen-wsdl-ours');
  r.ours = await measureCli('gen (CLI)', () => [GEN_BIN, spec, '--out', oursOut, '--name', 'synthetic'], P.cliRuns, { budgetMs: 90_000, timeoutMs: 600_000, before: () => rmSync(oursOut, { recursive: true, force: true }) });
  if (r.ours.stats) r.ours.extra = { outputBytes: dirBytes(oursOut) };
  const peerOut = path.join(TMP, 'gen-wsdl-wsdl-tsclient');
  const peer = await measureCli('wsdl-tsclient', () => [path.join(PEERS, 'wsdl-tsclient/dist/src/cli.js'), spec, '-o', peerOut], P.cliRuns, {
    budgetMs: 60_000,
    timeoutMs: 600_000,
    before: () => rmSync(peerOut, { recursive: true, force: true }),
  });
  r.peers.push(peer);
  if (peer.stats && peer.stats.runs < P.cliRuns) r.notes.push(`wsdl-tsclient ran ${peer.stats.runs}× only (over a minute a run)`);
  r.comparisons.push(compare(r.ours, peer, { min: 20, text: '≥ 20×' }));
  if (r.ours.stats) r.checks.push({ what: 'gen wall time (s)', value: r.ours.stats.median / 1000, target: '< 5 s', met: SMOKE ? undefined : r.ours.stats.median < 5000 });
});

def('startup', 'gen start-up: --help, and a 10-operation WSDL and OpenAPI document', async (r) => {
  const runs = SMOKE ? 2 : 10;
  const otBin = path.join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
  r.ours = await measureCli('gen --help', () => [GEN_BIN, '--help'], runs);
  // Peers that sit in this repo's node_modules run from there, as ours runs from dist/.
  const otHelp = await measureCli('openapi-typescript --help', () => [otBin, '--help'], runs);
  r.peers.push(otHelp);
  r.comparisons.push(compare(r.ours, otHelp, { min: 1, text: '≥ 1×' }));
  if (r.ours.stats) r.checks.push({ what: 'gen --help median (ms)', value: r.ours.stats.median, target: '< 500 ms', met: r.ours.stats.median < 500 });
  const wsdl = path.join(TMP, 'startup-10.wsdl');
  const openapi = path.join(TMP, 'startup-10.openapi.json');
  writeFileSync(wsdl, syntheticWsdl(10));
  writeFileSync(openapi, JSON.stringify(syntheticOpenApi(10), null, 2));
  const out = path.join(TMP, 'startup-out');
  const clean = () => rmSync(out, { recursive: true, force: true });
  for (const [what, file, target] of [['WSDL', wsdl, 600], ['OpenAPI', openapi, 1000]] as const) {
    const m = await measureCli(`gen, 10-operation ${what}`, () => [GEN_BIN, file, '--out', out, '--name', 'api', '--quiet'], runs, { before: clean });
    r.peers.push(m);
    if (m.stats) r.checks.push({ what: `gen on a 10-operation ${what}, median (ms)`, value: m.stats.median, target: `< ${target} ms`, met: m.stats.median < target });
  }
  const otTen = await measureCli('openapi-typescript, 10-operation OpenAPI (types only)', () => [otBin, openapi, '-o', path.join(TMP, 'startup-ot.ts'), '--redocly', path.join(BENCH, 'redocly.yaml')], runs);
  r.peers.push(otTen);
});

/** GitHub's description (or, in smoke runs, a small synthetic OpenAPI document). */
function openApiInput(): { file: string; what: string } {
  if (P.openapiOps) {
    const file = path.join(TMP, `synthetic-${P.openapiOps}.openapi.json`);
    writeFileSync(file, JSON.stringify(syntheticOpenApi(P.openapiOps), null, 2));
    return { file, what: `synthetic OpenAPI, ${P.openapiOps} operations` };
  }
  const file = path.join(PEERS, '@octokit/openapi/generated/api.github.com.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  let ops = 0;
  for (const item of Object.values<any>(doc.paths)) for (const k of Object.keys(item)) if (['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].includes(k)) ops++;
  return { file, what: `GitHub api.github.com.json (@octokit/openapi ${JSON.parse(readFileSync(path.join(PEERS, '@octokit/openapi/package.json'), 'utf8')).version}), ${ops} operations, ${(statSync(file).size / 1e6).toFixed(1)} MB` };
}

const OT_OUT = path.join(TMP, 'gen-openapi-openapi-typescript/schema.ts');
const OURS_OPENAPI_OUT = path.join(TMP, 'gen-openapi-ours');

def('gen-openapi', "gen: GitHub's OpenAPI description", async (r) => {
  const input = openApiInput();
  r.notes.push(input.what);
  r.ours = await measureCli('gen (CLI: types, client, server, validators)', () => [GEN_BIN, input.file, '--out', OURS_OPENAPI_OUT, '--name', 'github'], P.cliRuns, {
    budgetMs: 90_000,
    timeoutMs: 600_000,
    before: () => rmSync(OURS_OPENAPI_OUT, { recursive: true, force: true }),
  });
  const ot = await measureCli('openapi-typescript (types only)', () => [path.join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), input.file, '-o', OT_OUT, '--redocly', path.join(BENCH, 'redocly.yaml')], P.cliRuns);
  const heyOut = path.join(TMP, 'gen-openapi-hey-api');
  const hey = await measureCli('@hey-api/openapi-ts', () => [path.join(PEERS, '@hey-api/openapi-ts/bin/run.js'), '-i', input.file, '-o', heyOut], Math.max(1, P.cliRuns - 1), {
    budgetMs: 60_000,
    timeoutMs: 600_000,
    before: () => rmSync(heyOut, { recursive: true, force: true }),
  });
  const orvalOut = path.join(TMP, 'gen-openapi-orval');
  const orval = await measureCli('orval', () => [path.join(PEERS, 'orval/dist/bin/orval.js'), '--input', input.file, '--output', path.join(orvalOut, 'api.ts')], Math.max(1, P.cliRuns - 1), {
    budgetMs: 60_000,
    timeoutMs: 600_000,
    before: () => rmSync(orvalOut, { recursive: true, force: true }),
  });
  r.peers.push(ot, hey, orval);
  r.comparisons.push(compare(r.ours, ot, { min: 1 / 1.3, text: '≥ 0.77× (≤ 1.3× the time)' }), compare(r.ours, hey, { min: 1, text: '> 1×' }), compare(r.ours, orval, { min: 1, text: '> 1×' }));
  if (!SMOKE) r.notes.push('openapi-typescript runs with bench/redocly.yaml (lint rules off: the current description fails its default lint)');
});

def('tsc', 'tsc --noEmit on the generated output (GitHub)', async (r) => {
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const oursDir = OURS_OPENAPI_OUT;
  const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, allowImportingTsExtensions: true, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules/@types')] };
  if (!existsSync(path.join(oursDir, 'github'))) {
    r.ours = { label: 'our output', unit: 'ms', higherIsBetter: false, unavailable: 'no generated output for the OpenAPI input (the gen-openapi case failed or did not run)' };
  } else {
    writeFileSync(path.join(oursDir, 'tsconfig.bench.json'), JSON.stringify({ compilerOptions, include: ['**/*.ts'] }, null, 2));
    r.ours = await measureCli('our output', () => [tsc, '-p', path.join(oursDir, 'tsconfig.bench.json')], P.cliRuns);
  }
  if (!existsSync(OT_OUT)) {
    r.peers.push({ label: "openapi-typescript's output", unit: 'ms', higherIsBetter: false, unavailable: 'openapi-typescript produced no output in this run' });
    return;
  }
  writeFileSync(path.join(path.dirname(OT_OUT), 'tsconfig.bench.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2));
  const peer = await measureCli("openapi-typescript's output", () => [tsc, '-p', path.join(path.dirname(OT_OUT), 'tsconfig.bench.json')], P.cliRuns);
  r.peers.push(peer);
  r.comparisons.push(compare(r.ours, peer, { min: 1 / 1.5, text: '≥ 0.67× (≤ 1.5× the time)' }));
});

def('scaling', 'codegen scaling: 250 → 2,000 operations', async (r) => {
  const { generateAll } = await import('../generator/pipeline.ts');
  const points: Array<{ ops: number; ms: Stats }> = [];
  for (const ops of P.scale) {
    const spec = path.join(TMP, `synthetic-${ops}.wsdl`);
    writeFileSync(spec, syntheticWsdl(ops));
    const rel = path.relative(ROOT, spec);
    const samples: number[] = [];
    // One warm-up at the smallest size so module loading is not in the first point.
    if (!points.length) await generateAll([{ name: 'synthetic', spec: rel }], ROOT);
    for (let i = 0; i < P.scaleRuns; i++) {
      if (i > 0 && samples[0] > 30_000) break; // slow points: one run
      if (global.gc) global.gc();
      samples.push(await timeAsync(() => generateAll([{ name: 'synthetic', spec: rel }], ROOT)));
    }
    points.push({ ops, ms: stats(samples) });
    log(`  ${ops} ops: ${(stats(samples).median / 1000).toFixed(2)} s`);
    // Keep the whole bench within its budget: a point over 2 minutes ends the series.
    if (stats(samples).median > 120_000) {
      r.notes.push(`stopped after ${ops} operations (over 2 minutes a point)`);
      break;
    }
  }
  // Least-squares slope of log(time) on log(ops): 1 is linear.
  const xs = points.map((p) => Math.log(p.ops));
  const ys = points.map((p) => Math.log(p.ms.median));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const last = points[points.length - 1];
  r.ours = { label: 'gen (in-process)', unit: 'ms', higherIsBetter: false, stats: last.ms, extra: { points: points.map((p) => ({ ops: p.ops, medianMs: p.ms.median, spreadPct: p.ms.spreadPct })), exponent: slope } };
  r.notes.push(points.map((p) => `${p.ops}: ${(p.ms.median / 1000).toFixed(2)} s`).join(', '));
  r.checks.push({ what: 'fitted exponent (time ∝ ops^k)', value: slope, target: 'k ≈ 1 (≤ 1.15)', met: SMOKE ? undefined : slope <= 1.15 });
});

// ---------------------------------------------------------------- table

function fmt(n: number | undefined, unit?: string): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  if (unit === 'ms') return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(0)} ms`;
  if (n >= 100) return n.toFixed(0);
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

const cell = (m: Measure) => (m.stats ? `${fmt(m.stats.median, m.unit)}${m.unit === 'ms' ? '' : ` ${m.unit}`} ±${m.stats.spreadPct.toFixed(0)}%${m.peakRssMiB ? `, ${m.peakRssMiB.toFixed(0)} MiB` : ''}` : `not available`);

export function table(results: CaseResult[]): string {
  const rows: string[][] = [['case', 'ours (median ±spread)', 'peer', 'peer (median ±spread)', 'ours vs peer', 'target', 'met']];
  for (const r of results) {
    if (r.error) {
      rows.push([r.title, `error: ${r.error.split('\n')[0].slice(0, 120)}`, '', '', '', '', '✗']);
      continue;
    }
    const first = [r.title, cell(r.ours)];
    if (!r.peers.length && !r.checks.length) rows.push([...first, '–', '–', '–', '–', r.ours.unavailable ? `n/a: ${r.ours.unavailable.split('\n')[0].slice(0, 100)}` : '']);
    r.peers.forEach((p, i) => {
      const c = r.comparisons.find((x) => x.peer === p.label);
      const f = c?.factor;
      rows.push([i ? '' : first[0], i ? '' : first[1], p.label, cell(p), f === undefined ? '–' : `${fmt(f)}×`, c?.target ?? '', c?.met === undefined ? (p.unavailable || r.ours.unavailable ? 'n/a' : '') : c.met ? '✓' : '✗']);
    });
    for (const ch of r.checks) rows.push([r.peers.length ? '' : r.title, r.peers.length ? '' : cell(r.ours), ch.what, '', ch.value === undefined ? '–' : fmt(ch.value), ch.target, ch.met === undefined ? '' : ch.met ? '✓' : '✗']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

function machine(): Record<string, unknown> {
  const cpu = (() => {
    try {
      return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
    } catch {
      return os.cpus()[0]?.model;
    }
  })();
  return { nproc: os.availableParallelism(), cpu, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${os.platform()} ${os.release()}`, loadavg: os.loadavg().map((x) => +x.toFixed(2)) };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = Date.now();
  // Loaders record spec paths relative to the working directory; run from the root like `npm run bench`.
  process.chdir(ROOT);
  ensurePeers();
  ensureBuilt();
  await generateBenchService();
  const results: CaseResult[] = [];
  for (const c of cases) {
    if (ONLY && !ONLY.includes(c.id)) continue;
    log(`${c.id}: ${c.title}`);
    const r: CaseResult = { id: c.id, title: c.title, ours: { label: 'ours', unit: '', higherIsBetter: true }, peers: [], comparisons: [], checks: [], notes: [], seconds: 0 };
    const t0 = Date.now();
    try {
      await c.run(r);
    } catch (e) {
      r.error = e instanceof Error ? e.message : String(e);
      log(`  failed: ${r.error}`);
    }
    r.seconds = (Date.now() - t0) / 1000;
    results.push(r);
  }
  const out = { smoke: SMOKE, date: new Date().toISOString(), machine: machine(), totalSeconds: (Date.now() - started) / 1000, results };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);
  console.log(table(results));
  console.log('');
  for (const r of results) for (const n of r.notes) console.log(`- ${r.id}: ${n}`);
  for (const r of results) {
    if (r.ours.unavailable) console.log(`- ${r.id}: ours not available: ${r.ours.unavailable}`);
    for (const p of r.peers) if (p.unavailable) console.log(`- ${r.id}: ${p.label} not available: ${p.unavailable}`);
  }
  console.log(`\n${SMOKE ? 'smoke run' : 'run'} took ${out.totalSeconds.toFixed(0)} s on ${JSON.stringify(out.machine)}; results in ${path.relative(ROOT, OUT)}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
