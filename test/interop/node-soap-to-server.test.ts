/**
 * A node-soap client against our generated server stubs (node:http on
 * 127.0.0.1), every operation of every WSDL, seed examples as payloads, both
 * SOAP versions where the WSDL has both ports. The handler must receive the
 * seed's typed request; node-soap must read back the seed's response.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import soap from 'soap';
import { ROOT } from '../support/external.ts';
import { comparable, documentField, embeddableDocument, innerDocument, methodName, model, seedCases, SPEC_OF, type SeedCase, type SoapApiName } from '../generator/support/seeds.ts';
import { listen, type Started } from './support/peers.ts';
import { parseTree, type Node, leaves, objectLeaves } from './support/tree.ts';
import { createWsListener } from '../../generated/genopro/server.ts';
import { createVendorServiceListener } from '../../generated/xformation/server.ts';
import { createXmlLicenseServiceListener } from '../../generated/solo/server.ts';

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

/** Handlers that record the typed input and answer with the seed response. */
function recordingHandlers(cases: SeedCase[], seen: Map<string, unknown>): Record<string, (input: unknown) => unknown> {
  return Object.fromEntries(
    cases.map((c) => [
      methodName(c.op.name),
      (input: unknown) => {
        seen.set(c.op.name, input);
        return c.response;
      },
    ]),
  );
}

async function startOurs(api: SoapApiName, cases: SeedCase[], seen: Map<string, unknown>): Promise<Started> {
  const handlers = recordingHandlers(cases, seen) as never;
  const errors: unknown[] = [];
  const listener =
    api === 'genopro' ? createWsListener(handlers, { onError: (e) => errors.push(e) }) :
    api === 'xformation' ? createVendorServiceListener(handlers, { onError: (e) => errors.push(e) }) :
    createXmlLicenseServiceListener(handlers, { onError: (e) => errors.push(e) });
  return listen(http.createServer(listener));
}

type SoapClient = Record<string, unknown> & { lastResponse?: string; lastRequest?: string };

/** A node-soap client for one of our WSDLs (read from the file: node-soap resolves the schema import next to it). */
async function nodeSoapClient(api: SoapApiName, endpoint: string, soap12 = false): Promise<SoapClient> {
  return (await soap.createClientAsync(path.join(ROOT, SPEC_OF[api]), { endpoint, forceSoap12Headers: soap12 })) as unknown as SoapClient;
}

/** Calls `Service.Port.Op` on a node-soap client; resolves with node-soap's result object. */
function call(client: SoapClient, service: string, port: string, op: string, args: unknown): Promise<Record<string, unknown>> {
  const fn = ((client[service] as Record<string, Record<string, unknown>>)[port]![op]) as (a: unknown, cb: (err: unknown, result: unknown) => void) => void;
  return new Promise((resolve, reject) => fn(args, (err, result) => (err ? reject(err) : resolve(result as Record<string, unknown>))));
}

describe('node-soap client → generated GenoPro server', () => {
  let ours: Started;
  let seed: SeedCase;
  const seen = new Map<string, unknown>();
  beforeAll(async () => {
    const cases = await seedCases('genopro');
    seed = cases[0]!;
    ours = await startOurs('genopro', cases, seen);
  });
  afterAll(() => ours.close());

  for (const [port, soap12] of [['wsSoap', false], ['wsSoap12', true]] as const) {
    test(`${port}: Purchase`, async () => {
      seen.clear();
      const client = await nodeSoapClient('genopro', `${ours.url}/ws.asmx`, soap12);
      const result = await call(client, 'ws', port, 'Purchase', seed.request);
      assert.deepEqual(seen.get('Purchase'), seed.request, 'handler got the seed request, typed');
      assert.deepEqual(result, seed.response, 'node-soap read the seed response');
      if (soap12) assert.equal(parseTree(client.lastResponse!).ns, SOAP12, 'answered in SOAP 1.2');
    });
  }

  test('the WSDL served at ?wsdl is loadable by node-soap and describes Purchase', async () => {
    const client = (await soap.createClientAsync(`${ours.url}/ws.asmx?wsdl`)) as unknown as { describe(): Record<string, Record<string, Record<string, unknown>>> };
    const d = client.describe();
    assert.ok(d.ws?.wsSoap?.Purchase);
    assert.ok(d.ws?.wsSoap12?.Purchase);
  });
});

describe('node-soap client → generated X-Formation server (rpc/encoded)', () => {
  let ours: Started;
  let seed: SeedCase;
  const seen = new Map<string, unknown>();
  beforeAll(async () => {
    const cases = await seedCases('xformation');
    seed = cases[0]!;
    ours = await startOurs('xformation', cases, seen);
  });
  afterAll(() => ours.close());

  test('UpdateLicenseOrder with the seed request', async () => {
    const client = await nodeSoapClient('xformation', `${ours.url}/soap`);
    // node-soap has no notion of SOAP-ENC arrays: it repeats the accessor unless told the item name.
    const req = structuredClone(seed.request) as { licenseOrder: Record<string, unknown> };
    for (const k of ['Hostids', 'Features']) req.licenseOrder[k] = { item: req.licenseOrder[k] };
    const result = await call(client, 'VendorService', 'VendorPort', 'UpdateLicenseOrder', req);
    assert.deepEqual(seen.get('UpdateLicenseOrder'), seed.request, 'handler got the seed request, typed (arrays, nils)');
    assert.deepEqual(objectLeaves(result), { '/return/result_code': '0', '/return/result_string': '' });
  });

  test('node-soap\'s own array form (repeated accessor, no item) gets a Client fault naming the paths, not a crash', async () => {
    const client = await nodeSoapClient('xformation', `${ours.url}/soap`);
    await assert.rejects(call(client, 'VendorService', 'VendorPort', 'UpdateLicenseOrder', seed.request), (e: Error) => {
      assert.match(e.message, /soap:Client/);
      assert.match(e.message, /\/licenseOrder\/Hostids\/0\//);
      return true;
    });
  });
});

describe('node-soap client → generated SOLO server, every operation on both ports', async () => {
  const cases = await seedCases('solo');
  const api = model('solo');
  let ours: Started;
  const seen = new Map<string, unknown>();
  beforeAll(async () => {
    ours = await startOurs('solo', cases, seen);
  });
  afterAll(() => ours.close());

  for (const [port, soap12] of [['XmlLicenseServiceSoap', false], ['XmlLicenseServiceSoap12', true]] as const) {
    for (const c of cases) {
      test(`${port}: ${c.op.name}`, async () => {
        const input = documentField(api, c.op.input.elementType ? { kind: 'named', name: c.op.input.elementType } : c.op.input.type)!;
        const output = documentField(api, c.op.output!.elementType ? { kind: 'named', name: c.op.output!.elementType } : c.op.output!.type)!;
        // node-soap's idioms: raw XML via $xml for element content, a plain string for a string parameter.
        const arg = input.carrier === 'element' ? { $xml: embeddableDocument(c.requestFrom) } : innerDocument(c.requestFrom);
        const client = await nodeSoapClient('solo', `${ours.url}/solo/webservices/XmlLicenseService.asmx`, soap12);
        seen.delete(c.op.name);
        const result = await call(client, 'XmlLicenseService', port, c.op.name, { [input.field.name]: arg });
        assert.deepEqual(comparable(seen.get(c.op.name)), comparable(c.request), 'handler got the seed document, typed');
        const fixture = parseTree(innerDocument(c.responseFrom));
        const got = result[output.field.name];
        if (output.carrier === 'element') {
          assert.deepEqual(objectLeaves((got as Record<string, unknown>)[fixture.local]), leaves(fixture));
        } else {
          assert.deepEqual(leaves(parseTree(got as string)), leaves(fixture));
        }
        if (soap12) assert.equal(parseTree(client.lastResponse!).ns, SOAP12, 'answered in SOAP 1.2');
      });
    }
  }
});
