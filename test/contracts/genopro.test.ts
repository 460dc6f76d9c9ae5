/**
 * Contract checks for specs/genopro.wsdl (seed 000, GenoPro asmx, document/literal, SOAP 1.1 + 1.2)
 * and its fixtures in specs/examples/genopro/. Referees: xmllint (XSD validation) and zeep.
 */
import { describe, it, beforeAll } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, python, xmllintValidate, xmllintWellFormed, zeepLoad } from '../support/external.ts';
import {
  SOAP11_ENV,
  SOAP12_ENV,
  elementAt,
  extractSchemas,
  readRepoFile,
  soapBodyPayload,
  xpathString,
  xpathStrings,
} from '../support/wsdl-schema.ts';

const WSDL = 'specs/genopro.wsdl';
const EXAMPLES = 'specs/examples/genopro';
const TNS = 'http://genopro.com/webservices/';

// Copied verbatim from the seed's response sample, so the enumeration is checked against the source.
const SEED_ERROR_NAMES =
  'Ok or OkPasswordSent or OkAccountCreated or OkFileExist or OkKeyExpired or ErrNotFound or ErrEmailOrUsernameUnknown or ErrPasswordInvalid or ErrUsernameAlreadyInUse or ErrFileNotFound or ErrFileInUse or ErrFileTooLarge or ErrPermission or ErrTimestampMismatch or ErrAlreadyInUse or ErrMissingInformation or ErrMailServerUnreachable or ErrMailboxDoesNotExist or ErrMailDelayed or ErrMailRejectedAsSpam or ErrMailCannotBeSent or ErrRegistrationKeyNotFound or ErrDownloadVersionDoesNotExist or ErrCreditCardInvalid or ErrCreditCardNotSupported or ErrCreditCardOverLimit or ErrCreditCardDecline or ErrCreditCardExpired or ErrCreditCardDuplicate or ErrCreditCardCurrencyNotSupported or ErrCreditCardIncorrectCVC or ErrCreditCardAuthenticationRequired or ErrCreditCardIssuerNotAvailable or ErrCreditCardRequiresActionRedirectURL or ErrCreditCardRequiresActionRedirectSDK or ErrCreditCardNameNotIncluded or ErrCreditCardUnknown or ErrCollaborationProjectNotExists or ErrCollaborationInviteUsersPermissionDenied or ErrCollaborationChangeUserRankPermissionDenied or ErrCollaborationNameMissing or ErrCollaborationSumMismatch or ErrCollaborationChecksumMismatch or ErrSessionLost or ErrFilenameMissing or ErrFilenameInvalid or ErrFileException or ErrUsernameMissing or ErrInvalidTimestamp or ErrDatabaseCannotLogRegistration or ErrCannotSaveAccount or ErrFolderNameInvalid or ErrIllegalEmail or ErrEmailAlreadyInUse or ErrPasswordMissing or ErrUnknown or ErrReserveGenoPro'.split(
    ' or ',
  );
const SEED_CURRENCIES = 'USD or EUR or GBP or JPY or CAD or RUB or AUD or BRL or SGD or KRW or HKD'.split(' or ');

// Element order of the seed's request sample.
const SEED_PURCHASE_ORDER = [
  'Version', 'Currency', 'Quantity', 'Amount', 'OldKeys', 'Coupon', 'Package', 'CreditCardNumber',
  'ExpirationMonth', 'ExpirationYear', 'Country', 'NameOnCard', 'Usage',
];
const SEED_USAGE_ORDER = [
  'FirstName', 'LastName', 'Language', 'Organization', 'Coupon', 'DaysCoupon', 'ID', 'Status', 'cSessions',
  'cFN', 'cFO', 'cFS', 'Product', 'ProductVersion', 'Distributor', 'OS', 'Memory', 'Video', 'Installation',
  'Password', 'Email', 'RegistrationKey', 'Computer',
];

const FIXTURES = {
  'Purchase.request.soap11.xml': { env: SOAP11_ENV, root: 'Purchase' },
  'Purchase.request.soap12.xml': { env: SOAP12_ENV, root: 'Purchase' },
  'Purchase.response.soap11.xml': { env: SOAP11_ENV, root: 'PurchaseResponse' },
  'Purchase.response.soap12.xml': { env: SOAP12_ENV, root: 'PurchaseResponse' },
} as const;

const fixture = (name: string): string => readRepoFile(path.join(EXAMPLES, name));
const S = (local: string): string => `*[namespace-uri()="http://www.w3.org/2001/XMLSchema" and local-name()="${local}"]`;

let driver = '';
beforeAll(() => {
  driver = extractSchemas(WSDL);
});

describe('genopro fixtures', () => {
  it('the example folder holds exactly the four Purchase envelopes', () => {
    assert.deepEqual(fs.readdirSync(path.join(ROOT, EXAMPLES)).sort(), Object.keys(FIXTURES).sort());
  });

  for (const [name, { env, root }] of Object.entries(FIXTURES)) {
    it(`${name} is well-formed, a ${env === SOAP11_ENV ? 'SOAP 1.1' : 'SOAP 1.2'} envelope, and its body validates`, () => {
      const wf = xmllintWellFormed(path.join(EXAMPLES, name));
      assert.ok(wf.ok, wf.output);
      const xml = fixture(name);
      assert.equal(xpathString({ text: xml }, 'namespace-uri(/*)'), env);
      const payload = soapBodyPayload(xml);
      assert.equal(xpathString({ text: payload }, 'concat(namespace-uri(/*), local-name(/*))'), TNS + root);
      const r = xmllintValidate(driver, { text: payload });
      assert.ok(r.ok, `${name}: ${r.output}`);
    });
  }

  it('request fixtures keep the seed element order', () => {
    // XPath 1.0 has no per-node function steps, so ask for each child's local-name by position.
    const childNames = (xml: string, parent: string, count: number): string[] =>
      Array.from({ length: count + 1 }, (_, i) => xpathString({ text: xml }, `local-name(${parent}/*[${i + 1}])`));
    for (const name of ['Purchase.request.soap11.xml', 'Purchase.request.soap12.xml']) {
      const payload = soapBodyPayload(fixture(name));
      // One position past the end must be empty: no extra elements.
      assert.deepEqual(childNames(payload, '/*', SEED_PURCHASE_ORDER.length), [...SEED_PURCHASE_ORDER, ''], name);
      assert.deepEqual(childNames(payload, '/*/*[local-name()="Usage"]', SEED_USAGE_ORDER.length), [...SEED_USAGE_ORDER, ''], name);
    }
  });
});

describe('genopro schema (xmllint)', () => {
  it('ErrorName enumerates every seed value, exactly and in order', () => {
    const values = xpathStrings({ file: WSDL }, `//${S('simpleType')}[@name="ErrorName"]/${S('restriction')}/${S('enumeration')}/@value`);
    assert.equal(values.length, 57);
    assert.deepEqual(values, SEED_ERROR_NAMES);
  });

  it('Currency enumerates exactly the seed currencies', () => {
    const values = xpathStrings({ file: WSDL }, `//${S('simpleType')}[@name="Currency"]/${S('restriction')}/${S('enumeration')}/@value`);
    assert.deepEqual(values, SEED_CURRENCIES);
  });

  it('follows the asmx occurrence rule: value types minOccurs=1, strings and classes minOccurs=0', () => {
    const all = `//${S('sequence')}/${S('element')}`;
    const rows = xpathStrings({ file: WSDL }, `${all}/@name`).map((n, i) => {
      const at = `(${all})[${i + 1}]`;
      return { n, type: xpathString({ file: WSDL }, `string(${at}/@type)`), min: xpathString({ file: WSDL }, `string(${at}/@minOccurs)`) };
    });
    assert.equal(rows.length, 13 + 23 + 1 + 4 + 5);
    const valueTypes = new Set(['s:int', 'tns:Currency', 'tns:ErrorName']);
    for (const { n, type, min } of rows) {
      assert.equal(min, valueTypes.has(type) ? '1' : '0', `${n}: ${type}`);
    }
  });

  const request11 = (): string => soapBodyPayload(fixture('Purchase.request.soap11.xml'));
  const response11 = (): string => soapBodyPayload(fixture('Purchase.response.soap11.xml'));
  const rejects = (xml: string, expect: RegExp): void => {
    const r = xmllintValidate(driver, { text: xml });
    assert.equal(r.ok, false, `expected a validation failure, got: ${r.output}`);
    assert.match(r.output, expect);
  };

  it('rejects a currency outside the enumeration', () => {
    rejects(request11().replace('<Currency>USD</Currency>', '<Currency>CHF</Currency>'), /Currency.*CHF|CHF.*enumeration/s);
  });
  it('rejects a non-integer Quantity and a non-integer Usage counter', () => {
    rejects(request11().replace('<Quantity>1</Quantity>', '<Quantity>one</Quantity>'), /Quantity/);
    rejects(request11().replace('<cFN>7</cFN>', '<cFN>7.5</cFN>'), /cFN/);
  });
  it('rejects an int value out of xs:int range', () => {
    rejects(request11().replace('<Version>3</Version>', '<Version>2147483648</Version>'), /Version/);
  });
  it('rejects a missing value-type element and a wrong element order', () => {
    rejects(request11().replace('<Version>3</Version>', ''), /Version|Currency/);
    rejects(request11().replace(/(<Version>3<\/Version>)(\s*)(<Currency>USD<\/Currency>)/, '$3$2$1'), /Currency|Version/);
  });
  it('accepts omitted reference-type elements (strings, Usage)', () => {
    const r = xmllintValidate(driver, { text: request11().replace(/<Usage>[\s\S]*<\/Usage>/, '').replace(/<Amount>[^<]*<\/Amount>/, '') });
    assert.ok(r.ok, r.output);
  });
  it('rejects an ErrorName outside the enumeration and a non-integer ErrorCode', () => {
    rejects(response11().replace('<ErrorName>Ok</ErrorName>', '<ErrorName>OK</ErrorName>'), /ErrorName/);
    rejects(response11().replace('<ErrorCode>0</ErrorCode>', '<ErrorCode>zero</ErrorCode>'), /ErrorCode/);
  });
  it('rejects a payload in the wrong namespace', () => {
    rejects(request11().replace(`xmlns="${TNS}"`, 'xmlns="http://genopro.com/webservice/"'), /Purchase/);
  });
});

describe('genopro WSDL (zeep)', () => {
  it('loads in python -m zeep with both SOAP 1.1 and SOAP 1.2 ports', () => {
    const r = zeepLoad(WSDL);
    assert.ok(r.ok, r.output);
    assert.match(r.output, /Service: ws\b/);
    assert.match(r.output, /Soap11Binding: \{http:\/\/genopro\.com\/webservices\/\}wsSoap\n/);
    assert.match(r.output, /Soap12Binding: \{http:\/\/genopro\.com\/webservices\/\}wsSoap12\n/);
    assert.match(r.output, /Port: wsSoap \(Soap11Binding/);
    assert.match(r.output, /Port: wsSoap12 \(Soap12Binding/);
    assert.match(r.output, /Purchase\(Version: xsd:int, Currency: ns0:Currency, .*Usage: ns0:Usage\) -> PurchaseResult: ns0:PurchaseResult/);
  });

  // zeep builds the request from the fixture's values; the message must equal the fixture
  // element for element, and zeep must parse the response fixture back into typed values.
  const ZEEP_ROUNDTRIP = `
import sys, json
from lxml import etree
import zeep, zeep.helpers
wsdl, port, req_fixture, resp_fixture = sys.argv[1:5]
client = zeep.Client(wsdl)
svc = client.bind('ws', port)
def payload_of(root):
    body = [c for c in root if isinstance(c.tag, str) and etree.QName(c).localname == 'Body'][0]
    return [c for c in body if isinstance(c.tag, str)][0]
def flat(el, prefix=''):
    out = []
    for c in el:
        if not isinstance(c.tag, str): continue
        name = prefix + etree.QName(c).localname
        kids = [k for k in c if isinstance(k.tag, str)]
        if kids:
            out.append([name, None]); out.extend(flat(c, name + '/'))
        else:
            out.append([name, c.text or ''])
    return out
payload = payload_of(etree.parse(req_fixture).getroot())
kwargs = {}
for c in payload:
    if not isinstance(c.tag, str): continue
    kids = [k for k in c if isinstance(k.tag, str)]
    kwargs[etree.QName(c).localname] = {etree.QName(k).localname: (k.text or '') for k in kids} if kids else (c.text or '')
for k in ('Version', 'Quantity', 'ExpirationMonth', 'ExpirationYear'): kwargs[k] = int(kwargs[k])
for k in ('DaysCoupon', 'Status', 'cSessions', 'cFN', 'cFO', 'cFS'): kwargs['Usage'][k] = int(kwargs['Usage'][k])
msg = client.create_message(svc, 'Purchase', **kwargs)
built = payload_of(msg)
op = svc._binding.get('Purchase')
result = op.output.deserialize(etree.parse(resp_fixture).getroot())
print(json.dumps({
  'envelopeNs': etree.QName(msg).namespace,
  'payloadTag': built.tag,
  'built': flat(built),
  'fixture': flat(payload),
  'soapAction': op.soapaction,
  'address': svc._binding_options['address'],
  'result': zeep.helpers.serialize_object(result, dict),
}))
`;
  interface Roundtrip {
    envelopeNs: string;
    payloadTag: string;
    built: [string, string | null][];
    fixture: [string, string | null][];
    soapAction: string;
    address: string;
    result: { Error: Record<string, unknown>; InvoiceNumber: string | null; Key: string | null; TransactionId: string | null };
  }
  const roundtrip = (port: string, version: '11' | '12'): Roundtrip => {
    const r = python(ZEEP_ROUNDTRIP, [
      path.join(ROOT, WSDL),
      port,
      path.join(ROOT, EXAMPLES, `Purchase.request.soap${version}.xml`),
      path.join(ROOT, EXAMPLES, `Purchase.response.soap${version}.xml`),
    ]);
    assert.ok(r.ok, r.output);
    return JSON.parse(r.output) as Roundtrip;
  };

  it('SOAP 1.1 port: zeep builds the fixture request in seed order and parses the response', () => {
    const t = roundtrip('wsSoap', '11');
    assert.equal(t.envelopeNs, SOAP11_ENV);
    assert.equal(t.payloadTag, `{${TNS}}Purchase`);
    assert.deepEqual(t.built, t.fixture);
    assert.deepEqual(t.built.filter(([n]) => !n.includes('/')).map(([n]) => n), SEED_PURCHASE_ORDER);
    assert.deepEqual(t.built.filter(([n]) => n.startsWith('Usage/')).map(([n]) => n.slice(6)), SEED_USAGE_ORDER);
    assert.equal(t.soapAction, 'http://genopro.com/webservices/Purchase');
    assert.equal(t.address, 'https://api.genopro.com/ws.asmx');
    assert.equal(t.result.Error.ErrorCode, 0);
    assert.equal(t.result.Error.ErrorName, 'Ok');
    assert.equal(t.result.Key, 'GPG3-7KQ2-M9XD-4HTR-88WZ');
    assert.equal(t.result.InvoiceNumber, 'GP-2024-104733');
  });

  it('SOAP 1.2 port: zeep builds a SOAP 1.2 envelope equal to the fixture and parses the failure response', () => {
    const t = roundtrip('wsSoap12', '12');
    assert.equal(t.envelopeNs, SOAP12_ENV);
    assert.deepEqual(t.built, t.fixture);
    assert.equal(t.soapAction, 'http://genopro.com/webservices/Purchase');
    assert.equal(t.result.Error.ErrorCode, 31);
    assert.equal(t.result.Error.ErrorName, 'ErrCreditCardAuthenticationRequired');
    assert.equal(t.result.TransactionId, 'pi_3PqL9xGenoPro4e5F6g7H');
  });

  it('the operation carries the seed documentation', () => {
    const docs = xpathStrings(
      { file: WSDL },
      '//*[local-name()="portType"]/*[local-name()="operation" and @name="Purchase"]/*[local-name()="documentation"]',
    );
    assert.deepEqual(docs, ['Purchase GenoPro and receive the key instantly']);
  });
});

describe('wsdl-schema utilities', () => {
  it('soapBodyPayload copies in-scope declarations onto the payload', () => {
    const env = `<e:Envelope xmlns:e="${SOAP11_ENV}" xmlns:t="urn:t"><e:Body xmlns="urn:d"><P a="t:x"><q/></P></e:Body></e:Envelope>`;
    const p = soapBodyPayload(env);
    assert.match(p, /^<\?xml[^>]*>\n<P /);
    assert.equal(xpathString({ text: p }, 'namespace-uri(/*)'), 'urn:d');
    assert.match(p, /xmlns:t="urn:t"/);
  });
  it('soapBodyPayload and elementAt fail clearly on bad input', () => {
    assert.throws(() => soapBodyPayload('<Envelope/>'), /expected a SOAP 1.1 or 1.2 Envelope/);
    assert.throws(() => soapBodyPayload(`<e:Envelope xmlns:e="${SOAP12_ENV}"><e:Body/></e:Envelope>`), /no element child/);
    assert.throws(() => soapBodyPayload('<e:Envelope'), /could not be read as XML/);
    assert.throws(() => elementAt('<a/>', '/b'), /no element matches/);
    assert.throws(() => xpathString({ text: '<a/>' }, 'string(/b'), /invalid XPath expression/);
  });
  it('extractSchemas refuses a file that is not a WSDL', () => {
    assert.throws(() => extractSchemas('specs/examples/genopro/Purchase.request.soap11.xml'), /expected \{http:\/\/schemas\.xmlsoap\.org\/wsdl\/\}definitions/);
    assert.throws(() => extractSchemas('specs/no-such.wsdl'), /no such file/);
  });
});
