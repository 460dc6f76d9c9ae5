/** GenoPro Purchase through the generated SOAP 1.1 and 1.2 clients against the running server. */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import { WsSoapClient, WsSoap12Client } from '../../generated/genopro/client.js';
import type * as T from '../../generated/genopro/types.js';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/external.ts';
import { ERROR_NAMES } from '../../server/apis/genopro.ts';
import { startServer, type RunningServer } from './harness.ts';

let srv: RunningServer;
let c11: WsSoapClient;
let c12: WsSoap12Client;
beforeAll(async () => {
  srv = await startServer();
  c11 = new WsSoapClient({ endpoint: `${srv.base}/ws.asmx` });
  c12 = new WsSoap12Client({ endpoint: `${srv.base}/ws.asmx` });
});
afterAll(() => srv.stop());

let amount = 10;
function purchase(over: Partial<T.Purchase> = {}): T.Purchase {
  // A fresh amount per call: an identical charge within a minute is refused as a duplicate.
  amount += 1;
  return {
    Version: 3, Currency: 'USD', Quantity: 1, Amount: `${amount}.00`, Package: 'GenoPro Gold', CreditCardNumber: '4111111111111111',
    ExpirationMonth: 12, ExpirationYear: new Date().getUTCFullYear() + 2, Country: 'US', NameOnCard: 'JANE SAMPLE',
    Usage: { FirstName: 'Jane', LastName: 'Sample', DaysCoupon: 0, Status: 1, cSessions: 1, cFN: 0, cFO: 0, cFS: 0, Email: 'jane@example.com' },
    ...over,
  };
}

test('approved test card returns Ok, an invoice number, a key and a transaction id (SOAP 1.1 and 1.2)', async () => {
  for (const client of [c11, c12]) {
    const r = (await client.purchase(purchase())).PurchaseResult!;
    assert.equal(r.Error?.ErrorName, 'Ok');
    assert.equal(r.Error?.ErrorCode, 0);
    assert.match(r.InvoiceNumber!, /^GP-\d{4}-\d{6}$/);
    assert.match(r.Key!, /^GP3-[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    assert.ok(r.TransactionId);
  }
  const a = (await c11.purchase(purchase())).PurchaseResult!;
  const b = (await c11.purchase(purchase())).PurchaseResult!;
  assert.notEqual(a.Key, b.Key);
  assert.notEqual(a.InvoiceNumber, b.InvoiceNumber);
});

const failures: [string, Partial<T.Purchase>, T.ErrorName, string][] = [
  // Refusals by the (simulated) processor name no parameter; our own checks name the field in sParam.
  ['declined card', { CreditCardNumber: '4000000000000002' }, 'ErrCreditCardDecline', ''],
  ['over limit', { CreditCardNumber: '4000000000009995' }, 'ErrCreditCardOverLimit', ''],
  ['bad CVC', { CreditCardNumber: '4000000000000127' }, 'ErrCreditCardIncorrectCVC', ''],
  ['3-D Secure needed', { CreditCardNumber: '4000000000003220' }, 'ErrCreditCardAuthenticationRequired', ''],
  ['issuer down', { CreditCardNumber: '4000000000000119' }, 'ErrCreditCardIssuerNotAvailable', ''],
  ['Amex not supported', { CreditCardNumber: '378282246310005' }, 'ErrCreditCardNotSupported', ''],
  ['Luhn failure', { CreditCardNumber: '4111111111111112' }, 'ErrCreditCardInvalid', 'CreditCardNumber'],
  ['missing card', { CreditCardNumber: '' }, 'ErrMissingInformation', 'CreditCardNumber'],
  ['expired card', { ExpirationYear: 2020 }, 'ErrCreditCardExpired', 'ExpirationYear'],
  ['month 13', { ExpirationMonth: 13 }, 'ErrCreditCardInvalid', 'ExpirationMonth'],
  ['no name on card', { NameOnCard: '' }, 'ErrCreditCardNameNotIncluded', 'NameOnCard'],
  ['quantity 0', { Quantity: 0 }, 'ErrMissingInformation', 'Quantity'],
  ['bad amount', { Amount: 'forty' }, 'ErrMissingInformation', 'Amount'],
  ['unknown version', { Version: 99 }, 'ErrDownloadVersionDoesNotExist', 'Version'],
  ['unsettled currency', { Currency: 'RUB' }, 'ErrCreditCardCurrencyNotSupported', 'Currency'],
];
for (const [name, over, error, param] of failures) {
  test(`failure: ${name} → ${error}`, async () => {
    const r = (await c12.purchase(purchase(over))).PurchaseResult!;
    assert.equal(r.Error?.ErrorName, error);
    assert.equal(r.Error!.ErrorCode, ERROR_NAMES.indexOf(error), 'ErrorCode is the position in the enumeration');
    assert.equal(r.Error?.sParam, param);
    if (param === '') assert.match(r.TransactionId!, /^sim_/, 'a processor refusal has its attempt id');
    assert.equal(r.Key, '');
    assert.equal(r.InvoiceNumber, '');
  });
}

test('the same charge twice within a minute is a duplicate; parallel duplicates charge once', async () => {
  const p = purchase();
  const results = await Promise.all([1, 2, 3, 4].map(() => c11.purchase(p)));
  const names = results.map((r) => r.PurchaseResult!.Error!.ErrorName).sort();
  assert.deepEqual(names, ['ErrCreditCardDuplicate', 'ErrCreditCardDuplicate', 'ErrCreditCardDuplicate', 'Ok']);
});

test('a malformed request is a Client fault, not a crash', async () => {
  const res = await fetch(`${srv.base}/ws.asmx`, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: '"http://genopro.com/webservices/Purchase"' }, body: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Purchase xmlns="http://genopro.com/webservices/"><Version>x</Version></Purchase></soap:Body></soap:Envelope>' });
  assert.equal(res.status, 500);
  assert.match(await res.text(), /faultcode>soap:Client</);
  const again = (await c11.purchase(purchase())).PurchaseResult!;
  assert.equal(again.Error?.ErrorName, 'Ok');
});

test('the seed fixtures sent as they are get the answers the response fixtures show (SOAP 1.1 and 1.2)', async () => {
  const examples = path.join(ROOT, 'specs/examples/genopro');
  const cases = [
    { version: '11', contentType: 'text/xml; charset=utf-8', soapAction: '"http://genopro.com/webservices/Purchase"' },
    { version: '12', contentType: 'application/soap+xml; charset=utf-8; action="http://genopro.com/webservices/Purchase"' },
  ];
  for (const { version, contentType, soapAction } of cases) {
    const request = fs.readFileSync(path.join(examples, `Purchase.request.soap${version}.xml`));
    const headers: Record<string, string> = { 'content-type': contentType };
    if (soapAction) headers['soapaction'] = soapAction;
    const res = await fetch(`${srv.base}/ws.asmx`, { method: 'POST', headers, body: request });
    assert.equal(res.status, 200);
    const got = leaves(await res.text());
    const want = leaves(fs.readFileSync(path.join(examples, `Purchase.response.soap${version}.xml`), 'utf8'));
    assert.deepEqual(Object.keys(got), Object.keys(want), `SOAP ${version}: the same elements in the same order`);
    for (const [name, value] of Object.entries(want)) {
      // Generated values (key, invoice, transaction) differ per call; everything else is exact.
      if (['Key', 'InvoiceNumber', 'TransactionId'].includes(name) && value !== '') assert.ok(got[name], `SOAP ${version}: ${name} present`);
      else assert.equal(got[name], value, `SOAP ${version}: ${name}`);
    }
  }
});

/** The leaf elements of a PurchaseResult, by local name, in document order. */
function leaves(xml: string): Record<string, string> {
  const result = /<PurchaseResult>([\s\S]*)<\/PurchaseResult>/.exec(xml)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const m of result.matchAll(/<(\w+)\s*\/>|<(\w+)>([^<]*)<\/\2>/g)) out[m[1] ?? m[2]!] = m[1] ? '' : m[3]!;
  return out;
}
