/**
 * Seeded fuzzing of the running reference server, every SOAP and REST endpoint: each input is a
 * valid seed request (with the demo credentials) and one or two mutations of its bytes, its
 * structure, its inner documents or its headers. Whatever the client sends, the server must
 * answer as the caller's mistake or normally: no `Server`/`Receiver` fault and no 5xx, every SOAP
 * answer well-formed, every normal SOAP answer decodable by the generated codec, every JSON answer
 * parseable; afterwards the process is alive, still serves the unmutated requests, and its memory
 * stayed bounded. The same seed gives the same inputs on every run (CG_FUZZ_SEED overrides it,
 * CG_FUZZ_INPUTS the count).
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildEnvelope, parseEnvelope } from '../../generated/runtime/soap.ts';
import { ROOT } from '../support/external.ts';
import { ALL_WSDL_APIS, generated, operations, ports, readExample, seedCases, type SoapApiName } from '../generator/support/seeds.ts';
import { startServer, type RunningServer } from './harness.ts';

const SEED = Number(process.env.CG_FUZZ_SEED ?? 20261202);
const INPUTS = Number(process.env.CG_FUZZ_INPUTS ?? 20_000);
const CONCURRENCY = 8;
/** The server's resident memory may not grow past this while being fuzzed. */
const MAX_RSS_MIB = 512;

/** mulberry32: a small seeded PRNG, so every run sends the same inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Input {
  /** Which endpoint and operation the unmutated request calls. */
  api: string;
  operation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

interface SoapBase extends Input {
  kind: 'soap';
  version: '1.1' | '1.2';
  soapApi: SoapApiName;
}

interface RestBase extends Input {
  kind: 'rest';
}

type Base = SoapBase | RestBase;

const SOAP_PATHS: Record<SoapApiName, string> = {
  genopro: '/ws.asmx',
  xformation: '/soap/type/vendor/version/1',
  solo: '/solo/webservices/XmlLicenseService.asmx',
  zentitle: '/shaferws.asmx',
};

function soapHeaders(version: '1.1' | '1.2', action: string): Record<string, string> {
  return version === '1.2'
    ? { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` }
    : { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` };
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Replaces the seed's vendor credentials by the demo store's, so that requests reach the handlers. */
function withDemoCredentials(value: unknown, srv: RunningServer): unknown {
  const solo = srv.demo.solo;
  const replacements: Record<string, unknown> = { AuthorID: String(solo.authorId), UserID: solo.userId, UserPassword: solo.userPassword, token: srv.demo.xformation.token };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k in replacements && (typeof x === 'string' || typeof x === 'number') ? (typeof x === 'number' ? Number(replacements[k]) : replacements[k]) : walk(x)]));
  };
  return walk(value);
}

async function soapBases(srv: RunningServer): Promise<SoapBase[]> {
  const out: SoapBase[] = [];
  for (const api of ALL_WSDL_APIS) {
    const versions = [...new Set(ports(api).map((p) => p.port.binding.version))];
    const payloads: { op: string; action: string; body: string; encoded?: { namespaces: Record<string, string>; encodingStyle?: string } }[] = [];
    if (api === 'zentitle') {
      // Zentitle's fixtures are the inner documents themselves: Auth (demo credentials) and each method's Data.
      const auth = readExample('zentitle-soap', 'Auth.xml').replace(/<!--[\s\S]*?-->\s*/g, '');
      for (const op of operations(api)) {
        const file = `${op.name}.data.xml`;
        const data = fs.existsSync(path.join(ROOT, 'specs/examples/zentitle-soap', file)) ? readExample('zentitle-soap', file).replace(/<!--[\s\S]*?-->\s*/g, '') : '<data></data>';
        const ns = op.input.element!.ns;
        payloads.push({ op: op.name, action: op.soapAction, body: `<${op.input.element!.local} xmlns="${ns}"><Auth>${escapeText(auth)}</Auth><Data>${escapeText(data)}</Data></${op.input.element!.local}>` });
      }
    } else {
      const { codec } = await generated(api);
      for (const c of await seedCases(api)) {
        const body = codec[`encode${c.op.name}RequestBody`]!(withDemoCredentials(c.request, srv)) as string;
        const encoded = c.op.use === 'encoded' ? { namespaces: codec.ENCODED_NAMESPACES as unknown as Record<string, string>, ...(c.op.encodingStyle ? { encodingStyle: c.op.encodingStyle } : {}) } : undefined;
        payloads.push({ op: c.op.name, action: c.op.soapAction, body, ...(encoded ? { encoded } : {}) });
      }
    }
    for (const p of payloads) {
      for (const version of versions) {
        out.push({
          kind: 'soap',
          soapApi: api,
          version,
          api,
          operation: p.op,
          method: 'POST',
          path: SOAP_PATHS[api],
          headers: soapHeaders(version, p.action),
          body: buildEnvelope(version, p.body, p.encoded),
        });
      }
    }
  }
  return out;
}

function restBases(srv: RunningServer): RestBase[] {
  const spec = parseYaml(fs.readFileSync(path.join(ROOT, 'specs/zentitle.openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string; 'x-key-types'?: string[] }>> };
  const fixtures = fs.readdirSync(path.join(ROOT, 'specs/examples/zentitle-rest'));
  const keys = srv.demo.zentitle.keys as Record<string, string>;
  const out: RestBase[] = [];
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op.operationId) continue;
      const keyType = op['x-key-types']?.[0] ?? 'READ-WRITE';
      const file = fixtures.find((f) => f === `${op.operationId}.request.json`) ?? fixtures.find((f) => f.startsWith(`${op.operationId}.`) && f.endsWith('.request.json'));
      const body = file ? readExample('zentitle-rest', file) : '';
      out.push({
        kind: 'rest',
        api: 'zentitle-rest',
        operation: op.operationId,
        method: method.toUpperCase(),
        path: route,
        headers: { authorization: `bearer ${srv.demo.zentitle.customerId}:${keys[keyType]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
      });
    }
  }
  return out;
}

// ---- mutations ---------------------------------------------------------------------------------

const JUNK = [
  '<', '>', '&', '&amp;', '&#0;', '&#xD800;', '&bogus;', '"', "'", ']]>', '<![CDATA[', '<!--', '<?pi?>', '\u0000', '\uFFFE', '\uD800',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>', '<!ENTITY x SYSTEM "file:///etc/passwd">',
  '&lt;data&gt;', '&lt;data&gt;&lt;/dat&gt;', '&lt;!DOCTYPE data&gt;&lt;data/&gt;', '&lt;auth&gt;&lt;/auth&gt;&lt;auth/&gt;',
  'xsi:nil="true"', ' xsi:type="xsd:int"', ' xmlns=""', ' xmlns:soap="urn:other"', ' a="1" a="2"',
  '-1', '0', '99999999999999999999999999', '1e309', 'NaN', 'true', '2026-13-45', 'P1Y', '１２３', 'ÿ', '\r\n', ' ', '',
];

/** Nested elements or attributes beyond the parser's limits, as text or as escaped inner-document text. */
function deep(n: number, escaped: boolean): string {
  const lt = escaped ? '&lt;' : '<';
  const gt = escaped ? '&gt;' : '>';
  return `${lt}a${gt}`.repeat(n) + `${lt}/a${gt}`.repeat(n);
}
function manyAttributes(n: number): string {
  return `<x ${Array.from({ length: n }, (_, i) => `a${i}="${i}"`).join(' ')}/>`;
}

type Rand = () => number;
const pick = <T,>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: Rand, n: number): number => Math.floor(r() * n);

function junk(r: Rand): string {
  const roll = r();
  if (roll < 0.05) return deep(300 + int(r, 200), r() < 0.5);
  if (roll < 0.08) return manyAttributes(300 + int(r, 100));
  if (roll < 0.1) return 'x'.repeat(10_000 + int(r, 50_000));
  return pick(r, JUNK);
}

/** Text of every element holding only text, with its position, for content mutations. */
function textSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const re = />([^<]*)</g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) spans.push({ start: m.index + 1, end: m.index + 1 + m[1]!.length });
  return spans;
}

/** Tags present in the text, to remove, duplicate or rename. */
function tagSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const re = /<[^>]*>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

function mutateText(r: Rand, s: string): string {
  const at = int(r, s.length + 1);
  switch (int(r, 9)) {
    case 0: return s.slice(0, at); // truncated
    case 1: { const end = Math.min(s.length, at + 1 + int(r, 40)); return s.slice(0, at) + s.slice(end); } // a span deleted
    case 2: { const end = Math.min(s.length, at + 1 + int(r, 80)); return s.slice(0, end) + s.slice(at, end) + s.slice(end); } // a span repeated
    case 3: return s.slice(0, at) + junk(r) + s.slice(at); // junk inserted anywhere
    case 4: { const spans = textSpans(s); if (!spans.length) return s; const t = pick(r, spans); return s.slice(0, t.start) + junk(r) + s.slice(t.end); } // an element's text replaced
    case 5: { const spans = tagSpans(s); if (!spans.length) return s; const t = pick(r, spans); return s.slice(0, t.start) + s.slice(t.end); } // a tag removed
    case 6: { const spans = tagSpans(s); if (!spans.length) return s; const t = pick(r, spans); return s.slice(0, t.end) + s.slice(t.start, t.end) + s.slice(t.end); } // a tag doubled
    case 7: { const spans = textSpans(s).filter((t) => t.end > t.start); if (!spans.length) return s; const t = pick(r, spans); return s.slice(0, t.start) + s.slice(t.start, t.end).split('').reverse().join('') + s.slice(t.end); }
    default: { const spans = tagSpans(s); if (!spans.length) return s; const t = pick(r, spans); return s.slice(0, t.start) + s.slice(t.start, t.end).replace(/^<(\/?)([\w.:-]+)/, (_, slash: string) => `<${slash}${pick(r, ['Bogus', 'soap:Body', 'Fault', 'xs:element', 'a:b'])}`) + s.slice(t.end); }
  }
}

function mutateSoap(r: Rand, base: SoapBase, bases: SoapBase[]): Input {
  const headers = { ...base.headers };
  let body: string | Buffer = base.body;
  const rounds = 1 + int(r, 2);
  for (let i = 0; i < rounds; i++) {
    const roll = r();
    if (roll < 0.7) body = mutateText(r, typeof body === 'string' ? body : body.toString('latin1'));
    else if (roll < 0.75) body = buildEnvelope(base.version, ''); // an empty Body
    else if (roll < 0.8) body = buildEnvelope(base.version, pick(r, bases.filter((b) => b.soapApi === base.soapApi)).body.toString().replace(/^[\s\S]*?<(?:\w+:)?Body[^>]*>|<\/(?:\w+:)?Body>[\s\S]*$/g, '')); // another operation's payload under this action
    else if (roll < 0.84) delete headers['soapaction'];
    else if (roll < 0.88) headers['content-type'] = pick(r, ['text/xml', 'application/soap+xml', 'application/json', 'text/plain', 'text/xml; charset=iso-8859-1', 'text/xml; charset=bogus', 'multipart/related; boundary=x']);
    else if (roll < 0.92) headers[base.version === '1.2' ? 'content-type' : 'soapaction'] = base.version === '1.2' ? 'application/soap+xml; action="urn:unknown"' : '"urn:unknown"';
    else if (roll < 0.96) body = Buffer.concat([Buffer.from(typeof body === 'string' ? body : body.toString('latin1'), 'utf8').subarray(0, 200), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(typeof body === 'string' ? body.slice(200) : '', 'utf8')]); // invalid UTF-8
    else body = pick(r, ['', ' ', '<', '<?xml version="1.0"?>', 'not xml', '{"json":true}', '<Envelope/>', `<soap:Envelope xmlns:soap="${base.version === '1.2' ? 'http://www.w3.org/2003/05/soap-envelope' : 'http://schemas.xmlsoap.org/soap/envelope/'}"><soap:Header><x soap:mustUnderstand="1"/></soap:Header><soap:Body/></soap:Envelope>`]);
  }
  return { ...base, headers, body };
}

function mutateJsonValue(r: Rand, v: unknown, depth = 0): unknown {
  if (v !== null && typeof v === 'object' && depth < 4 && r() < 0.7) {
    if (Array.isArray(v)) return v.length ? v.map((x, i) => (i === int(r, v.length) ? mutateJsonValue(r, x, depth + 1) : x)) : [mutateJsonValue(r, 'x', depth + 1)];
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.length) return { [pick(r, ['productid', 'licensecode', 'x'])]: mutateJsonValue(r, null, depth + 1) };
    const i = int(r, entries.length);
    const roll = r();
    if (roll < 0.15) entries.splice(i, 1); // a field dropped
    else if (roll < 0.25) entries.push([pick(r, ['unknownField', '__proto__', 'constructor', '']), 'x']);
    else entries[i] = [entries[i]![0], mutateJsonValue(r, entries[i]![1], depth + 1)];
    return Object.fromEntries(entries);
  }
  return pick(r, [null, true, false, 0, -1, 1.5, 1e308, -0, '', ' ', 'x'.repeat(5000), '2026-13-45', '../../etc/passwd', '%00', '\u0000', '\uD800', [], {}, [[[[]]]], { a: { b: { c: {} } } }, 'null', '1 OR 1=1', String(2 ** 63)]);
}

function mutateRest(r: Rand, base: RestBase, bases: RestBase[]): Input {
  const headers = { ...base.headers };
  let body: string | Buffer = base.body;
  let method = base.method;
  let urlPath = base.path;
  const roll = r();
  if (roll < 0.4 && body) {
    try {
      body = JSON.stringify(mutateJsonValue(r, JSON.parse(body as string)));
    } catch {
      body = mutateText(r, body as string);
    }
  } else if (roll < 0.6) body = mutateText(r, (body as string) || '{}');
  else if (roll < 0.65) body = pick(r, ['', '{', '[', 'null', '"str"', '123', '{"a":1}{"b":2}', '\uFEFF{}', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}', 'x'.repeat(100_000)]);
  else if (roll < 0.72) headers['content-type'] = pick(r, ['text/plain', 'application/xml', 'application/json; charset=bogus', 'application/x-www-form-urlencoded', '', 'application/json; charset=utf-16']);
  else if (roll < 0.76) headers['authorization'] = pick(r, ['', 'bearer', 'bearer :', 'bearer 1234:', 'bearer 01234:x', 'bearer 1234:wrong', 'bearer abc:def', 'Basic Zm9vOmJhcg==', 'bearer 99999999999999999999:x', `bearer ${'9'.repeat(400)}:x`]);
  else if (roll < 0.8) delete headers['authorization'];
  else if (roll < 0.86) method = pick(r, ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'BREW']);
  else if (roll < 0.92) urlPath = base.path + pick(r, ['/', '/x', '/..', '/%', '/%2e%2e/%2e%2e', '?', '?a=1&a=2', '?x=%E0%A4%A', '//', '/' + 'a'.repeat(3000), ';x=1']);
  else if (roll < 0.96) body = pick(r, bases).body; // another operation's body
  else body = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // invalid UTF-8 in a string
  return { ...base, method, path: urlPath, headers, body };
}

// ---- sending and judging -----------------------------------------------------------------------

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

function send(srv: RunningServer, agent: http.Agent, input: Input): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
    const req = http.request(
      { host: '127.0.0.1', port: srv.port, method: input.method, path: input.path, agent, headers: { ...input.headers, 'content-length': String(body.byteLength) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

type Verdict = { ok: true; kind: string } | { ok: false; why: string };

const SERVER_FAULT = /^(?:[\w.-]+:)?(?:Server|Receiver)$/;

async function judgeSoap(input: SoapBase, answer: Answer, codecs: Map<SoapApiName, Record<string, (...a: unknown[]) => unknown>>): Promise<Verdict> {
  if (answer.status >= 500 && !/xml/.test(answer.contentType)) return { ok: false, why: `HTTP ${answer.status} without a SOAP fault` };
  if (!/xml/.test(answer.contentType)) return answer.status >= 400 ? { ok: true, kind: `HTTP ${answer.status}` } : { ok: false, why: `HTTP ${answer.status} ${answer.contentType}` };
  let env;
  try {
    env = parseEnvelope(answer.text);
  } catch (e) {
    return { ok: false, why: `answer is not a well-formed SOAP envelope: ${(e as Error).message}` };
  }
  const payload = env.payload;
  if (payload?.local === 'Fault') {
    const code = env.version === '1.2'
      ? payload.children.find((c) => c.local === 'Code')?.children.find((c) => c.local === 'Value')?.text.trim()
      : payload.children.find((c) => c.local === 'faultcode')?.text.trim();
    if (code === undefined) return { ok: false, why: 'Fault without a code' };
    if (SERVER_FAULT.test(code)) return { ok: false, why: `Server fault: ${answer.text.slice(0, 400)}` };
    return { ok: true, kind: `fault ${code.replace(/^[\w.-]+:/, '')}` };
  }
  if (answer.status !== 200) return { ok: false, why: `HTTP ${answer.status} with a non-fault body` };
  // A normal answer must be the contract's response of some operation of this API (a mutated
  // payload may have dispatched to another operation).
  const codec = codecs.get(input.soapApi)!;
  const op = operations(input.soapApi).find((o) => o.output?.element?.local === payload?.local && o.output?.element?.ns === payload?.ns);
  if (!op || !payload) return { ok: false, why: `normal answer with an unknown payload ${payload?.local}` };
  try {
    codec[`decode${op.name}ResponseBody`]!(payload);
  } catch (e) {
    return { ok: false, why: `${op.name} response does not decode: ${(e as Error).message}` };
  }
  return { ok: true, kind: 'response' };
}

function judgeRest(answer: Answer): Verdict {
  if (answer.status >= 500) return { ok: false, why: `HTTP ${answer.status}: ${answer.text.slice(0, 300)}` };
  if (/json/.test(answer.contentType) && answer.text !== '') {
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return { ok: false, why: `HTTP ${answer.status} JSON body does not parse: ${answer.text.slice(0, 200)}` };
    }
    // The contract declares every 4XX answer of every operation as a bare JSON string (the seed's error descriptions).
    if (answer.status >= 400 && typeof body !== 'string') return { ok: false, why: `HTTP ${answer.status} body is not the contract's JSON string: ${answer.text.slice(0, 200)}` };
  }
  return { ok: true, kind: `HTTP ${answer.status}` };
}

function rssMiB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

describe('fuzzing every SOAP and REST endpoint of the reference server', () => {
  let srv: RunningServer;
  let bases: Base[];
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const codecs = new Map<SoapApiName, Record<string, (...a: unknown[]) => unknown>>();

  beforeAll(async () => {
    srv = await startServer();
    for (const api of ALL_WSDL_APIS) codecs.set(api, (await generated(api)).codec);
    bases = [...(await soapBases(srv)), ...restBases(srv)];
  });
  afterAll(async () => {
    agent.destroy();
    await srv?.stop();
  });

  test(`${INPUTS} seeded inputs: only Client faults and 4xx for the client's mistakes, well-formed answers, bounded memory`, async () => {
    const r = prng(SEED);
    const soap = bases.filter((b): b is SoapBase => b.kind === 'soap');
    const rest = bases.filter((b): b is RestBase => b.kind === 'rest');
    const inputs: { input: Input; base: Base }[] = [];
    for (let i = 0; i < INPUTS; i++) {
      // Every base request in turn (so every operation is covered), two-thirds SOAP.
      const useSoap = i % 3 !== 2;
      const base = useSoap ? soap[Math.floor(i / 3 * 2 + (i % 3)) % soap.length]! : rest[Math.floor(i / 3) % rest.length]!;
      inputs.push({ base, input: base.kind === 'soap' ? mutateSoap(r, base, soap) : mutateRest(r, base, rest) });
    }

    const failures: string[] = [];
    const kinds = new Map<string, number>();
    let peak = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < inputs.length) {
        const i = next++;
        const { input, base } = inputs[i]!;
        let verdict: Verdict;
        try {
          const answer = await send(srv, agent, input);
          verdict = base.kind === 'soap' ? await judgeSoap(base, answer, codecs) : judgeRest(answer);
        } catch (e) {
          verdict = { ok: false, why: `no answer: ${(e as Error).message}` };
        }
        const label = `${base.kind === 'soap' ? 'SOAP' : 'REST'} ${verdict.ok ? verdict.kind : 'FAILED'}`;
        kinds.set(label, (kinds.get(label) ?? 0) + 1);
        if (!verdict.ok && failures.length < 20) failures.push(`#${i} ${input.method} ${input.path} (${base.operation}): ${verdict.why}\n  sent: ${String(input.body).slice(0, 300)}`);
        if (i % 1000 === 0) peak = Math.max(peak, rssMiB(srv.proc.pid!).rss);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const memory = rssMiB(srv.proc.pid!);
    console.log(`fuzz: seed ${SEED}, ${inputs.length} inputs over ${soap.length} SOAP and ${rest.length} REST base requests; ` +
      `answers: ${[...kinds].sort().map(([k, n]) => `${k} ${n}`).join(', ')}; server RSS ${memory.rss.toFixed(0)} MiB (sampled max ${peak.toFixed(0)}, peak ${memory.peak.toFixed(0)})`);
    assert.deepEqual(failures, []);
    assert.equal(srv.proc.exitCode, null, 'the server is still running');
    assert.ok(memory.peak < MAX_RSS_MIB, `server peak RSS ${memory.peak.toFixed(0)} MiB < ${MAX_RSS_MIB} MiB`);

    // Every unmutated request is still served normally.
    for (const base of bases) {
      const answer = await send(srv, agent, base);
      assert.ok(answer.status < 500 || (base.kind === 'soap' && !/:(Server|Receiver)</.test(answer.text)), `${base.operation} after fuzzing: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
    }
  });
});
