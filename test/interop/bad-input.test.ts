/**
 * Bad input against a generated server stub on 127.0.0.1: every case gets a
 * SOAP Fault in the request's SOAP version (naming the bad field's path where
 * there is one), never a stack trace, and the server keeps serving: a good
 * request right after each bad one succeeds.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createWsListener } from '../../generated/genopro/server.ts';
import { createVendorServiceListener } from '../../generated/xformation/server.ts';
import { readExample, seedCases, type SeedCase } from '../generator/support/seeds.ts';
import { listen, type Started } from './support/peers.ts';
import { find, parseTree } from './support/tree.ts';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const ACTION = 'http://genopro.com/webservices/Purchase';

type Version = '1.1' | '1.2';

function headers(version: Version, action = ACTION): Record<string, string> {
  return version === '1.2'
    ? { 'Content-Type': `application/soap+xml; charset=utf-8; action="${action}"` }
    : { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${action}"` };
}

function envelope(version: Version, body: string, prolog = ''): string {
  const ns = version === '1.2' ? SOAP12 : SOAP11;
  return `<?xml version="1.0" encoding="utf-8"?>${prolog}<s:Envelope xmlns:s="${ns}"><s:Body>${body}</s:Body></s:Envelope>`;
}

interface Reply {
  status: number;
  contentType: string;
  text: string;
}

/** POST with node:http (so a big body can be streamed and an early answer still read). */
function post(url: string, hdrs: Record<string, string>, body: string | Buffer | ((req: http.ClientRequest) => void)): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: hdrs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), text }));
      res.on('error', reject);
    });
    // The server may answer and close before a large body is fully written; that is expected.
    req.on('error', (e: NodeJS.ErrnoException) => (['EPIPE', 'ECONNRESET'].includes(e.code ?? '') ? undefined : reject(e)));
    if (typeof body === 'function') body(req);
    else req.end(body);
  });
}

/** Asserts a SOAP Fault of the given version and code; returns its reason and detail text. */
function assertFault(reply: Reply, version: Version, code: 'Client' | 'VersionMismatch' = 'Client'): { reason: string; detail: string } {
  assert.doesNotMatch(reply.text, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace in the answer');
  const tree = parseTree(reply.text);
  if (version === '1.2') {
    assert.equal(tree.ns, SOAP12, `SOAP 1.2 fault envelope: ${reply.text.slice(0, 300)}`);
    assert.match(reply.contentType, /^application\/soap\+xml/);
    const fault = find(tree, 'Fault', SOAP12);
    assert.ok(fault, 'a soap12:Fault');
    const value = find(find(fault, 'Code', SOAP12)!, 'Value', SOAP12)!.text.trim();
    assert.equal(value.split(':')[1], code === 'Client' ? 'Sender' : code);
    const detail = find(fault, 'Detail', SOAP12);
    return { reason: find(fault, 'Text', SOAP12)!.text, detail: detail ? JSON.stringify(detail) : '' };
  }
  assert.equal(tree.ns, SOAP11, `SOAP 1.1 fault envelope: ${reply.text.slice(0, 300)}`);
  assert.match(reply.contentType, /^text\/xml/);
  const fault = find(tree, 'Fault', SOAP11);
  assert.ok(fault, 'a soap:Fault');
  assert.equal(find(fault, 'faultcode')!.text.trim().split(':')[1]!.split('.')[0], code);
  const detail = find(fault, 'detail');
  return { reason: find(fault, 'faultstring')!.text, detail: detail ? JSON.stringify(detail) : '' };
}

describe('bad input → SOAP Faults from the generated GenoPro server, which stays up', () => {
  let ours: Started;
  let seed: SeedCase;
  let good11: string;
  let good12: string;
  let handled = 0;
  beforeAll(async () => {
    seed = (await seedCases('genopro'))[0]!;
    good11 = readExample('genopro', 'Purchase.request.soap11.xml');
    good12 = readExample('genopro', 'Purchase.request.soap12.xml');
    ours = await listen(
      http.createServer(
        createWsListener({
          purchase: () => {
            handled++;
            return seed.response as never;
          },
        }),
      ),
    );
  });
  afterAll(() => ours.close());

  /** The server still answers a good request in both versions. */
  async function stillUp(): Promise<void> {
    for (const [v, body] of [['1.1', good11], ['1.2', good12]] as const) {
      const r = await post(`${ours.url}/ws.asmx`, headers(v), body);
      assert.equal(r.status, 200, `good SOAP ${v} request after a bad one: ${r.text.slice(0, 300)}`);
      assert.ok(find(parseTree(r.text), 'PurchaseResponse'));
    }
  }

  const purchaseBody = (inner: string) => `<Purchase xmlns="http://genopro.com/webservices/">${inner}</Purchase>`;
  const validFields = '<Version>3</Version><Currency>USD</Currency><Quantity>1</Quantity><ExpirationMonth>12</ExpirationMonth><ExpirationYear>2028</ExpirationYear>';

  for (const version of ['1.1', '1.2'] as const) {
    test(`SOAP ${version}: malformed XML`, async () => {
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody('<Version>3</Versio>')));
      assert.match(assertFault(r, version).reason, /malformed|mismatch|expected|invalid/i);
      await stillUp();
    });

    test(`SOAP ${version}: truncated document`, async () => {
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody(validFields)).slice(0, -40));
      assertFault(r, version);
      await stillUp();
    });

    test(`SOAP ${version}: a DTD is refused`, async () => {
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody(validFields), '<!DOCTYPE x [<!ELEMENT x ANY>]>'));
      assert.match(assertFault(r, version).reason, /DTD|DOCTYPE/i);
      await stillUp();
    });

    test(`SOAP ${version}: an external entity (XXE) is refused and not resolved`, async () => {
      const body = envelope(version, purchaseBody('<Version>3</Version><Currency>&xxe;</Currency>'), '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>');
      const r = await post(`${ours.url}/ws.asmx`, headers(version), body);
      assertFault(r, version);
      assert.doesNotMatch(r.text, /root:/);
      await stillUp();
    });

    test(`SOAP ${version}: an undeclared entity reference without DTD is refused`, async () => {
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody(`<Version>3</Version><Currency>&lol9;</Currency>`)));
      assertFault(r, version);
      await stillUp();
    });

    test(`SOAP ${version}: 10,000-deep nesting`, async () => {
      const deep = '<a>'.repeat(10_000) + '</a>'.repeat(10_000);
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody(`${validFields}<Usage>${deep}</Usage>`)));
      assert.match(assertFault(r, version).reason, /depth|deep|nest/i);
      await stillUp();
    });

    test(`SOAP ${version}: a wrong type names the field path`, async () => {
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody(validFields.replace('<Quantity>1<', '<Quantity>one<'))));
      const f = assertFault(r, version);
      assert.match(f.reason + f.detail, /\/Quantity/);
      await stillUp();
    });

    test(`SOAP ${version}: an int out of range names the field path`, async () => {
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody(validFields.replace('<Version>3<', '<Version>9007199254740993<'))));
      const f = assertFault(r, version);
      assert.match(f.reason + f.detail, /\/Version/);
      await stillUp();
    });

    test(`SOAP ${version}: a value outside the enumeration names the field path`, async () => {
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody(validFields.replace('USD', 'XYZ'))));
      const f = assertFault(r, version);
      assert.match(f.reason + f.detail, /\/Currency/);
      await stillUp();
    });

    test(`SOAP ${version}: a missing required field names the field path`, async () => {
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody(validFields.replace('<Quantity>1</Quantity>', ''))));
      const f = assertFault(r, version);
      assert.match(f.reason + f.detail, /\/Quantity/);
      await stillUp();
    });

    test(`SOAP ${version}: a missing required nested field names the nested path`, async () => {
      const usage = '<Usage><DaysCoupon>1</DaysCoupon><Status>1</Status><cSessions>1</cSessions><cFN>1</cFN><cFO>1</cFO></Usage>';
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody(validFields + usage)));
      const f = assertFault(r, version);
      assert.match(f.reason + f.detail, /\/Usage\/cFS/);
      await stillUp();
    });

    test(`SOAP ${version}: an element named __proto__ as the operation is an unknown operation`, async () => {
      const r = await post(`${ours.url}/ws.asmx`, headers(version, ''), envelope(version, '<__proto__ xmlns="http://genopro.com/webservices/"><polluted>yes</polluted></__proto__>'));
      assertFault(r, version);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      await stillUp();
    });

    test(`SOAP ${version}: __proto__, constructor and toString elements inside the payload pollute nothing`, async () => {
      const before = handled;
      const evil = '<__proto__><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor><toString>x</toString>';
      const r = await post(`${ours.url}/ws.asmx`, headers(version), envelope(version, purchaseBody(validFields + `<Usage>${evil}<DaysCoupon>1</DaysCoupon><Status>1</Status><cSessions>1</cSessions><cFN>1</cFN><cFO>1</cFO><cFS>1</cFS></Usage>` + evil)));
      // Unknown elements are either ignored (the call succeeds) or refused with a Client fault; never a crash.
      if (r.status === 200) assert.equal(handled, before + 1);
      else assertFault(r, version);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(typeof ({} as { toString: unknown }).toString, 'function');
      await stillUp();
    });

    test(`SOAP ${version}: 50 MB body (Content-Length) is refused with a fault`, async () => {
      const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
      const head = Buffer.from(envelope(version, purchaseBody(validFields + '<Coupon>')).replace(/<\/Coupon>.*$/, ''));
      const r = await post(`${ours.url}/ws.asmx`, { ...headers(version), 'Content-Length': String(head.length + big.length) }, (req) => {
        req.write(head);
        req.end(big);
      });
      assert.equal(r.status, 413);
      assert.match(assertFault(r, version).reason, /limit|large|exceed/i);
      await stillUp();
    });

    test(`SOAP ${version}: 50 MB body (chunked, no length) is refused with a fault`, async () => {
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const r = await post(`${ours.url}/ws.asmx`, { ...headers(version), 'Transfer-Encoding': 'chunked' }, (req) => {
        req.write(envelope(version, '<Purchase xmlns="http://genopro.com/webservices/"><Coupon>').replace(/<\/Coupon>.*$/, ''));
        let sent = 0;
        const pump = (): void => {
          while (sent < 50) {
            sent++;
            if (!req.write(chunk)) {
              req.once('drain', pump);
              return;
            }
          }
          req.end();
        };
        pump();
      });
      assert.equal(r.status, 413);
      assertFault(r, version);
      await stillUp();
    });

    test(`SOAP ${version}: an empty body and a non-SOAP document get faults`, async () => {
      assertFault(await post(`${ours.url}/ws.asmx`, headers(version), ''), version);
      assertFault(await post(`${ours.url}/ws.asmx`, headers(version), '<html><body>hi</body></html>'), version);
      await stillUp();
    });
  }

  test('an invalidInput hook answers a bad request with the operation\'s own response (in-band), and undefined keeps the fault', async () => {
    const seen: { issues: { path: string; code: string }[]; hadInput: boolean; payload: string }[] = [];
    const inBand = await listen(
      http.createServer(
        createWsListener({
          purchase: () => seed.response as never,
          invalidInput: {
            purchase: (problem) => {
              seen.push({ issues: problem.issues.map(({ path, code }) => ({ path, code })), hadInput: problem.input !== undefined, payload: problem.payload.local });
              // A wrong type is answered in-band; other problems keep the Client fault.
              if (!problem.issues.some((i) => i.code === 'decode')) return undefined;
              return { PurchaseResult: { Error: { ErrorCode: -4, ErrorName: 'ErrMissingInformation', sParam: problem.issues[0]!.path } } };
            },
          },
        }),
      ),
    );
    try {
      const wrongType = await post(`${inBand.url}/ws.asmx`, headers('1.1'), envelope('1.1', purchaseBody(validFields.replace('<Quantity>1<', '<Quantity>one<'))));
      assert.equal(wrongType.status, 200, wrongType.text.slice(0, 300));
      const error = find(parseTree(wrongType.text), 'Error')!;
      assert.equal(find(error, 'ErrorName')!.text, 'ErrMissingInformation');
      assert.equal(find(error, 'sParam')!.text, '/Quantity');
      const missing = await post(`${inBand.url}/ws.asmx`, headers('1.2'), envelope('1.2', purchaseBody(validFields.replace('<Quantity>1</Quantity>', ''))));
      assert.match(assertFault(missing, '1.2').reason, /Quantity/);
      assert.deepEqual(seen, [
        { issues: [{ path: '/Quantity', code: 'decode' }], hadInput: false, payload: 'Purchase' },
        { issues: [{ path: '/Quantity', code: 'required' }], hadInput: true, payload: 'Purchase' },
      ]);
    } finally {
      await inBand.close();
    }
  });

  test('a SOAP 1.2 envelope sent as text/xml gets a VersionMismatch-style fault, not a crash', async () => {
    const r = await post(`${ours.url}/ws.asmx`, headers('1.1'), good12);
    assert.notEqual(r.status, 200);
    parseTree(r.text);
    await stillUp();
  });

  test('an unknown envelope namespace gets a VersionMismatch fault', async () => {
    const r = await post(`${ours.url}/ws.asmx`, headers('1.1'), good11.replace(/http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\//g, 'urn:not-soap'));
    assertFault(r, '1.1', 'VersionMismatch');
    await stillUp();
  });

  test('invalid UTF-8 bytes get a fault', async () => {
    const bytes = Buffer.concat([Buffer.from(envelope('1.1', purchaseBody('<Coupon>'))).subarray(0, -30), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('</Coupon></Purchase></s:Body></s:Envelope>')]);
    const r = await post(`${ours.url}/ws.asmx`, headers('1.1'), bytes);
    // Either refused as malformed, or decoded with replacement characters and then refused for missing fields.
    assertFault(r, '1.1');
    await stillUp();
  });

  test('50 concurrent bad requests, then good ones: all answered', async () => {
    const bad = Array.from({ length: 50 }, (_, i) => post(`${ours.url}/ws.asmx`, headers(i % 2 ? '1.2' : '1.1'), i % 3 ? '<oops' : envelope('1.1', purchaseBody('<Quantity>x</Quantity>'))));
    const replies = await Promise.all(bad);
    for (const r of replies) assert.ok(r.status >= 400, r.text.slice(0, 200));
    await stillUp();
  });
});

describe('bad input → the generated X-Formation (rpc/encoded) server', () => {
  let ours: Started;
  let text: string;
  const ACTION_X = 'https://license.x-formation.com/soap/type/vendor/version/1#UpdateLicenseOrder';
  beforeAll(async () => {
    const seed = (await seedCases('xformation'))[0]!;
    text = readExample('xformation', 'UpdateLicenseOrder.request.soap11.xml');
    ours = await listen(http.createServer(createVendorServiceListener({ updateLicenseOrder: () => seed.response as never })));
  });
  afterAll(() => ours.close());

  test('the seed request succeeds', async () => {
    const r = await post(`${ours.url}/x`, headers('1.1', ACTION_X), text);
    assert.equal(r.status, 200, r.text);
  });

  test('a wrong type inside a SOAP-ENC array item names the item path', async () => {
    const r = await post(`${ours.url}/x`, headers('1.1', ACTION_X), text.replace('<days_from_activation xsi:type="xsd:int">15<', '<days_from_activation xsi:type="xsd:int">fifteen<'));
    const f = assertFault(r, '1.1');
    assert.match(f.reason + f.detail, /\/licenseOrder\/Features\/1\/days_from_activation/);
  });

  test('a dangling href gets a fault, a cyclic href does not hang', async () => {
    const dangling = text.replace(/<licenseOrder xsi:type="ns:Soap_LicenseOrder">[\s\S]*<\/licenseOrder>/, '<licenseOrder href="#nowhere"/>');
    assertFault(await post(`${ours.url}/x`, headers('1.1', ACTION_X), dangling), '1.1');
    const cyclic = text
      .replace(/<licenseOrder xsi:type="ns:Soap_LicenseOrder">[\s\S]*<\/licenseOrder>/, '<licenseOrder href="#a"/>')
      .replace('</ns:UpdateLicenseOrder>', '</ns:UpdateLicenseOrder><multiRef id="a"><customer_id href="#b"/></multiRef><multiRef id="b"><x href="#a"/></multiRef>');
    const r = await post(`${ours.url}/x`, headers('1.1', ACTION_X), cyclic);
    assert.ok(r.status >= 400, r.text.slice(0, 300));
    parseTree(r.text);
    const again = await post(`${ours.url}/x`, headers('1.1', ACTION_X), text);
    assert.equal(again.status, 200);
  });
});
