/**
 * Every seed example envelope (and every SOLO inner document) decodes, through
 * the runtime's parseEnvelope and the generated codec, to the typed object the
 * seed means: numbers are numbers, xs:decimal stays a digit string, xsi:nil is
 * null, SOAP-ENC arrays are arrays even with one item, and SOLO's inner
 * documents arrive as typed objects whether they travel as element content (X)
 * or escaped inside a string (XS).
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { parseEnvelope, resolveMultiRefs } from '../../generated/runtime/soap.ts';
import { parseXml, type XmlElement } from '../../generated/runtime/xml.ts';
import * as genopro from '../../generated/genopro/codec.ts';
import * as xformation from '../../generated/xformation/codec.ts';
import * as solo from '../../generated/solo/codec.ts';
import { documentField, envelopeFixtures, exampleFiles, generated, innerDocument, model, operations, readExample, seedCases, SOAP_APIS, wrapDocument } from './support/seeds.ts';

function payloadOf(api: string, file: string): XmlElement {
  const env = parseEnvelope(readExample(api, file));
  assert.ok(env.payload, `${file}: Body has a payload`);
  return env.payload;
}

test('every envelope fixture of every SOAP API has a decoder and decodes without error', async () => {
  let count = 0;
  for (const api of SOAP_APIS) {
    const { codec } = await generated(api);
    for (const f of envelopeFixtures(api)) {
      const fn = codec[`decode${f.op}${f.dir === 'request' ? 'Request' : 'Response'}Body`];
      assert.equal(typeof fn, 'function', `${api}/${f.file}: decoder exists`);
      const env = parseEnvelope(readExample(api, f.file));
      assert.equal(env.version, f.version, `${api}/${f.file}: envelope version`);
      const value = fn!(env.payload!);
      assert.equal(typeof value, 'object');
      count++;
    }
  }
  assert.ok(count >= 12, `decoded ${count} envelope fixtures`);
});

test('GenoPro Purchase request (SOAP 1.1) decodes to typed fields', () => {
  const v = genopro.decodePurchaseRequestBody(payloadOf('genopro', 'Purchase.request.soap11.xml'));
  assert.equal(v.Version, 3);
  assert.equal(v.Currency, 'USD');
  assert.equal(v.Quantity, 1);
  // Amount is s:string on the wire (the asmx page says so): it must stay the exact text.
  assert.equal(v.Amount, '49.00');
  assert.equal(v.OldKeys, '', 'an empty element is the empty string, not undefined');
  assert.equal(v.ExpirationMonth, 12);
  assert.equal(v.ExpirationYear, 2028);
  assert.equal(v.Usage?.DaysCoupon, 30);
  assert.equal(v.Usage?.cSessions, 42);
  assert.equal(v.Usage?.Computer, 'JANE-DESKTOP');
  assert.deepEqual(Object.keys(v).slice(0, 3), ['Version', 'Currency', 'Quantity']);
});

test('GenoPro Purchase request (SOAP 1.2) keeps non-ASCII text', () => {
  const v = genopro.decodePurchaseRequestBody(payloadOf('genopro', 'Purchase.request.soap12.xml'));
  assert.equal(v.Currency, 'EUR');
  assert.equal(v.Quantity, 2);
  assert.equal(v.Usage?.FirstName, 'Jürgen');
  assert.equal(v.Usage?.Organization, 'Verein für Familienforschung');
  assert.equal(v.Usage?.Status, 0);
});

test('GenoPro Purchase responses decode with enum status and error code', () => {
  const ok = genopro.decodePurchaseResponseBody(payloadOf('genopro', 'Purchase.response.soap11.xml'));
  assert.deepEqual(ok.PurchaseResult?.Error, { sParam: '', ErrorCode: 0, ErrorName: 'Ok', ErrorDescription: '', ErrorData: '' });
  assert.equal(ok.PurchaseResult?.Key, 'GPG3-7KQ2-M9XD-4HTR-88WZ');
  const failed = genopro.decodePurchaseResponseBody(payloadOf('genopro', 'Purchase.response.soap12.xml'));
  assert.equal(failed.PurchaseResult?.Error?.ErrorCode, 31, "the ErrorName's position in the enumeration");
  assert.equal(failed.PurchaseResult?.Error?.ErrorName, 'ErrCreditCardAuthenticationRequired');
  assert.equal(failed.PurchaseResult?.TransactionId, 'pi_3PqL9xGenoPro4e5F6g7H');
});

test('X-Formation UpdateLicenseOrder request: rpc/encoded parts, SOAP-ENC arrays and xsi:nil', () => {
  const v = xformation.decodeUpdateLicenseOrderRequestBody(payloadOf('xformation', 'UpdateLicenseOrder.request.soap11.xml'));
  assert.equal(v.token, '141aa3143671e62aeb09a7bca039bbbc5108ffdc');
  const o = v.licenseOrder!;
  assert.equal(o.customer_id, 2);
  assert.equal(o.hostid_match_rate, 56);
  assert.equal(o.enabled, true);
  assert.equal(o.description, '');
  assert.equal(o.creation_time, '2012-04-25 09:53:13');
  assert.ok(Array.isArray(o.Hostids));
  assert.deepEqual(o.Hostids, [
    { name: 'Ethernet', min_amount: 1, max_amount: 1 },
    { name: 'Username', min_amount: 1, max_amount: 1 },
  ]);
  assert.equal(o.Features?.length, 2);
  const [f2, f1] = o.Features!;
  assert.equal(f2!.expiration_date, null, 'xsi:nil → null');
  assert.equal(f2!.additional_settings, null);
  assert.equal(f2!.days_from_activation, null);
  assert.equal(f2!.count, null);
  assert.equal(f1!.days_from_activation, 15);
  assert.equal(f1!.version, '1.100', 'a version string is not a number');
});

test('X-Formation: a SOAP-ENC array with one item is still an array; an empty one is []', () => {
  const text = readExample('xformation', 'UpdateLicenseOrder.request.soap11.xml');
  // Keep only the first Hostid item and say so in arrayType.
  const one = text
    .replace('ns1:Soap_Hostid[2]', 'ns1:Soap_Hostid[1]')
    .replace(/(<item xsi:type="ns1:Soap_Hostid">[\s\S]*?<\/item>)\s*<item xsi:type="ns1:Soap_Hostid">[\s\S]*?<\/item>/, '$1')
    .replace(/<Features [\s\S]*?<\/Features>/, '<Features SOAP-ENC:arrayType="ns1:Soap_Feature[0]" xsi:type="ns1:ArrayOfSoap_Feature"/>');
  const v = xformation.decodeUpdateLicenseOrderRequestBody(parseEnvelope(one).payload!);
  assert.deepEqual(v.licenseOrder?.Hostids, [{ name: 'Ethernet', min_amount: 1, max_amount: 1 }]);
  assert.deepEqual(v.licenseOrder?.Features, []);
});

test('X-Formation: href/multiRef encoding (Axis style) decodes like the inline form', () => {
  const text = readExample('xformation', 'UpdateLicenseOrder.request.soap11.xml');
  const inline = xformation.decodeUpdateLicenseOrderRequestBody(parseEnvelope(text).payload!);
  // Move licenseOrder out of the call element into a multiRef, as Apache Axis 1 does.
  const m = /<licenseOrder xsi:type="ns:Soap_LicenseOrder">([\s\S]*?)<\/licenseOrder>/.exec(text)!;
  const refd = text
    .replace(m[0], '<licenseOrder href="#id0"/>')
    .replace('</ns:UpdateLicenseOrder>', `</ns:UpdateLicenseOrder><multiRef id="id0" soapenc:root="0" xsi:type="ns:Soap_LicenseOrder">${m[1]}</multiRef>`);
  const env = parseEnvelope(refd);
  resolveMultiRefs(env.body);
  assert.deepEqual(xformation.decodeUpdateLicenseOrderRequestBody(env.payload!), inline);
});

test('X-Formation UpdateLicenseOrder response decodes', () => {
  const v = xformation.decodeUpdateLicenseOrderResponseBody(payloadOf('xformation', 'UpdateLicenseOrder.response.soap11.xml'));
  assert.deepEqual(v, { return: { result_code: 0, result_string: '' } });
});

test('SOLO Add (X: element content) and AddS (XS: escaped string) carry the same typed LicenseAdd document', () => {
  const add = solo.decodeAddRequestBody(payloadOf('solo', 'Add.request.soap11.xml'));
  const adds = solo.decodeAddSRequestBody(payloadOf('solo', 'AddS.request.soap11.xml'));
  assert.equal(typeof add.X, 'object');
  assert.equal(add.X?.AuthorID, 1234567);
  assert.equal(add.X?.UnitPrice, '149.95', 'xs:decimal money stays an exact digit string');
  assert.equal(add.X?.Expiration, '12/31/2026');
  assert.equal(add.X?.IsTestLicense, true);
  assert.equal(add.X?.Quantity, 2);
  assert.equal(add.X?.LicenseeEmail, 'jane.doe@example.com');
  assert.deepEqual(adds.XS, add.X);
});

test('SOLO Add/AddS responses carry a typed AddPrepaidLicense document', () => {
  const add = solo.decodeAddResponseBody(payloadOf('solo', 'Add.response.soap11.xml'));
  const adds = solo.decodeAddSResponseBody(payloadOf('solo', 'AddS.response.soap11.xml'));
  assert.deepEqual(add.AddResult, { ResultCode: 0, LicenseID: 1001234, Password: 'QX7-PL2-99A', SerialNumber: 'SN-2026-000451', ActivationPassword: 'K4Z9M2XQ' });
  assert.deepEqual(adds.AddSResult, add.AddResult);
});

test('SOLO InfoCheck (SOAP 1.2) request and response are typed documents', () => {
  const req = solo.decodeInfoCheckRequestBody(payloadOf('solo', 'InfoCheck.request.soap12.xml'));
  assert.deepEqual(req.X, { LicenseID: 1001234, Password: 'QX7-PL2-99A', ProductID: 4321 });
  const res = solo.decodeInfoCheckResponseBody(payloadOf('solo', 'InfoCheck.response.soap12.xml'));
  const r = res.InfoCheckResult!;
  assert.equal(r.ResultCode, 0);
  assert.equal(r.ProductName, 'Acme Designer');
  assert.equal(r.IsTestLicense, false);
  assert.equal(r.UDefNum2, -3);
  assert.equal(r.UDefFloat1, 3.75);
  assert.equal(r.EnteredDate, '2025-03-15T14:22:05');
  assert.equal(r.ReplacedBy, '');
});

test('SOLO UpdateActivationFields (XS only) request and response', () => {
  const req = solo.decodeUpdateActivationFieldsRequestBody(payloadOf('solo', 'UpdateActivationFields.request.soap11.xml'));
  assert.equal(req.XS?.LicenseID, 1001234);
  assert.equal(req.XS?.ExpirationDate, '06/30/2027');
  assert.equal(req.XS?.ActivationsIncrement, 2);
  const res = solo.decodeUpdateActivationFieldsResponseBody(payloadOf('solo', 'UpdateActivationFields.response.soap11.xml'));
  assert.deepEqual(res.UpdateActivationFieldsResult, { ResultCode: 0 });
});

test('every SOLO operation has seed payloads that decode to typed objects', async () => {
  const cases = await seedCases('solo');
  assert.equal(cases.length, operations('solo').length);
  assert.ok(cases.length >= 19);
  for (const c of cases) {
    const req = c.request as Record<string, unknown>;
    const res = c.response as Record<string, unknown>;
    const carried = req.X ?? req.XS;
    assert.equal(typeof carried, 'object', `${c.op.name}: request document is an object`);
    assert.ok(Object.keys(carried as object).length > 0, `${c.op.name}: request document has fields`);
    const result = res[`${c.op.name}Result`];
    assert.equal(typeof result, 'object', `${c.op.name}: response document is an object`);
  }
});

/** Leaf elements of an inner-document fixture: each must reappear in the decoded object with the same value. */
function leafMismatches(root: XmlElement, value: Record<string, unknown>, at = ''): string[] {
  const out: string[] = [];
  for (const child of root.children) {
    const got = value[child.local];
    const where = `${at}/${child.local}`;
    if (got === undefined) {
      out.push(`${where}: missing`);
    } else if (child.children.length) {
      if (typeof got !== 'object' || got === null) out.push(`${where}: expected an object`);
    } else {
      const text = child.text.trim();
      const same =
        typeof got === 'number' ? Number(text) === got :
        typeof got === 'boolean' ? String(got) === text || (text === '1') === got :
        typeof got === 'string' ? got === child.text || got === text :
        // a structured value for a text-only element: its text must not be lost
        JSON.stringify(got).includes(JSON.stringify(text).slice(1, -1)) && text !== '';
      if (!same && !(typeof got === 'object' && got !== null && text === '')) out.push(`${where}: '${text}' decoded as ${JSON.stringify(got)}`);
    }
  }
  return out;
}

for (const file of exampleFiles('solo').filter((f) => /\.(input|output)(\.[\w-]+)?\.xml$/.test(f))) {
  test(`SOLO inner document ${file} decodes through every operation that carries it, losing nothing`, async () => {
    const [base, dir] = file.split('.') as [string, 'input' | 'output'];
    const ops = operations('solo').filter((o) => o.name === base || o.name === `${base}S`);
    assert.ok(ops.length >= 1, `an operation carries ${file}`);
    const doc = parseXml(readExample('solo', file));
    const { codec } = await generated('solo');
    for (const op of ops) {
      const msg = dir === 'input' ? op.input : op.output!;
      const carrierField = documentField(model('solo'), msg.elementType ? { kind: 'named', name: msg.elementType } : msg.type)!.field.name;
      const wrapped = wrapDocument(op, dir, innerDocument(file));
      const decoded = codec[`decode${op.name}${dir === 'input' ? 'Request' : 'Response'}Body`]!(wrapped) as Record<string, unknown>;
      let value = decoded[carrierField] as Record<string, unknown>;
      assert.equal(typeof value, 'object', `${op.name}: ${carrierField} decoded to an object`);
      // A response that may have several roots is typed as { Root: … }.
      if (Object.keys(value).length === 1 && doc.local in value) value = value[doc.local] as Record<string, unknown>;
      assert.deepEqual(leafMismatches(doc, value), [], `${op.name} ${dir}`);
    }
  });
}
