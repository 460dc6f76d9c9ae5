/**
 * A python3-zeep client (an independent SOAP stack) against our generated
 * server stubs on 127.0.0.1: every operation of every WSDL, on every port,
 * seed examples as payloads. zeep speaks SOAP 1.2 on the 1.2 ports.
 * One python process per API runs all its calls (loading zeep costs ~1 s).
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import http from 'node:http';
import { comparable, documentField, embeddableDocument, innerDocument, methodName, model, ports, seedCases, SPEC_OF, type SeedCase, type SoapApiName } from '../generator/support/seeds.ts';
import { listen, type Started } from './support/peers.ts';
import { xmllintValidate } from '../support/external.ts';
import { find, parseTree, type Node, leaves } from './support/tree.ts';
import { zeepCalls, type ZeepCall, type ZeepOutcome } from './support/zeep.ts';
import { createWsListener } from '../../generated/genopro/server.ts';
import { createVendorServiceListener } from '../../generated/xformation/server.ts';
import { createXmlLicenseServiceListener } from '../../generated/solo/server.ts';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

/** zeep reads an empty string element as None. */
function emptyAsNull(v: unknown): unknown {
  if (v === '') return null;
  if (Array.isArray(v)) return v.map(emptyAsNull);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, emptyAsNull(x)]));
  return v;
}

/** zeep's serialized result → `path → text` (numbers and booleans as XML writes them, None as empty). */
function plainLeaves(value: unknown, at = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = `${at}/${k}`;
    if (v !== null && typeof v === 'object') Object.assign(out, plainLeaves(v, p));
    else out[p] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

/** The inner document root inside `<Op>Result` of the envelope zeep received. */
function resultDocument(o: ZeepOutcome, op: string): Node {
  const result = find(parseTree(o.received!), `${op}Result`);
  assert.ok(result, `${op}Result in the response`);
  const root = result.children[0];
  assert.ok(root, `${op}Result holds a document`);
  return root;
}

interface Run {
  started: Started;
  cases: SeedCase[];
  /** Per port name, per operation: what zeep saw, and what our handler received. */
  outcomes: Map<string, Map<string, { zeep: ZeepOutcome; handled: unknown }>>;
}

async function runAll(api: SoapApiName, service: string, argsFor: (c: SeedCase) => Pick<ZeepCall, 'args' | 'docs'>): Promise<Run> {
  const cases = await seedCases(api);
  // Keyed by SOAP version and operation: each port has its own version here.
  const handled = new Map<string, unknown>();
  const handlers = Object.fromEntries(
    cases.map((c) => [methodName(c.op.name), (input: unknown, ctx: { version: string }) => (handled.set(`${ctx.version} ${c.op.name}`, input), c.response)]),
  ) as never;
  const listener =
    api === 'genopro' ? createWsListener(handlers) :
    api === 'xformation' ? createVendorServiceListener(handlers) :
    createXmlLicenseServiceListener(handlers);
  const started = await listen(http.createServer(listener));
  const calls: ZeepCall[] = [];
  const order: [string, string, string][] = [];
  for (const { port } of ports(api)) {
    for (const c of cases) {
      calls.push({ port: port.name, operation: c.op.name, ...argsFor(c) });
      order.push([port.name, port.binding.version, c.op.name]);
    }
  }
  const results = await zeepCalls({ wsdl: SPEC_OF[api], endpoint: `${started.url}/service`, service, calls });
  const outcomes: Run['outcomes'] = new Map();
  results.forEach((zeep, i) => {
    const [port, version, op] = order[i]!;
    if (!outcomes.has(port)) outcomes.set(port, new Map());
    outcomes.get(port)!.set(op, { zeep, handled: handled.get(`${version} ${op}`) });
  });
  return { started, cases, outcomes };
}

function checkVersion(o: ZeepOutcome, version: '1.1' | '1.2'): void {
  const ns = version === '1.2' ? SOAP12 : SOAP11;
  assert.equal(parseTree(o.sent!).ns, ns, 'zeep sent the port\'s SOAP version');
  assert.equal(parseTree(o.received!).ns, ns, 'our server answered in the same version');
}

describe('zeep → generated GenoPro server', () => {
  let run: Run;
  beforeAll(async () => {
    run = await runAll('genopro', 'ws', (c) => ({ args: c.request as Record<string, unknown> }));
  });
  afterAll(() => run.started.close());

  for (const [port, version] of [['wsSoap', '1.1'], ['wsSoap12', '1.2']] as const) {
    test(`${port} (SOAP ${version}): Purchase`, () => {
      const o = run.outcomes.get(port)!.get('Purchase')!;
      assert.equal(o.zeep.error, undefined, JSON.stringify(o.zeep.error));
      const seed = run.cases[0]!;
      assert.deepEqual(o.handled, seed.request);
      // zeep unwraps the single PurchaseResult child.
      assert.deepEqual(o.zeep.result, emptyAsNull((seed.response as { PurchaseResult: unknown }).PurchaseResult));
      checkVersion(o.zeep, version);
    });
  }
});

describe('zeep → generated X-Formation server (rpc/encoded)', () => {
  let run: Run;
  beforeAll(async () => {
    run = await runAll('xformation', 'VendorService', (c) => ({ args: c.request as Record<string, unknown> }));
  });
  afterAll(() => run.started.close());

  test('UpdateLicenseOrder: arrays, nils and ints arrive typed; zeep reads the Soap_Response', () => {
    const o = run.outcomes.get('VendorPort')!.get('UpdateLicenseOrder')!;
    assert.equal(o.zeep.error, undefined, JSON.stringify(o.zeep.error));
    assert.deepEqual(o.handled, run.cases[0]!.request);
    assert.deepEqual(o.zeep.result, emptyAsNull((run.cases[0]!.response as { return: unknown }).return));
    checkVersion(o.zeep, '1.1');
  });
});

describe('zeep → generated SOLO server, every operation on both ports', async () => {
  const api = model('solo');
  const cases = await seedCases('solo');
  let run: Run;
  beforeAll(async () => {
    run = await runAll('solo', 'XmlLicenseService', (c) => {
      const input = documentField(api, c.op.input.elementType ? { kind: 'named', name: c.op.input.elementType } : c.op.input.type)!;
      return input.carrier === 'element'
        ? { args: { [input.field.name]: embeddableDocument(c.requestFrom) }, docs: [input.field.name] }
        : { args: { [input.field.name]: innerDocument(c.requestFrom) } };
    });
  });
  afterAll(() => run.started.close());

  for (const [port, version] of [['XmlLicenseServiceSoap', '1.1'], ['XmlLicenseServiceSoap12', '1.2']] as const) {
    for (const c of cases) {
      test(`${port}: ${c.op.name}: our handler gets the seed document, typed`, () => {
        const o = run.outcomes.get(port)!.get(c.op.name)!;
        assert.deepEqual(comparable(o.handled), comparable(c.request));
        assert.equal(parseTree(o.zeep.sent!).ns, version === '1.2' ? SOAP12 : SOAP11, 'zeep sent the port\'s SOAP version');
      });
      // Documents whose type merges the input and output groups (a name such as ProductID occurs in both).
      const merged = /^InfoCheck/.test(c.op.name);
      test(`${port}: ${c.op.name}: our response carries the seed document, in schema order, valid per solo-documents.xsd`, () => {
        const o = run.outcomes.get(port)!.get(c.op.name)!;
        const doc = resultDocument(o.zeep, c.op.name);
        const fixture = parseTree(innerDocument(c.responseFrom));
        assert.equal(doc.local, fixture.local);
        assert.equal(doc.ns, '', 'document root in no namespace');
        assert.deepEqual(Object.entries(leaves(doc)), Object.entries(leaves(fixture)), 'same leaves in the same order');
        // The Result element's content as text (prefix-free: the document resets the default namespace).
        const m = new RegExp(`<(?:[\\w.-]+:)?${c.op.name}Result\\b[^>]*>([\\s\\S]*)</(?:[\\w.-]+:)?${c.op.name}Result>`).exec(o.zeep.received!);
        assert.ok(m, 'Result element in the response');
        const xml = m[1]!;
        const valid = xmllintValidate('specs/solo-documents.xsd', { text: xml });
        assert.ok(valid.ok, valid.output);
      });
      // zeep (strict) reads the no-namespace root through the included inner schema; where it cannot, it is zeep's limit.
      const zeepLimit = /^(UpdateUserDefinedFields|UpdateLicenseCustomData|GetLicenseCustomData)/.test(c.op.name);
      // Where zeep cannot, the test is expected to fail (test.fails), so a zeep that learns it is noticed.
      const zeepGap = merged
        ? 'zeep 4.2 rejects documents typed by a choice between two groups (LicenseInfoCheckDocument); xmllint accepts ours'
        : zeepLimit
          ? 'zeep 4.2 returns {} for an inner document whose no-namespace root shares its name with a SOLO wrapper element (the document on the wire is valid per xmllint)'
          : undefined;
      (zeepGap ? test.fails : test)(`${port}: ${c.op.name}: zeep reads the seed response document${zeepGap ? ` (known zeep gap: ${zeepGap})` : ''}`, () => {
        const o = run.outcomes.get(port)!.get(c.op.name)!;
        assert.equal(o.zeep.error, undefined, JSON.stringify(o.zeep.error));
        checkVersion(o.zeep, version);
        const fixture = parseTree(innerDocument(c.responseFrom));
        const r = o.zeep.result;
        const expected = leaves(fixture);
        // zeep's typed objects list every schema field; the ones the document lacks are None.
        const got = typeof r === 'string' ? leaves(parseTree(r)) : Object.fromEntries(Object.entries(plainLeaves(r)).filter(([k, v]) => v !== '' || k in expected));
        assert.deepEqual(got, expected);
      });
    }
  }

  test('inner documents in our responses keep their root in no namespace (as zeep reads them)', () => {
    const wrong: string[] = [];
    for (const [port, byOp] of run.outcomes) {
      for (const [op, o] of byOp) if (o.zeep.received && resultDocument(o.zeep, op).ns !== '') wrong.push(`${port}.${op}`);
    }
    assert.deepEqual(wrong, []);
  });
});
