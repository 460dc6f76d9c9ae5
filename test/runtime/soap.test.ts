import { test, describe } from 'vitest';
import assert from 'node:assert/strict';
import {
  buildEnvelope,
  buildFault,
  parseEnvelope,
  readFault,
  requestHeaders,
  resolveMultiRefs,
  SOAP11_ENV_NS,
  SOAP12_ENV_NS,
  SoapFault,
  WSSE_NS,
  type SoapVersion,
} from '../../generator/runtime/soap.ts';
import { parseXml, resolveQName, XSI_NS, type XmlElement } from '../../generator/runtime/xml.ts';
import { xmllintWellFormed } from '../support/external.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function catchFault(fn: () => unknown): SoapFault {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SoapFault, `expected SoapFault, got ${String(e)}`);
    return e;
  }
  assert.fail('no fault thrown');
}

describe('envelopes', () => {
  for (const version of ['1.1', '1.2'] as SoapVersion[]) {
    test(`build + parse, SOAP ${version}`, () => {
      const xml = buildEnvelope(version, '<Purchase xmlns="http://genopro.com/webservices/"><Quantity>2</Quantity></Purchase>', {
        headerXml: '<h:Auth xmlns:h="urn:h">t</h:Auth>',
        namespaces: { tns: 'urn:tns' },
      });
      const p = version === '1.1' ? 'soap' : 'soap12';
      assert.ok(xml.startsWith(`<?xml version="1.0" encoding="utf-8"?><${p}:Envelope `), xml);
      assert.match(xml, new RegExp(`xmlns:${p}="${version === '1.1' ? SOAP11_ENV_NS : SOAP12_ENV_NS}"`));
      assert.match(xml, /xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance"/);
      assert.match(xml, /xmlns:tns="urn:tns"/);
      const env = parseEnvelope(xml);
      assert.equal(env.version, version);
      assert.equal(env.header?.children[0].local, 'Auth');
      assert.equal(env.body.local, 'Body');
      assert.equal(env.payload?.ns, 'http://genopro.com/webservices/');
      assert.equal(env.payload?.local, 'Purchase');
      assert.equal(env.payload?.children[0].text, '2');
      // An independent parser agrees the message is well-formed.
      const dir = mkdtempSync(path.join(tmpdir(), 'soap-'));
      writeFileSync(path.join(dir, 'e.xml'), xml);
      assert.ok(xmllintWellFormed(path.join(dir, 'e.xml')).ok);
    });
  }

  test('namespaces given by the caller override the xsi/xsd defaults instead of duplicating them', () => {
    const xml = buildEnvelope('1.1', '', { namespaces: { xsi: XSI_NS, xsd: 'http://www.w3.org/2001/XMLSchema' } });
    assert.equal(xml.match(/xmlns:xsi=/g)?.length, 1);
    parseEnvelope(xml);
    assert.throws(() => buildEnvelope('1.1', '', { namespaces: { 'bad prefix': 'urn:x' } }), /invalid namespace prefix/);
  });

  test('encodingStyle goes on the SOAP 1.1 Body', () => {
    const xml = buildEnvelope('1.1', '<m/>', { encodingStyle: 'http://schemas.xmlsoap.org/soap/encoding/' });
    const env = parseEnvelope(xml);
    assert.equal(env.body.attrs[`{${SOAP11_ENV_NS}}encodingStyle`], 'http://schemas.xmlsoap.org/soap/encoding/');
  });

  test('bad envelopes become Client or VersionMismatch faults', () => {
    assert.equal(catchFault(() => parseEnvelope('<soap:Envelope')).code, 'Client');
    assert.match(catchFault(() => parseEnvelope('<!DOCTYPE x><x/>')).reason, /DOCTYPE/);
    assert.equal(catchFault(() => parseEnvelope('<e:Envelope xmlns:e="urn:other"><e:Body/></e:Envelope>')).code, 'VersionMismatch');
    assert.match(catchFault(() => parseEnvelope('<Purchase/>')).reason, /Expected a SOAP Envelope/);
    assert.match(catchFault(() => parseEnvelope(`<s:Envelope xmlns:s="${SOAP11_ENV_NS}"/>`)).reason, /no Body/);
    assert.match(
      catchFault(() => parseEnvelope(`<s:Envelope xmlns:s="${SOAP11_ENV_NS}"><s:Body/><s:Header/></s:Envelope>`)).reason,
      /Header must come once, before Body/,
    );
    assert.equal(catchFault(() => parseEnvelope(buildEnvelope('1.1', '<a/>'), { maxBytes: 50 })).code, 'Client');
    const empty = parseEnvelope(buildEnvelope('1.2', ''));
    assert.equal(empty.payload, undefined);
  });

  test('requestHeaders per version', () => {
    assert.deepEqual(requestHeaders('1.1', 'http://genopro.com/webservices/Purchase'), {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: '"http://genopro.com/webservices/Purchase"',
    });
    assert.deepEqual(requestHeaders('1.1', ''), { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' });
    assert.deepEqual(requestHeaders('1.2', 'urn:Op'), { 'Content-Type': 'application/soap+xml; charset=utf-8; action="urn:Op"' });
    assert.deepEqual(requestHeaders('1.2', ''), { 'Content-Type': 'application/soap+xml; charset=utf-8' });
  });
});

describe('faults', () => {
  for (const version of ['1.1', '1.2'] as SoapVersion[]) {
    test(`round-trip every code, SOAP ${version}`, () => {
      for (const code of ['Client', 'Server', 'VersionMismatch', 'MustUnderstand'] as const) {
        const fault = new SoapFault(code, 'Bad <thing> & more', {
          detailXml: '<e:Error xmlns:e="urn:e"><e:Code>42</e:Code></e:Error>',
          path: '/Purchase/Usage/Status',
          subcode: 'Auth',
        });
        const xml = buildFault(version, fault);
        const env = parseEnvelope(xml);
        const back = readFault(env);
        assert.ok(back);
        assert.equal(back.code, code);
        assert.equal(back.reason, 'Bad <thing> & more');
        assert.equal(back.path, '/Purchase/Usage/Status');
        assert.equal(back.subcode, 'Auth');
        const detail = parseXml(back.detailXml as string);
        assert.equal(detail.ns, 'urn:e');
        assert.equal(detail.children[0].text, '42');
      }
    });
  }

  test('wire forms: 1.1 faultcode/faultstring, 1.2 Sender/Receiver', () => {
    const f11 = buildFault('1.1', new SoapFault('Client', 'nope'));
    assert.match(f11, /<soap:Fault><faultcode>soap:Client<\/faultcode><faultstring>nope<\/faultstring><\/soap:Fault>/);
    const f12 = parseEnvelope(buildFault('1.2', new SoapFault('Client', 'nope')));
    const code = f12.payload?.children[0].children[0] as XmlElement;
    assert.equal(code.local, 'Value');
    assert.deepEqual(resolveQName(code, code.text), { ns: SOAP12_ENV_NS, local: 'Sender' });
    const r12 = parseEnvelope(buildFault('1.2', new SoapFault('Server', 'x')));
    assert.match(r12.payload?.children[0].children[0].text ?? '', /:Receiver$/);
  });

  test('reads faults written by other stacks (asmx 1.1, 1.2 with several Reason texts, unknown codes)', () => {
    const asmx = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11_ENV_NS}"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. ---&gt; Object reference not set</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>`;
    const f = readFault(parseEnvelope(asmx));
    assert.equal(f?.code, 'Server');
    assert.equal(f?.reason, 'Server was unable to process request. ---> Object reference not set');
    assert.equal(f?.detailXml, undefined);
    const multi = `<e:Envelope xmlns:e="${SOAP12_ENV_NS}"><e:Body><e:Fault><e:Code><e:Value>e:Sender</e:Value><e:Subcode><e:Value xmlns:m="urn:m">m:Quota</e:Value></e:Subcode></e:Code><e:Reason><e:Text xml:lang="de">Kaputt</e:Text><e:Text xml:lang="en-US">Broken</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>`;
    const g = readFault(parseEnvelope(multi));
    assert.equal(g?.code, 'Client');
    assert.equal(g?.reason, 'Broken');
    assert.equal(g?.subcode, 'Quota');
    const odd = `<soap:Envelope xmlns:soap="${SOAP11_ENV_NS}"><soap:Body><soap:Fault><faultcode>x:Weird</faultcode><faultstring>?</faultstring></soap:Fault></soap:Body></soap:Envelope>`;
    const h = readFault(parseEnvelope(odd));
    assert.equal(h?.code, 'Server');
    assert.equal(h?.subcode, 'Weird');
    assert.equal(readFault(parseEnvelope(buildEnvelope('1.1', '<ok/>'))), undefined);
  });
});

describe('qualified subcodes (WS-Security fault codes)', () => {
  const wss = () => new SoapFault('Client', 'The message has expired', { subcode: 'MessageExpired', subcodeNamespace: { prefix: 'wsse', uri: WSSE_NS } });

  test('SOAP 1.1 writes the QName as the faultcode itself; SOAP 1.2 as the Subcode Value under Sender', () => {
    const f11 = parseEnvelope(buildFault('1.1', wss()));
    const code11 = f11.payload!.children[0]!;
    assert.equal(code11.local, 'faultcode');
    assert.deepEqual(resolveQName(code11, code11.text), { ns: WSSE_NS, local: 'MessageExpired' });
    const f12 = parseEnvelope(buildFault('1.2', wss()));
    const code12 = f12.payload!.children[0]!;
    assert.deepEqual(resolveQName(code12.children[0]!, code12.children[0]!.text), { ns: SOAP12_ENV_NS, local: 'Sender' });
    const sub = code12.children[1]!.children[0]!;
    assert.deepEqual(resolveQName(sub, sub.text), { ns: WSSE_NS, local: 'MessageExpired' });
  });

  for (const version of ['1.1', '1.2'] as SoapVersion[]) {
    test(`SOAP ${version}: read back as a sender fault with its namespace`, () => {
      const back = readFault(parseEnvelope(buildFault(version, wss())))!;
      assert.equal(back.code, 'Client');
      assert.equal(back.subcode, 'MessageExpired');
      assert.deepEqual(back.subcodeNamespace, { prefix: 'wsse', uri: WSSE_NS });
    });
  }

  test('a faultcode in another foreign namespace stays a Server fault with that subcode', () => {
    const other = `<soap:Envelope xmlns:soap="${SOAP11_ENV_NS}"><soap:Body><soap:Fault><faultcode xmlns:v="urn:vendor">v:Quota</faultcode><faultstring>q</faultstring></soap:Fault></soap:Body></soap:Envelope>`;
    const f = readFault(parseEnvelope(other))!;
    assert.equal(f.code, 'Server');
    assert.equal(f.subcode, 'Quota');
    assert.deepEqual(f.subcodeNamespace, { prefix: 'v', uri: 'urn:vendor' });
  });

  test("node-soap's 1.2-shaped Fault inside a SOAP 1.1 envelope is read by its shape", () => {
    const nodeSoap = `<soap:Envelope xmlns:soap="${SOAP11_ENV_NS}"><soap:Body><soap:Fault><soap:Code><soap:Value>SOAP-ENV:Client</soap:Value><soap:Subcode><soap:Value>AuthenticationFailure</soap:Value></soap:Subcode></soap:Code><soap:Reason><soap:Text>Invalid username or password</soap:Text></soap:Reason></soap:Fault></soap:Body></soap:Envelope>`;
    const f = readFault(parseEnvelope(nodeSoap))!;
    assert.equal(f.code, 'Client');
    assert.equal(f.subcode, 'AuthenticationFailure');
    assert.equal(f.reason, 'Invalid username or password');
  });
});

describe('resolveMultiRefs', () => {
  const ENC = 'http://schemas.xmlsoap.org/soap/encoding/';
  const wrap = (body: string): XmlElement =>
    parseEnvelope(
      `<soap:Envelope xmlns:soap="${SOAP11_ENV_NS}" xmlns:soapenc="${ENC}" xmlns:xsi="${XSI_NS}" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>${body}</soap:Body></soap:Envelope>`,
    ).body;

  test('replaces href elements by the referenced content, nested, and drops the multiRefs', () => {
    const body = wrap(
      '<ns1:getResponse xmlns:ns1="urn:v"><result href="#id0"/><other href="#id0"/></ns1:getResponse>' +
        '<multiRef id="id0" soapenc:root="0" xsi:type="ns2:Order" xmlns:ns2="urn:types"><item href="#id1"/><name>A</name></multiRef>' +
        '<multiRef id="id1" soapenc:root="0" xsi:type="xsd:int">7</multiRef>',
    );
    resolveMultiRefs(body);
    assert.equal(body.children.length, 1, 'referenced multiRefs are removed');
    const [result, other] = body.children[0].children;
    for (const r of [result, other]) {
      assert.equal(r.attrs['href'], undefined);
      assert.equal(r.attrs['id'], undefined);
      assert.deepEqual(resolveQName(r, r.attrs[`{${XSI_NS}}type`]), { ns: 'urn:types', local: 'Order' });
      assert.equal(r.children[0].local, 'item');
      assert.equal(r.children[0].text, '7');
      assert.equal(r.children[0].attrs['href'], undefined);
      assert.equal(r.children[1].text, 'A');
    }
  });

  test('SOAP 1.2 enc:ref / enc:id', () => {
    const E12 = 'http://www.w3.org/2003/05/soap-encoding';
    const body = parseEnvelope(
      `<e:Envelope xmlns:e="${SOAP12_ENV_NS}" xmlns:enc="${E12}"><e:Body><r><a enc:ref="x"/><b enc:id="x"><v>1</v></b></r></e:Body></e:Envelope>`,
    ).body;
    resolveMultiRefs(body);
    const [a, b] = body.children[0].children;
    assert.equal(a.children[0].text, '1');
    assert.equal(a.attrs[`{${E12}}ref`], undefined);
    assert.equal(b.children[0].text, '1');
  });

  test('cycles, dangling references and duplicate ids are Client faults', () => {
    const cyc = wrap('<r><a href="#x"/></r><multiRef id="x"><b href="#y"/></multiRef><multiRef id="y"><c href="#x"/></multiRef>');
    assert.match(catchFault(() => resolveMultiRefs(cyc)).reason, /Cyclic/);
    const self = wrap('<r><a href="#x"/></r><multiRef id="x"><b href="#x"/></multiRef>');
    assert.match(catchFault(() => resolveMultiRefs(self)).reason, /Cyclic/);
    assert.match(catchFault(() => resolveMultiRefs(wrap('<r><a href="#nope"/></r>'))).reason, /unknown multiRef id 'nope'/);
    assert.match(catchFault(() => resolveMultiRefs(wrap('<r href="#a"/><m id="a"/><m id="a"/>'))).reason, /Duplicate multiRef id/);
    assert.match(catchFault(() => resolveMultiRefs(wrap('<r><a href="http://evil/x"/></r>'))).reason, /external href/);
  });

  test('exponential expansion ("billion laughs" through multiRefs) is refused', () => {
    let refs = '';
    for (let i = 0; i < 40; i++) refs += `<multiRef id="l${i}"><a href="#l${i + 1}"/><b href="#l${i + 1}"/></multiRef>`;
    refs += '<multiRef id="l40">lol</multiRef>';
    const body = wrap(`<r><x href="#l0"/></r>${refs}`);
    assert.match(catchFault(() => resolveMultiRefs(body)).reason, /expansion exceeds/);
  });

  test('bodies without references are left alone', () => {
    const body = wrap('<r><a id="keep">1</a></r><s/>');
    resolveMultiRefs(body);
    assert.equal(body.children.length, 2);
    assert.equal(body.children[0].children[0].attrs['id'], 'keep');
  });
});
