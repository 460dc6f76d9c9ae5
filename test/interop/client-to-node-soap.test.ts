/**
 * Our generated clients against servers made with the `soap` package
 * (node-soap) for the same WSDLs, on 127.0.0.1, every operation, seed examples
 * as payloads. node-soap decides what it received from its own reading of the
 * WSDL; we check that it got the seed's values, and that our client decodes
 * node-soap's answer (built from the seed response) to the seed's typed value.
 * The raw requests are checked with `sax` (not our parser): the SOAP 1.2 port
 * must really send a SOAP 1.2 envelope with the 1.2 content type.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { documentField, embeddableDocument, innerDocument, methodName, model, seedCases, type SeedCase } from '../generator/support/seeds.ts';
import { parseTree, find, type Node, leaves, objectLeaves } from './support/tree.ts';
import { startNodeSoapServer, type Received } from './support/peers.ts';
import * as genopro from '../../generated/genopro/client.ts';
import * as xformation from '../../generated/xformation/client.ts';
import * as solo from '../../generated/solo/client.ts';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

/** Checks the transport-level SOAP version of a raw request. */
function assertVersion(r: Received, version: '1.1' | '1.2', action: string): Node {
  const tree = parseTree(r.body);
  const ct = String(r.headers['content-type']);
  if (version === '1.2') {
    assert.equal(tree.ns, SOAP12, 'SOAP 1.2 envelope namespace');
    assert.match(ct, /^application\/soap\+xml/);
    assert.ok(ct.includes(`action="${action}"`) || ct.includes(`action=${action}`), `action parameter in ${ct}`);
  } else {
    assert.equal(tree.ns, SOAP11, 'SOAP 1.1 envelope namespace');
    assert.match(ct, /^text\/xml/);
    assert.equal(r.headers.soapaction, `"${action}"`);
  }
  return tree;
}

describe('generated GenoPro client → node-soap server', () => {
  let peer: Awaited<ReturnType<typeof startNodeSoapServer>>;
  let seed: SeedCase;
  const calls: { port: string; args: unknown }[] = [];
  beforeAll(async () => {
    [seed] = (await seedCases('genopro')) as [SeedCase];
    const impl = (port: string) => ({
      Purchase: (args: unknown) => {
        calls.push({ port, args });
        return seed.response;
      },
    });
    peer = await startNodeSoapServer('specs/genopro.wsdl', { ws: { wsSoap: impl('wsSoap'), wsSoap12: impl('wsSoap12') } });
  });
  afterAll(() => peer.close());

  for (const [name, Client, version] of [
    ['wsSoap', genopro.WsSoapClient, '1.1'],
    ['wsSoap12', genopro.WsSoap12Client, '1.2'],
  ] as const) {
    test(`${name} (SOAP ${version}): Purchase with the seed request`, async () => {
      const before = peer.received.length;
      const client = new Client({ endpoint: `${peer.url}${peer.path}` });
      const result = await client.purchase(seed.request as never);
      assert.deepEqual(result, seed.response);
      const raw = peer.received[before]!;
      const tree = assertVersion(raw, version, 'http://genopro.com/webservices/Purchase');
      // node-soap read every field with the seed's value and type.
      assert.deepEqual(calls.at(-1)!.args, seed.request);
      // Sequence order on the wire, whatever the object key order was.
      const purchase = find(tree, 'Purchase', 'http://genopro.com/webservices/')!;
      assert.deepEqual(purchase.children.map((c) => c.local).slice(0, 4), ['Version', 'Currency', 'Quantity', 'Amount']);
    });
  }

  test('fields given in reverse key order still go out in xs:sequence order', async () => {
    const before = peer.received.length;
    const reversed = Object.fromEntries(Object.entries(seed.request as object).reverse());
    await new genopro.WsSoapClient({ endpoint: `${peer.url}${peer.path}` }).purchase(reversed as never);
    const purchase = find(parseTree(peer.received[before]!.body), 'Purchase')!;
    assert.deepEqual(purchase.children.map((c) => c.local), Object.keys(seed.request as object));
  });
});

describe('generated X-Formation client (rpc/encoded) → node-soap server', () => {
  let peer: Awaited<ReturnType<typeof startNodeSoapServer>>;
  let seed: SeedCase;
  const calls: unknown[] = [];
  beforeAll(async () => {
    [seed] = (await seedCases('xformation')) as [SeedCase];
    peer = await startNodeSoapServer('specs/xformation.wsdl', {
      VendorService: {
        VendorPort: {
          UpdateLicenseOrder: (args: unknown) => {
            calls.push(args);
            return seed.response;
          },
        },
      },
    });
  });
  afterAll(() => peer.close());

  test('node-soap receives the seed values (token, ints, booleans, nils, both arrays)', async () => {
    await new xformation.VendorPortClient({ endpoint: `${peer.url}${peer.path}` }).updateLicenseOrder(seed.request as never).catch(() => undefined);
    const raw = peer.received.at(-1)!;
    assertVersion(raw, '1.1', 'https://license.x-formation.com/soap/type/vendor/version/1#UpdateLicenseOrder');
    // node-soap keeps xsi:type attributes beside `$value`; unwrap to compare values.
    const unwrap = (v: unknown): unknown =>
      v && typeof v === 'object' ? ('$value' in v ? (v as { $value: unknown }).$value : Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'attributes').map(([k, x]) => [k, Array.isArray(x) ? x.map(unwrap) : unwrap(x)]))) : v;
    const args = unwrap(calls.at(-1)) as { token: string; licenseOrder: Record<string, unknown> & { Hostids: { item: unknown[] }; Features: { item: Record<string, unknown>[] } } };
    assert.equal(args.token, '141aa3143671e62aeb09a7bca039bbbc5108ffdc');
    assert.equal(args.licenseOrder.customer_id, 2);
    assert.equal(args.licenseOrder.enabled, true);
    assert.equal(args.licenseOrder.Hostids.item.length, 2);
    assert.equal(args.licenseOrder.Features.item.length, 2);
    assert.equal(args.licenseOrder.Features.item[1]!.days_from_activation, 15);
    assert.equal(args.licenseOrder.Features.item[1]!.name, 'f1');
  });

  test('our client decodes node-soap\'s UpdateLicenseOrder response (with its qualified <tns:return> accessor) to the seed value', async () => {
    const result = await new xformation.VendorPortClient({ endpoint: `${peer.url}${peer.path}` }).updateLicenseOrder(seed.request as never);
    assert.deepEqual(result, seed.response);
  });
});

describe('generated SOLO clients → node-soap server, every operation on both ports', async () => {
  const cases = await seedCases('solo');
  const api = model('solo');
  let peer: Awaited<ReturnType<typeof startNodeSoapServer>>;
  const calls = new Map<string, unknown>();
  beforeAll(async () => {
    const impl: Record<string, (args: unknown) => unknown> = {};
    for (const c of cases) {
      const carrier = documentField(api, c.op.output!.elementType ? { kind: 'named', name: c.op.output!.elementType } : c.op.output!.type)!;
      // node-soap's answer built from the seed document: raw XML for element content, text for a string.
      const value = carrier.carrier === 'element' ? { $xml: embeddableDocument(c.responseFrom) } : innerDocument(c.responseFrom);
      impl[c.op.name] = (args: unknown) => {
        calls.set(c.op.name, args);
        return { [carrier.field.name]: value };
      };
    }
    peer = await startNodeSoapServer('specs/solo.wsdl', { XmlLicenseService: { XmlLicenseServiceSoap: impl, XmlLicenseServiceSoap12: impl } });
  });
  afterAll(() => peer.close());

  for (const [portName, Client, version] of [
    ['XmlLicenseServiceSoap', solo.XmlLicenseServiceSoapClient, '1.1'],
    ['XmlLicenseServiceSoap12', solo.XmlLicenseServiceSoap12Client, '1.2'],
  ] as const) {
    for (const c of cases) {
      const inCarrier = documentField(api, c.op.input.elementType ? { kind: 'named', name: c.op.input.elementType } : c.op.input.type)!;
      const elementCarried = inCarrier.carrier === 'element';
      test(`${portName}: ${c.op.name} (${c.requestFrom} → ${c.responseFrom})`, async () => {
        const client = new Client({ endpoint: `${peer.url}${peer.path}` }) as unknown as Record<string, (i: unknown) => Promise<unknown>>;
        const before = peer.received.length;
        const result = await client[methodName(c.op.name)]!(c.request);
        assert.deepEqual(result, c.response);
        const raw = peer.received[before]!;
        const tree = assertVersion(raw, version, c.op.soapAction);
        const fixture = parseTree(innerDocument(c.requestFrom));
        const args = calls.get(c.op.name) as Record<string, unknown>;
        if (elementCarried) {
          // The document root is element content of X, in no namespace, as in the seed.
          const x = find(tree, inCarrier.field.name)!;
          const root = x.children[0]!;
          assert.equal(root.local, fixture.local);
          assert.equal(root.ns, '', 'inner document root is in no namespace');
          const got = objectLeaves((args[inCarrier.field.name] as Record<string, unknown>)[fixture.local]);
          assert.deepEqual(got, leaves(fixture));
        } else {
          // The document travels as text; node-soap hands it over as a string holding the seed document.
          const text = args[inCarrier.field.name];
          assert.equal(typeof text, 'string');
          const doc = parseTree(text as string);
          assert.equal(doc.local, fixture.local);
          assert.equal(doc.ns, '');
          assert.deepEqual(leaves(doc), leaves(fixture));
        }
      });
    }
  }
});
