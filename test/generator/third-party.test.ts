/**
 * `gen <file> --out dir` on third-party style WSDLs (test/fixtures/wsdl/) that
 * use constructs our own contracts do not: complexContent extension,
 * xs:choice, attributes, simpleContent, elementFormDefault="unqualified",
 * xs:import of a separate XSD in another namespace, a SOAP 1.2-only port,
 * document/literal non-wrapped messages and a soap:header (located warnings).
 * The output must type-check under strict, round-trip a sample, and (for the
 * imported-schema case) carry random instances through fast-check too.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ROOT } from '../support/external.ts';
import { buildEnvelope, parseEnvelope } from '../../generated/runtime/soap.ts';
import { loadWsdl } from '../../generator/load/wsdl.ts';
import { Arbitraries } from './support/arbitraries.ts';
import { comparable } from './support/seeds.ts';
import { find, parseTree } from '../interop/support/tree.ts';

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

const OUT = path.join(ROOT, 'test/tmp/third-party');
const outputs: Record<string, string> = {};

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const name of ['orders', 'inventory', 'legacy']) {
    const r = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['generator/cli.ts', `test/fixtures/wsdl/${name}.wsdl`, '--out', `test/tmp/third-party/${name}`]);
    assert.equal(r.code, 0, r.out);
    outputs[name] = r.out;
  }
});
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

test('every generated tree type-checks standalone under strict', async () => {
  for (const name of ['orders', 'inventory', 'legacy']) {
    const r = await run(path.join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', `test/tmp/third-party/${name}/tsconfig.json`]);
    assert.equal(r.code, 0, `${name}: ${r.out}`);
  }
});

describe('orders.wsdl: extension, choice, attributes, simpleContent, unqualified locals', () => {
  const sample = {
    customer: { name: 'Ada & Co <ltd>', id: 7, email: 'ada@example.com', vip: true },
    bundleId: '9007199254740993',
    quantity: [2],
    price: { currency: 'EUR', $value: '19.90' },
  };

  test('a sample round-trips, with unqualified child elements and attributes on the wire', async () => {
    const codec = await import(path.join(OUT, 'orders/orders/codec.ts'));
    const body = codec.encodePlaceOrderRequestBody(sample) as string;
    const tree = parseTree(body);
    assert.equal(tree.ns, 'urn:example:orders');
    const customer = find(tree, 'customer')!;
    assert.equal(customer.ns, '', 'elementFormDefault="unqualified": local elements have no namespace');
    assert.equal(customer.attrs['{}id'], '7');
    assert.equal(customer.attrs['{}vip'], 'true');
    assert.deepEqual(customer.children.map((c) => c.local), ['name', 'email'], 'base fields before extension fields');
    assert.equal(find(tree, 'price')!.attrs['{}currency'], 'EUR');
    assert.equal(find(tree, 'price')!.text, '19.90');
    assert.equal(find(tree, 'sku'), undefined);
    const back = codec.decodePlaceOrderRequestBody(parseEnvelope(buildEnvelope('1.1', body)).payload!);
    assert.deepEqual(back, sample);
  });

  test('the validator enforces the choice, the attribute enumeration and the required attribute', async () => {
    const v = await import(path.join(OUT, 'orders/orders/validators.ts'));
    const check = (value: unknown) => {
      const issues: { path: string }[] = [];
      v.validatePlaceOrder(value, '', issues);
      return issues.map((i) => i.path);
    };
    assert.deepEqual(check(sample), []);
    assert.ok(check({ ...sample, sku: 'A-1' }).length > 0, 'both choice alternatives present');
    assert.ok(check({ ...sample, bundleId: undefined }).length > 0, 'no choice alternative present');
    assert.ok(check({ ...sample, price: { currency: 'GBP', $value: '1' } }).includes('/price/currency'));
    assert.ok(check({ ...sample, customer: { name: 'x' } }).includes('/customer/id'));
  });

  test('a nillable simpleContent element round-trips null', async () => {
    const codec = await import(path.join(OUT, 'orders/orders/codec.ts'));
    const value = { orderId: '18446744073709551', total: null };
    const body = codec.encodePlaceOrderResponseBody(value) as string;
    assert.deepEqual(codec.decodePlaceOrderResponseBody(parseEnvelope(buildEnvelope('1.1', body)).payload!), value);
  });
});

describe('inventory.wsdl: xs:import of another namespace, SOAP 1.2-only port', () => {
  test('random GetItemsResponse instances round-trip in SOAP 1.2 and validate', async () => {
    const codec = await import(path.join(OUT, 'inventory/inventory/codec.ts'));
    const validators = await import(path.join(OUT, 'inventory/inventory/validators.ts'));
    const api = loadWsdl(path.join(ROOT, 'test/fixtures/wsdl/inventory.wsdl'), 'inventory', ROOT);
    const op = api.soap!.services[0]!.ports[0]!.binding.operations[0]!;
    assert.equal(api.soap!.services[0]!.ports[0]!.binding.version, '1.2');
    const arb = new Arbitraries(api).ref(op.output!.type);
    fc.assert(
      fc.property(arb, (value) => {
        const env = parseEnvelope(buildEnvelope('1.2', codec.encodeGetItemsResponseBody(value)));
        assert.deepEqual(comparable(codec.decodeGetItemsResponseBody(env.payload!)), comparable(value));
        const issues: unknown[] = [];
        validators[`validate${(op.output!.type as { name: string }).name}`](value, '', issues);
        assert.deepEqual(issues, []);
      }),
      { numRuns: 50 },
    );
  });

  test('imported-namespace elements are qualified with the imported namespace on the wire', async () => {
    const codec = await import(path.join(OUT, 'inventory/inventory/codec.ts'));
    const tree = parseTree(codec.encodeGetItemsResponseBody({ item: [{ code: 'ABC-0001', stock: 65535 }] }));
    const item = find(tree, 'item')!;
    assert.equal(item.ns, 'urn:example:inventory');
    assert.equal(find(item, 'code')!.ns, 'urn:example:inventory:types');
  });

  test('the client class exists only for the SOAP 1.2 port', async () => {
    const client = await import(path.join(OUT, 'inventory/inventory/client.ts'));
    assert.equal(typeof client.InventorySoap12Client, 'function');
  });
});

describe('legacy.wsdl: document/literal non-wrapped and soap:header', () => {
  test('gen generates the two-part body (soap:body parts=) without a warning; the header part is modelled', () => {
    assert.doesNotMatch(outputs.legacy!, /warning: .*header/i, 'soap:header is supported (test/interop/soap-headers.test.ts)');
    // Multi-part document bodies are supported (test/generator/wsdl-shapes.test.ts).
    assert.doesNotMatch(outputs.legacy!, /warning:/i);
  });
});
