/**
 * The emitted validators, checked against the model they are compiled from:
 * fast-check generates valid instances of every named type (they must pass)
 * and breaks them at one place (a wrong-typed value or a missing required
 * field), which must be reported at exactly that JSON pointer. Also a
 * hand-made XSD-style model (choice, repeated, exact long/decimal ranges,
 * digits, XSD patterns, documents, maps), and agreement with ajv (speed: bench/, validators case).
 */
import { test, beforeAll } from 'vitest';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import type { ApiModel } from '../../generator/model/model.ts';
import { emitValidators, validatorNames } from '../../generator/emit/validators.ts';
import { runtimeFiles } from '../../generator/pipeline.ts';
import { compareDecimal, digitCounts } from '../../generator/runtime/validation.ts';
import { builtinScalar } from '../../generator/load/xsd.ts';
import { generate, ROOT, type Generated } from '../rest/support.ts';
import { breakPoints, ModelArbitraries } from './model-arbitrary.ts';

type Check = (value: unknown, path?: string) => { path: string; code: string; message: string }[];

const generated: Record<string, Generated> = {};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const modules: Record<string, any> = {};

beforeAll(async () => {
  for (const [name, spec] of [
    ['petstore', 'test/fixtures/openapi/petstore-30.yaml'],
    ['shapes', 'test/fixtures/openapi/shapes-31.yaml'],
    ['perf', 'test/fixtures/openapi/perf-31.yaml'],
    ['zentitle', 'specs/zentitle.openapi.yaml'],
  ] as const) {
    generated[name] = await generate(spec, `validators-${name}`, name);
    modules[name] = await import(pathToFileURL(join(generated[name].dir, 'validators.ts')).href);
  }
});

function checker(name: string, typeName: string): Check {
  const fn = validatorNames(generated[name]!.api).get(typeName)!.replace(/^validate/, 'check');
  return modules[name][fn] as Check;
}

for (const name of ['petstore', 'shapes', 'zentitle']) {
  test(`${name}: generated valid instances of every type pass; broken ones fail at the broken path`, () => {
    const api = generated[name]!.api;
    const arbs = new ModelArbitraries(api);
    let broken = 0;
    for (const t of api.types) {
      const check = checker(name, t.name);
      const ref = { kind: 'named' as const, name: t.name };
      fc.assert(
        fc.property(arbs.named(t.name), fc.nat(), (value, pick) => {
          const issues = check(value);
          assert.deepEqual(issues, [], `${t.name} rejected a valid value ${JSON.stringify(value)}`);
          const points = breakPoints(arbs, ref, value);
          if (points.length === 0) return;
          const point = points[pick % points.length]!;
          const bad = check(point.set(value));
          assert.ok(
            bad.some((i) => i.path === point.path && (point.kind === 'missing' ? i.code === 'required' : true)),
            `${t.name}: ${point.kind} at ${point.path} of ${JSON.stringify(value)} gave ${JSON.stringify(bad)}`,
          );
          broken++;
        }),
        { numRuns: name === 'zentitle' ? 15 : 60, seed: 42 },
      );
    }
    assert.ok(broken > 50, `only ${broken} mutations exercised`);
  });
}

/** A small model in the shape the WSDL loader produces. */
function xsdModel(): ApiModel {
  return {
    name: 'xsd',
    source: 'hand-made',
    title: 'XSD features',
    diagnostics: [],
    soap: { targetNamespace: 'urn:x', services: [], documents: { main: '', files: [] } },
    types: [
      {
        kind: 'object',
        name: 'Usage',
        fields: [
          // Built-in types come with their range as facets, as the XSD loader gives them (builtinScalar).
          { name: 'Count', type: builtinScalar('unsignedShort')!, required: true, nullable: false },
          { name: 'Amount', type: { kind: 'scalar', scalar: 'decimal', facets: { minInclusive: '0.01', maxExclusive: '1000000', totalDigits: 9, fractionDigits: 2 } }, required: true, nullable: false },
          { name: 'Big', type: builtinScalar('long')!, required: false, nullable: true },
          { name: 'Date', type: { kind: 'scalar', scalar: 'string', facets: { patterns: ['\\d{2}/\\d{2}/\\d{4}'] } }, required: false, nullable: false },
          { name: 'Item', type: { kind: 'scalar', scalar: 'string', facets: { maxLength: 3 } }, required: false, nullable: true, repeated: { min: 1, max: 3 } },
          { name: 'ByCard', type: { kind: 'scalar', scalar: 'string' }, required: true, nullable: false },
          { name: 'ByCash', type: { kind: 'scalar', scalar: 'boolean' }, required: true, nullable: false },
          { name: 'constructor', type: { kind: 'scalar', scalar: 'string' }, required: false, nullable: false },
        ],
        choices: [['ByCard', 'ByCash']],
      },
      { kind: 'object', name: 'Feature', fields: [{ name: 'on', type: { kind: 'scalar', scalar: 'boolean' }, required: true, nullable: false }] },
      { kind: 'object', name: 'Features', fields: [], mapEntry: 'Feature' },
      { kind: 'element', name: 'UsageElement', element: { ns: '', local: 'Usage' }, type: { kind: 'named', name: 'Usage' }, nillable: false },
      { kind: 'element', name: 'FeaturesElement', element: { ns: '', local: 'Features' }, type: { kind: 'named', name: 'Features' }, nillable: true },
      {
        kind: 'object',
        name: 'Envelope',
        fields: [
          { name: 'One', type: { kind: 'document', roots: ['UsageElement'], carrier: 'string' }, required: false, nullable: false },
          { name: 'Either', type: { kind: 'document', roots: ['UsageElement', 'FeaturesElement'], carrier: 'string' }, required: false, nullable: false },
        ],
        rest: { type: { kind: 'unknown', reason: 'xs:any' }, xml: 'any-element' },
      },
    ],
  };
}

test('XSD-style model: choice, repeated, exact decimal/long ranges, digits, XSD patterns, documents, maps, inherited keys', async () => {
  const api = xsdModel();
  const dir = join(ROOT, 'test/tmp/validators-xsd');
  mkdirSync(join(dir, 'xsd'), { recursive: true });
  for (const f of runtimeFiles()) {
    mkdirSync(join(dir, 'runtime'), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  writeFileSync(join(dir, 'xsd/validators.ts'), emitValidators(api).text);
  const v = await import(pathToFileURL(join(dir, 'xsd/validators.ts')).href);
  const ok = { Count: 65535, Amount: '999999.99', Big: '9223372036854775807', Date: '12/31/2024', Item: ['a', null], ByCard: 'visa' };
  assert.deepEqual(v.checkUsage(ok), []);
  const paths = (x: unknown) => (v.checkUsage(x) as { path: string; code: string }[]).map((i) => `${i.path} ${i.code}`);
  assert.deepEqual(paths({ ...ok, Count: 65536 }), ['/Count range']);
  assert.deepEqual(paths({ ...ok, Amount: '1000000' }), ['/Amount range']);
  assert.deepEqual(paths({ ...ok, Amount: '0.001' }), ['/Amount range', '/Amount digits']);
  assert.deepEqual(paths({ ...ok, Amount: 12 }), ['/Amount type'], 'decimals are strings');
  assert.deepEqual(paths({ ...ok, Big: '9223372036854775808' }), ['/Big range'], 'exact, beyond 2^63');
  assert.deepEqual(paths({ ...ok, Big: null }), []);
  assert.deepEqual(paths({ ...ok, Date: '2024-12-31' }), ['/Date pattern']);
  assert.deepEqual(paths({ ...ok, Date: 'x12/31/2024' }), ['/Date pattern'], 'XSD patterns are anchored');
  assert.deepEqual(paths({ ...ok, Item: [] }), ['/Item items']);
  assert.deepEqual(paths({ ...ok, Item: ['a', 'b', 'c', 'd'] }), ['/Item items']);
  assert.deepEqual(paths({ ...ok, Item: ['abcd'] }), ['/Item/0 length']);
  assert.deepEqual(paths({ ...ok, ByCash: true }), [' choice'], 'two choice branches');
  const { ByCard: _, ...none } = ok;
  assert.deepEqual(paths(none), [' choice']);
  assert.deepEqual(paths({ ...ok, Extra: 1 }), ['/Extra unknown'], 'XSD objects without wildcard are closed');
  assert.deepEqual(paths(JSON.parse('{"Count":1,"Amount":"1","Item":["a"],"ByCard":"x","__proto__":{"Count":"bad"}}')), ['/__proto__ unknown']);
  assert.deepEqual(paths({ ...ok, constructor: 5 }), ['/constructor type'], 'an own `constructor` is a field, an inherited one is not');
  assert.deepEqual(v.checkFeatures({ a: { on: true }, b: { on: 'no' } }).map((i: { path: string }) => i.path), ['/b/on']);
  assert.deepEqual(v.checkFeaturesElement(null), [], 'nillable element');
  assert.deepEqual(v.checkUsageElement(null).map((i: { code: string }) => i.code), ['type']);
  assert.deepEqual(v.checkEnvelope({ One: ok, Either: { Features: {} }, $any: [] }), [], 'wildcard content rides under $any');
  assert.deepEqual(v.checkEnvelope({ Other: 1 }).map((i: { path: string }) => i.path), ['/Other']);
  assert.deepEqual(v.checkEnvelope({ Either: { Usage: { ...ok, Count: -1 } } }).map((i: { path: string }) => i.path), ['/Either/Usage/Count']);
  assert.deepEqual(v.checkEnvelope({ Either: { Usage: ok, Features: {} } }).map((i: { code: string }) => i.code), ['choice']);
});

test('exact decimal comparison and digit counts', () => {
  assert.equal(compareDecimal('9007199254740993', '9007199254740992'), 1);
  assert.equal(compareDecimal('-0.10', '-0.1'), 0);
  assert.equal(compareDecimal('1e21', '999999999999999999999'), 1);
  assert.equal(compareDecimal(1e-7, '0.0000001'), 0);
  assert.equal(compareDecimal('-5', '3'), -1);
  assert.ok(Number.isNaN(compareDecimal('abc', '1')));
  assert.deepEqual(digitCounts('00123.4500'), { total: 5, fraction: 2 });
  fc.assert(
    fc.property(fc.bigInt(), fc.bigInt(), (a, b) => {
      assert.equal(compareDecimal(String(a), String(b)), a === b ? 0 : a < b ? -1 : 1);
    }),
  );
});

test('compiled validators agree with ajv on a ~20-property nested schema (valid and invalid)', () => {
  const doc = parse(readFileSync(join(ROOT, 'test/fixtures/openapi/perf-31.yaml'), 'utf8'));
  const schema = structuredClone(doc.components.schemas.Order);
  // ajv (draft-07 mode) does not know 3.1's type lists; the one nullable field becomes its draft-07 equivalent.
  schema.properties.notes = { type: ['string', 'null'], maxLength: 500 };
  const ajv = new Ajv({ allErrors: true });
  const ajvValidate = ajv.compile(schema);
  const ours = checker('perf', 'Order');
  const order = {
    id: 'AB-123456',
    customer: { name: 'Ann Smith', email: 'ann@example.com', phone: '+44 20 7946 0000', vip: true },
    status: 'paid',
    total: 149.5,
    currency: 'EUR',
    discount: 10,
    created: '2024-05-01T10:00:00Z',
    notes: null,
    priority: 2,
    tags: ['gift', 'express'],
    lines: [
      { sku: 'SKU-1', qty: 2, price: 50 },
      { sku: 'SKU-2', qty: 1, price: 49.5, gift: true },
    ],
    shipping: { street: '1 Main St', city: 'London', zip: 'SW1A 1AA', country: 'GB' },
    paid: true,
    channel: 'web',
    coupon: 'SPRING',
    weight: 2.5,
    rating: 9,
  };
  assert.equal(ajvValidate(order), true, JSON.stringify(ajvValidate.errors));
  assert.deepEqual(ours(order), []);
  const bad = { ...order, lines: [{ sku: 'x', qty: 0, price: 1 }] };
  assert.equal(ajvValidate(bad), false);
  assert.deepEqual(ours(bad).map((i) => i.path), ['/lines/0/sku', '/lines/0/qty']);
  // Speed is measured in bench/ (the validators case, a same-run ratio against ajv), never asserted here.
});
