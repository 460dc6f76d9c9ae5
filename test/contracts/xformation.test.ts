/**
 * Contract checks for specs/xformation.wsdl (seed 001, X-Formation vendor SOAP API, rpc/encoded SOAP 1.1)
 * and its fixtures in specs/examples/xformation/. Referees: xmllint (XSD validation) and zeep.
 *
 * rpc/encoded bodies are not instances of a global element: the wrapper is named after the operation
 * and the part accessors (token, licenseOrder, return) are typed by the WSDL message. So each part is cut
 * out of the body and validated against a test-local element of the part's type (partsSchema).
 */
import { describe, it, beforeAll } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, python, xmllintValidate, xmllintWellFormed, zeepLoad } from '../support/external.ts';
import {
  SOAP11_ENV,
  elementAt,
  extractSchemas,
  partsSchema,
  readRepoFile,
  soapBodyPayload,
  xpathString,
  xpathStrings,
} from '../support/wsdl-schema.ts';

const WSDL = 'specs/xformation.wsdl';
const EXAMPLES = 'specs/examples/xformation';
const TNS = 'https://license.x-formation.com/soap/type/vendor/version/1';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
const SOAPENC = 'http://schemas.xmlsoap.org/soap/encoding/';
const REQUEST = 'UpdateLicenseOrder.request.soap11.xml';
const RESPONSE = 'UpdateLicenseOrder.response.soap11.xml';

const ORDER_FIELDS = [
  'customer_id', 'product_template_id', 'activation_key', 'creation_time', 'license_type', 'licensee_type',
  'licensee', 'hostid_match_rate', 'min_hostids', 'activated_licenses_count', 'enabled', 'description',
  'Hostids', 'Features',
];
const FEATURE_FIELDS = [
  'name', 'version', 'expiration_type', 'expiration_date', 'additional_settings', 'enabled',
  'days_from_activation', 'count',
];

const fixture = (name: string): string => readRepoFile(path.join(EXAMPLES, name));
const local = (name: string): string => `*[local-name()="${name}"]`;

let parts = '';
beforeAll(() => {
  const driver = extractSchemas(WSDL);
  parts = partsSchema(driver, [
    { name: 'token', typeNamespace: XSD_NS, typeName: 'string' },
    { name: 'licenseOrder', typeNamespace: TNS, typeName: 'Soap_LicenseOrder' },
    { name: 'return', typeNamespace: TNS, typeName: 'Soap_Response' },
  ]);
});

const requestPayload = (): string => soapBodyPayload(fixture(REQUEST));
const licenseOrder = (): string => elementAt(requestPayload(), `/*/${local('licenseOrder')}`);
const returnPart = (): string => elementAt(soapBodyPayload(fixture(RESPONSE)), `/*/${local('return')}`);

const validates = (xml: string): void => {
  const r = xmllintValidate(parts, { text: xml });
  assert.ok(r.ok, r.output);
};
const rejects = (xml: string, expect: RegExp): void => {
  const r = xmllintValidate(parts, { text: xml });
  assert.equal(r.ok, false, `expected a validation failure, got: ${r.output}`);
  assert.match(r.output, expect);
};
/** Replaces exactly one occurrence, so a mutation that silently does nothing cannot pass. */
const mutate = (xml: string, from: string | RegExp, to: string): string => {
  const out = xml.replace(from, to);
  assert.notEqual(out, xml, `mutation ${String(from)} did not apply`);
  return out;
};

describe('xformation fixtures', () => {
  it('the example folder holds the request and response envelopes', () => {
    assert.deepEqual(fs.readdirSync(path.join(ROOT, EXAMPLES)).sort(), [REQUEST, RESPONSE].sort());
  });

  for (const name of [REQUEST, RESPONSE]) {
    it(`${name} is well-formed and a SOAP 1.1 envelope`, () => {
      const wf = xmllintWellFormed(path.join(EXAMPLES, name));
      assert.ok(wf.ok, wf.output);
      assert.equal(xpathString({ text: fixture(name) }, 'namespace-uri(/*)'), SOAP11_ENV);
    });
  }

  it('the request declares the SOAP-ENC and ns1 prefixes the seed uses undeclared, bound as the response binds them', () => {
    const xml = fixture(REQUEST);
    assert.equal(xpathString({ text: xml }, 'string(/*/namespace::*[name()="SOAP-ENC"])'), SOAPENC);
    assert.equal(xpathString({ text: xml }, 'string(/*/namespace::*[name()="ns1"])'), TNS);
    const resp = fixture(RESPONSE);
    assert.equal(xpathString({ text: resp }, 'string(/*/namespace::*[name()="SOAP-ENC"])'), SOAPENC);
    assert.equal(xpathString({ text: resp }, 'string(/*/namespace::*[name()="ns1"])'), TNS);
  });

  it('request: rpc wrapper {tns}UpdateLicenseOrder with the parts token, licenseOrder in message order', () => {
    const p = requestPayload();
    assert.equal(xpathString({ text: p }, 'concat(namespace-uri(/*), " ", local-name(/*))'), `${TNS} UpdateLicenseOrder`);
    assert.equal(xpathString({ text: p }, 'count(/*/*)'), '2');
    assert.equal(xpathString({ text: p }, 'concat(local-name(/*/*[1]), ",", local-name(/*/*[2]))'), 'token,licenseOrder');
    assert.equal(xpathString({ text: p }, 'concat(namespace-uri(/*/*[1]), namespace-uri(/*/*[2]))'), '', 'rpc part accessors are unqualified');
  });

  it('response: rpc wrapper {tns}UpdateLicenseOrderResponse with the part return', () => {
    const p = soapBodyPayload(fixture(RESPONSE));
    assert.equal(xpathString({ text: p }, 'concat(namespace-uri(/*), " ", local-name(/*))'), `${TNS} UpdateLicenseOrderResponse`);
    assert.equal(xpathString({ text: p }, 'count(/*/*)'), '1');
    assert.equal(xpathString({ text: p }, 'local-name(/*/*[1])'), 'return');
  });
});

describe('xformation schema (xmllint, per rpc part)', () => {
  it('token validates as xsd:string', () => validates(elementAt(requestPayload(), `/*/${local('token')}`)));
  it('licenseOrder validates as Soap_LicenseOrder (SOAP-ENC arrays, xsi:type, xsi:nil included)', () => validates(licenseOrder()));
  it('return validates as Soap_Response', () => validates(returnPart()));

  it('every xsi:type in the request names the schema type of its element', () => {
    // xmllint would reject an xsi:type not derived from the declared type; this checks the prefixes too.
    const types = xpathStrings({ text: requestPayload() }, '//@*[local-name()="type" and namespace-uri()="http://www.w3.org/2001/XMLSchema-instance"]');
    assert.ok(types.length > 30);
    for (const t of types) assert.match(t, /^(xsd:(string|int|boolean)|ns1?:(Soap_LicenseOrder|Soap_Hostid|Soap_Feature|ArrayOfSoap_Hostid|ArrayOfSoap_Feature))$/);
  });

  it('rejects a non-integer int field', () => {
    rejects(mutate(licenseOrder(), '<customer_id xsi:type="xsd:int">2<', '<customer_id xsi:type="xsd:int">two<'), /customer_id/);
    rejects(mutate(licenseOrder(), '<min_amount xsi:type="xsd:int">1<', '<min_amount xsi:type="xsd:int">1.5<'), /min_amount/);
    rejects(mutate(returnPart(), '<result_code xsi:type="xsd:int">0<', '<result_code xsi:type="xsd:int">ok<'), /result_code/);
  });
  it('rejects a non-boolean enabled', () => {
    rejects(mutate(licenseOrder(), '<enabled xsi:type="xsd:boolean">true<', '<enabled xsi:type="xsd:boolean">yes<'), /enabled/);
  });
  it('rejects an xsi:type that contradicts the schema', () => {
    rejects(mutate(licenseOrder(), '<activation_key xsi:type="xsd:string">', '<activation_key xsi:type="xsd:int">'), /activation_key/);
    rejects(mutate(licenseOrder(), 'xsi:type="ns1:ArrayOfSoap_Hostid"', 'xsi:type="ns1:ArrayOfSoap_Feature"'), /Hostids|item|name|min_amount/);
  });
  it('nil is allowed only where the schema is nillable', () => {
    // count is nillable: an empty <count/> without xsi:nil is not an int.
    rejects(mutate(licenseOrder(), '<count xsi:nil="true"/>', '<count/>'), /count/);
    // name is not nillable.
    rejects(mutate(licenseOrder(), '<name xsi:type="xsd:string">f2</name>', '<name xsi:nil="true"/>'), /name/);
  });
  it('rejects a missing field, a misplaced field and a renamed array member', () => {
    rejects(mutate(licenseOrder(), /<licensee xsi:type="xsd:string">asdasd<\/licensee>/, ''), /licensee|hostid_match_rate/);
    rejects(
      mutate(licenseOrder(), /(<enabled xsi:type="xsd:boolean">true<\/enabled>)(\s*)(<description xsi:type="xsd:string"\/>)/, '$3$2$1'),
      /description|enabled/,
    );
    rejects(mutate(licenseOrder(), /<item xsi:type="ns1:Soap_Hostid">([\s\S]*?)<\/item>/, '<entry xsi:type="ns1:Soap_Hostid">$1</entry>'), /entry/);
  });
  it('the struct field order is the seed order', () => {
    const lo = licenseOrder();
    const names = ORDER_FIELDS.map((_, i) => xpathString({ text: lo }, `local-name(/*/*[${i + 1}])`));
    assert.deepEqual(names, ORDER_FIELDS);
    const feature = FEATURE_FIELDS.map((_, i) => xpathString({ text: lo }, `local-name(/*/${local('Features')}/*[1]/*[${i + 1}])`));
    assert.deepEqual(feature, FEATURE_FIELDS);
  });
});

describe('xformation WSDL', () => {
  it('loads in python -m zeep (offline) with the rpc signature', () => {
    const r = zeepLoad(WSDL);
    assert.ok(r.ok, r.output);
    assert.match(r.output, /Soap11Binding: \{https:\/\/license\.x-formation\.com\/soap\/type\/vendor\/version\/1\}VendorBinding/);
    assert.match(r.output, /UpdateLicenseOrder\(token: xsd:string, licenseOrder: ns0:Soap_LicenseOrder\) -> return: ns0:Soap_Response/);
    assert.match(r.output, /ns0:ArrayOfSoap_Hostid\(item: ns0:Soap_Hostid\[\]/);
    assert.match(r.output, /ns0:ArrayOfSoap_Feature\(item: ns0:Soap_Feature\[\]/);
  });

  it('declares rpc/encoded bindings and the SOAP-ENC array form', () => {
    const w = { file: WSDL };
    assert.equal(xpathString(w, 'string(//*[local-name()="binding"]/*[local-name()="binding"]/@style)'), 'rpc');
    const uses = xpathStrings(w, '//*[local-name()="operation"]/*[local-name()="input" or local-name()="output"]/*[local-name()="body"]/@use');
    assert.deepEqual(uses, ['encoded', 'encoded']);
    const encodings = xpathStrings(w, '//*[local-name()="body"]/@encodingStyle');
    assert.deepEqual(encodings, [SOAPENC, SOAPENC]);
    for (const t of ['Hostid', 'Feature']) {
      const at = `//*[local-name()="complexType" and @name="ArrayOfSoap_${t}"]/*[local-name()="complexContent"]/*[local-name()="restriction"]`;
      assert.equal(xpathString(w, `string(${at}/@base)`), 'soapenc:Array');
      assert.equal(xpathString(w, `string(${at}/*[local-name()="attribute"]/@ref)`), 'soapenc:arrayType');
      assert.equal(xpathString(w, `string(${at}/*[local-name()="attribute"]/@*[local-name()="arrayType" and namespace-uri()="http://schemas.xmlsoap.org/wsdl/"])`), `tns:Soap_${t}[]`);
    }
    const nillable = xpathStrings(w, '//*[local-name()="element" and @nillable="true"]/@name');
    assert.deepEqual(nillable, ['expiration_date', 'additional_settings', 'days_from_activation', 'count']);
  });

  // zeep builds the request from the fixture's values (typed by the fixture's own xsi:type attributes)
  // and must produce the same accessors, values and nils in the same order; it must also read both
  // fixtures back as a client (response) and as a server (request) would.
  const ZEEP_CHECK = `
import sys, json
from lxml import etree
import zeep, zeep.helpers
wsdl, req_fixture, resp_fixture = sys.argv[1:4]
XSI = 'http://www.w3.org/2001/XMLSchema-instance'
client = zeep.Client(wsdl)
svc = client.service
def elements(el): return [c for c in el if isinstance(c.tag, str)]
def payload_of(root):
    body = [c for c in elements(root) if etree.QName(c).localname == 'Body'][0]
    return elements(body)[0]
def value_of(el):
    if el.get('{%s}nil' % XSI) == 'true': return None
    t = (el.get('{%s}type' % XSI) or '').split(':')[-1]
    kids = elements(el)
    if t.startswith('ArrayOf'): return [value_of(k) for k in kids]
    if kids: return {etree.QName(k).localname: value_of(k) for k in kids}
    text = el.text or ''
    if t == 'int': return int(text)
    if t == 'boolean': return text == 'true'
    return text
def flat(el, prefix=''):
    out = []
    for c in elements(el):
        name = prefix + etree.QName(c).localname
        if c.get('{%s}nil' % XSI) == 'true': out.append([name, '<nil>']); continue
        if elements(c): out.append([name, None]); out.extend(flat(c, name + '/'))
        else: out.append([name, c.text or ''])
    return out
req = etree.parse(req_fixture).getroot()
payload = payload_of(req)
args = {etree.QName(p).localname: value_of(p) for p in elements(payload)}
msg = client.create_message(svc, 'UpdateLicenseOrder', **args)
built = payload_of(msg)
op = svc._binding.get('UpdateLicenseOrder')
response = op.output.deserialize(etree.parse(resp_fixture).getroot())
request = op.input.deserialize(req)
print(json.dumps({
  'wrapper': built.tag,
  'built': flat(built),
  'fixture': flat(payload),
  'soapAction': op.soapaction,
  'response': zeep.helpers.serialize_object(response, dict),
  'request': zeep.helpers.serialize_object(request, dict),
}))
`;

  it('zeep builds the seed request (same accessors, order, values, nils) and reads both fixtures', () => {
    const r = python(ZEEP_CHECK, [path.join(ROOT, WSDL), path.join(ROOT, EXAMPLES, REQUEST), path.join(ROOT, EXAMPLES, RESPONSE)]);
    assert.ok(r.ok, r.output);
    const t = JSON.parse(r.output) as {
      wrapper: string;
      built: [string, string | null][];
      fixture: [string, string | null][];
      soapAction: string;
      response: { result_code: number; result_string: string | null };
      request: {
        token: string;
        licenseOrder: {
          customer_id: number;
          enabled: boolean;
          Hostids: { name: string; min_amount: number; max_amount: number }[];
          Features: { name: string; version: string; days_from_activation: number | null; count: number | null; expiration_date: string | null }[];
        };
      };
    };
    assert.equal(t.wrapper, `{${TNS}}UpdateLicenseOrder`);
    assert.deepEqual(t.built, t.fixture);
    assert.deepEqual(t.built.filter(([n]) => n.startsWith('licenseOrder/') && n.split('/').length === 2).map(([n]) => n.split('/')[1]), ORDER_FIELDS);
    assert.equal(t.soapAction, `${TNS}#UpdateLicenseOrder`);
    assert.equal(t.response.result_code, 0);
    assert.ok(t.response.result_string === null || t.response.result_string === '');
    assert.equal(t.request.token, '141aa3143671e62aeb09a7bca039bbbc5108ffdc');
    assert.equal(t.request.licenseOrder.customer_id, 2);
    assert.equal(t.request.licenseOrder.enabled, true);
    assert.deepEqual(t.request.licenseOrder.Hostids.map((h) => h.name), ['Ethernet', 'Username']);
    const [f2, f1] = t.request.licenseOrder.Features;
    assert.equal(f2!.version, '1.3');
    assert.equal(f1!.version, '1.100');
    assert.equal(f2!.days_from_activation, null);
    assert.equal(f1!.days_from_activation, 15);
    assert.equal(f1!.count, null);
    assert.equal(f1!.expiration_date, null);
  });
});
