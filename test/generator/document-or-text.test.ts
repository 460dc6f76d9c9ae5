/**
 * `cg:documentOrText` (test/fixtures/wsdl/licensing.wsdl): a string result holding an XML document or,
 * in its place, a plain-text message. The generated codec tells them apart by content and round-trips
 * both variants; the validators accept both and nothing else; a generated client reads the variants
 * from a service that writes the vendor's wire text, and from the generated server stub, over HTTP on
 * 127.0.0.1. The loader refuses the flag where it cannot apply.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateAll } from '../../generator/pipeline.ts';
import { loadWsdl } from '../../generator/load/wsdl.ts';
import { parseXml } from '../../generator/runtime/xml.ts';
import { ROOT } from '../support/external.ts';

const SPEC = path.join(ROOT, 'test/fixtures/wsdl/licensing.wsdl');
const OUT = path.join(ROOT, 'test/tmp/document-or-text');
const NS = 'urn:example:licensing';
const DOCS = 'urn:example:licensing:docs';

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated modules are imported at run time */
let codec: any;
let validators: any;
let client: any;
let stubs: any;

/** A response payload `<{Op}Response><{Op}Result>text</…></…>` as a vendor writes it, the string escaped once. */
function payload(op: string, result: string): string {
  const escaped = result.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<${op}Response xmlns="${NS}"><${op}Result>${escaped}</${op}Result></${op}Response>`;
}
const decode = (op: string, result: string) => codec[`decode${op}ResponseBody`](parseXml(payload(op, result)));
/** Encodes a response value and reads it back, as client and server do on either side of the wire. */
const roundTrip = (op: string, value: unknown) => codec[`decode${op}ResponseBody`](parseXml(codec[`encode${op}ResponseBody`](value)));

const ACCOUNT = `<Account xmlns="${DOCS}"><Id>7</Id><Name>Ann &amp; Co</Name></Account>`;

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  for (const [rel, text] of await generateAll([{ name: 'licensing', spec: SPEC }], ROOT)) {
    fs.mkdirSync(path.dirname(path.join(OUT, rel)), { recursive: true });
    fs.writeFileSync(path.join(OUT, rel), text);
  }
  const load = (m: string) => import(pathToFileURL(path.join(OUT, `licensing/${m}.ts`)).href);
  [codec, validators, client, stubs] = await Promise.all([load('codec'), load('validators'), load('client'), load('server')]);
});

describe('cg:documentOrText: the codec decides by content', () => {
  test('a declared document (leading blanks, an XML declaration) is the document', () => {
    const account = { document: { Id: 7, Name: 'Ann & Co' } };
    assert.deepEqual(decode('GetAccount', ACCOUNT), { GetAccountResult: account });
    assert.deepEqual(decode('GetAccount', `\n  <?xml version="1.0" encoding="utf-8"?>${ACCOUNT}`.trimStart()), { GetAccountResult: account });
    assert.deepEqual(decode('GetAccount', `\n  ${ACCOUNT}`), { GetAccountResult: account });
  });

  test('words, a message containing "<", an undeclared root, a root in another namespace and malformed markup are text, kept as sent', () => {
    for (const text of [
      'Error: Invalid account',
      'Seats must be < 10',
      '',
      '   ',
      '<b>Account locked</b>',
      '<Account><Id>7</Id><Name>no namespace</Name></Account>',
      `<Account xmlns="${DOCS}"><Id>7</Id>`,
      '<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>',
    ]) assert.deepEqual(decode('GetAccount', text), { GetAccountResult: { text } }, JSON.stringify(text));
  });

  test('a declared root with wrong content is a broken document, not a message: a DecodeError at the path', () => {
    assert.throws(() => decode('GetAccount', `<Account xmlns="${DOCS}"><Id>seven</Id><Name>x</Name></Account>`), (e: unknown) => (e as Error).name === 'DecodeError' && (e as { path: string }).path === '/GetAccountResult/Id');
  });

  test('cg:documentList: every root declared is the list, a blank string the empty list, anything else text', () => {
    const order = (n: string, seats: number) => `<Order xmlns="${DOCS}"><Number>${n}</Number><Seats>${seats}</Seats></Order>`;
    assert.deepEqual(decode('ListOrders', order('A-1', 2) + order('A-2', 5)), { ListOrdersResult: { document: [{ Number: 'A-1', Seats: 2 }, { Number: 'A-2', Seats: 5 }] } });
    assert.deepEqual(decode('ListOrders', ''), { ListOrdersResult: { document: [] } });
    for (const text of ['No orders for this account', `${order('A-1', 2)} and more`, `${order('A-1', 2)}<Refusal xmlns="${DOCS}"><Reason>x</Reason></Refusal>`]) {
      assert.deepEqual(decode('ListOrders', text), { ListOrdersResult: { text } }, text);
    }
  });

  test('several roots: the document names its root; text stays text', () => {
    assert.deepEqual(decode('Renew', `<Refusal xmlns="${DOCS}"><Reason>Expired card</Reason></Refusal>`), { RenewResult: { document: { Refusal: { Reason: 'Expired card' } } } });
    assert.deepEqual(decode('Renew', 'Error: try later'), { RenewResult: { text: 'Error: try later' } });
  });

  test('both variants round-trip through encode and decode, the text escaped once like the document', () => {
    for (const [op, value] of [
      ['GetAccount', { GetAccountResult: { document: { Id: 1, Name: '<&>' } } }],
      ['GetAccount', { GetAccountResult: { text: 'Error: <Name> & "Id" are wrong' } }],
      ['ListOrders', { ListOrdersResult: { document: [{ Number: 'B-9', Seats: 1 }] } }],
      ['ListOrders', { ListOrdersResult: { text: 'Account closed' } }],
      ['Renew', { RenewResult: { document: { Account: { Id: 3, Name: 'Bo' } } } }],
      ['Renew', { RenewResult: { text: '' } }],
    ] as const) assert.deepEqual(roundTrip(op, value), value, JSON.stringify(value));
    assert.equal(codec.encodeGetAccountResponseBody({ GetAccountResult: { text: 'a < b & c' } }), `<GetAccountResponse xmlns="${NS}"><GetAccountResult>a &lt; b &amp; c</GetAccountResult></GetAccountResponse>`);
  });
});

describe('cg:documentOrText: validators', () => {
  test('accept the document and the text variant', () => {
    assert.deepEqual(validators.checkGetAccountResponse({ GetAccountResult: { document: { Id: 1, Name: 'x' } } }), []);
    assert.deepEqual(validators.checkGetAccountResponse({ GetAccountResult: { text: 'Error: nope' } }), []);
    assert.deepEqual(validators.checkListOrdersResponse({ ListOrdersResult: { document: [] } }), []);
    assert.deepEqual(validators.checkRenewResponse({ RenewResult: { document: { Refusal: { Reason: 'r' } } } }), []);
  });

  test('reject a bare document, both keys, no key, text that is not a string, and a bad document at /document', () => {
    const issues = (v: unknown) => validators.checkGetAccountResponse({ GetAccountResult: v }).map((i: { path: string; code: string }) => `${i.path} ${i.code}`);
    assert.deepEqual(issues({ Id: 1, Name: 'x' }), ['/GetAccountResult choice']);
    assert.deepEqual(issues({ document: { Id: 1, Name: 'x' }, text: 'y' }), ['/GetAccountResult choice']);
    assert.deepEqual(issues({}), ['/GetAccountResult choice']);
    assert.deepEqual(issues('Error'), ['/GetAccountResult type']);
    assert.deepEqual(issues({ text: 5 }), ['/GetAccountResult/text type']);
    assert.deepEqual(issues({ document: { Id: 'one', Name: 'x' } }), ['/GetAccountResult/document/Id type']);
  });
});

describe('cg:documentOrText over HTTP (127.0.0.1)', () => {
  let vendor: http.Server;
  let stub: http.Server;
  let vendorUrl: string;
  let stubUrl: string;
  /** What the vendor-style service answers as the GetAccount result string, by account id. */
  const VENDOR: Record<string, string> = { '7': ACCOUNT, bad: 'Error: Invalid account id <bad>' };

  beforeAll(async () => {
    // Writes the wire text itself, as the vendor does, so the client is tested against bytes we chose.
    vendor = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const id = /<Id>([^<]*)<\/Id>/.exec(body)?.[1] ?? '';
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
        res.end(`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${payload('GetAccount', VENDOR[id] ?? '')}</soap:Body></soap:Envelope>`);
      });
    });
    stub = http.createServer(
      stubs.createLicensingListener({
        getAccount: ({ Id }: { Id: string }) => ({ GetAccountResult: Id === '7' ? { document: { Id: 7, Name: 'Ann & Co' } } : { text: `Error: Invalid account id ${Id}` } }),
        listOrders: () => ({ ListOrdersResult: { text: 'No orders for this account' } }),
        renew: () => ({ RenewResult: { document: { Refusal: { Reason: 'Expired card' } } } }),
      }),
    );
    const listen = (s: http.Server) => new Promise<string>((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as { port: number }).port}`)));
    [vendorUrl, stubUrl] = await Promise.all([listen(vendor), listen(stub)]);
  });
  afterAll(() => Promise.all([vendor, stub].map((s) => new Promise<void>((resolve) => s.close(() => resolve())))));

  test('the generated client returns the text variant for the vendor\'s message and the document otherwise', async () => {
    const c = new client.LicensingSoapClient({ endpoint: `${vendorUrl}/licensing` });
    assert.deepEqual(await c.getAccount({ Id: '7' }), { GetAccountResult: { document: { Id: 7, Name: 'Ann & Co' } } });
    const r = await c.getAccount({ Id: 'bad' });
    assert.ok('text' in r.GetAccountResult);
    assert.equal(r.GetAccountResult.text, 'Error: Invalid account id <bad>');
  });

  test('the generated server sends either variant a handler returns as a plain string, and the client reads it back', async () => {
    const c = new client.LicensingSoapClient({ endpoint: `${stubUrl}/licensing` });
    assert.deepEqual(await c.getAccount({ Id: '7' }), { GetAccountResult: { document: { Id: 7, Name: 'Ann & Co' } } });
    assert.deepEqual(await c.getAccount({ Id: '8' }), { GetAccountResult: { text: 'Error: Invalid account id 8' } });
    assert.deepEqual(await c.listOrders({ Account: '7' }), { ListOrdersResult: { text: 'No orders for this account' } });
    assert.deepEqual(await c.renew({ Account: '7' }), { RenewResult: { document: { Refusal: { Reason: 'Expired card' } } } });
    const wire = await fetch(`${stubUrl}/licensing`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${NS}/GetAccount"` },
      body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetAccount xmlns="${NS}"><Id>8</Id></GetAccount></soap:Body></soap:Envelope>`,
    }).then((r) => r.text());
    assert.match(wire, /<GetAccountResult>Error: Invalid account id 8<\/GetAccountResult>/, 'the text is the string itself, no wrapper');
  });
});

describe('cg:documentOrText: the loader', () => {
  const variant = (from: string, to: string) => {
    const file = path.join(OUT, `variant-${Buffer.from(to).toString('hex').slice(0, 12)}.wsdl`);
    fs.writeFileSync(file, fs.readFileSync(SPEC, 'utf8').replace(from, to));
    return file;
  };

  test('records the flag on the model (document, list, several roots)', () => {
    const api = loadWsdl(SPEC, 'licensing', ROOT);
    const result = (name: string) => api.types.flatMap((t) => (t.kind === 'object' ? t.fields : [])).find((f) => f.name === name)!.type;
    for (const name of ['GetAccountResult', 'ListOrdersResult', 'RenewResult']) assert.equal((result(name) as { orText?: boolean }).orText, true, name);
  });

  test('refuses cg:documentOrText without cg:document, with a location', () => {
    const file = variant('cg:document="d:Account" cg:documentOrText="true"', 'cg:documentOrText="true"');
    assert.throws(() => loadWsdl(file, 'licensing', ROOT), /variant-[0-9a-f]+\.wsdl:\d+:\d+: error: cg:documentOrText needs cg:document/);
  });

  test('refuses it on a document carried as element content (there is no string to hold text)', () => {
    const file = variant('name="GetAccountResult" type="xs:string"', 'name="GetAccountResult"');
    assert.throws(() => loadWsdl(file, 'licensing', ROOT), /:\d+:\d+: error: cg:documentOrText applies to a document carried in a string/);
  });
});
