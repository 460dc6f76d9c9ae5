/**
 * rpc/encoded on the wire: the envelope our generated X-Formation client sends
 * for the seed's typed request means the same as the seed's own request
 * envelope: same elements in the same order, same values, same `xsi:type`s,
 * same `SOAP-ENC:arrayType`s, same nils. Compared as trees parsed by `sax`
 * with prefixes resolved (the seed uses ns/ns1/soapenc prefixes, we use our
 * own), not as bytes. The server here is a bare node:http recorder that
 * answers with the seed's response envelope.
 */
import { afterAll, beforeAll, test } from 'vitest';
import assert from 'node:assert/strict';
import http from 'node:http';
import { VendorPortClient } from '../../generated/xformation/client.ts';
import { readExample, seedCases, type SeedCase } from '../generator/support/seeds.ts';
import { listen, type Started } from './support/peers.ts';
import { find, meaning, parseTree, type Node } from './support/tree.ts';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const ENC = 'http://schemas.xmlsoap.org/soap/encoding/';

let peer: Started;
let seed: SeedCase;
const bodies: { headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  seed = (await seedCases('xformation'))[0]!;
  const answer = readExample('xformation', 'UpdateLicenseOrder.response.soap11.xml');
  peer = await listen(
    http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        bodies.push({ headers: req.headers, body });
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
        res.end(answer);
      });
    }),
  );
});
afterAll(() => peer.close());

function payload(envelopeText: string): Node {
  const env = parseTree(envelopeText);
  assert.equal(env.ns, SOAP11);
  const body = find(env, 'Body', SOAP11)!;
  return body.children[0]!;
}

/** encodingStyle in force for the payload: on the payload itself, or inherited from Body/Envelope. */
function encodingStyle(envelopeText: string): string | undefined {
  const env = parseTree(envelopeText);
  const body = find(env, 'Body', SOAP11)!;
  const key = `{${SOAP11}}encodingStyle`;
  return body.children[0]!.attrs[key] ?? body.attrs[key] ?? env.attrs[key];
}

test('our client sends the X-Formation seed request with the same meaning as the seed envelope', async () => {
  const result = await new VendorPortClient({ endpoint: `${peer.url}/soap` }).updateLicenseOrder(seed.request as never);
  assert.deepEqual(result, seed.response);
  const sent = bodies.at(-1)!;
  assert.equal(sent.headers.soapaction, '"https://license.x-formation.com/soap/type/vendor/version/1#UpdateLicenseOrder"');
  const seedText = readExample('xformation', 'UpdateLicenseOrder.request.soap11.xml');
  assert.deepEqual(meaning(payload(sent.body)), meaning(payload(seedText)));
  assert.equal(encodingStyle(sent.body), ENC);
  assert.equal(encodingStyle(seedText), ENC);
});

test('a one-item and an empty SOAP-ENC array keep arrayType [1] / [0]', async () => {
  const req = structuredClone(seed.request) as { licenseOrder: { Hostids: unknown[]; Features: unknown[] } };
  req.licenseOrder.Hostids = req.licenseOrder.Hostids.slice(0, 1);
  req.licenseOrder.Features = [];
  await new VendorPortClient({ endpoint: `${peer.url}/soap` }).updateLicenseOrder(req as never);
  const p = payload(bodies.at(-1)!.body);
  const hostids = find(p, 'Hostids')!;
  const features = find(p, 'Features')!;
  const vendor = 'https://license.x-formation.com/soap/type/vendor/version/1';
  assert.deepEqual(meaning(hostids), {
    name: '{}Hostids',
    type: `{${vendor}}ArrayOfSoap_Hostid`,
    arrayType: `{${vendor}}Soap_Hostid[1]`,
    children: [
      {
        name: '{}item',
        type: `{${vendor}}Soap_Hostid`,
        children: [
          { name: '{}name', type: '{http://www.w3.org/2001/XMLSchema}string', text: 'Ethernet' },
          { name: '{}min_amount', type: '{http://www.w3.org/2001/XMLSchema}int', text: '1' },
          { name: '{}max_amount', type: '{http://www.w3.org/2001/XMLSchema}int', text: '1' },
        ],
      },
    ],
  });
  assert.equal((meaning(features) as { arrayType: string }).arrayType, `{${vendor}}Soap_Feature[0]`);
  assert.equal(features.children.length, 0);
});
