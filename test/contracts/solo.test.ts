/**
 * Contract checks for the SoftwareKey SOLO Server XmlLicenseService (seed 002):
 * specs/solo.wsdl, specs/solo-documents.xsd and the fixtures in specs/examples/solo/.
 *
 * Referees are independent tools: xmllint (libxml2) validates, python3-zeep loads the WSDL.
 */
import { describe, it, beforeAll } from 'vitest';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, xmllintValidate, zeepLoad } from '../support/external.ts';
import { extractSchemas, soapBodyPayload, readRepoFile } from '../support/wsdl-schema.ts';

const WSDL = 'specs/solo.wsdl';
const XSD = 'specs/solo-documents.xsd';
const EXAMPLES = 'specs/examples/solo';
const TNS = 'http://www.softwarekey.com/solo/webservices/';
const CG = 'urn:contract-gen:v1';

/**
 * The web methods of the seed. `s` is the string twin; UpdateActivationFields is documented
 * as one method taking its document as a string, so it has no twin.
 */
const METHODS: { x: string; s: string | null }[] = [
  { x: 'Add', s: 'AddS' },
  { x: 'InfoCheck', s: 'InfoCheckS' },
  { x: 'UpdateCheck', s: 'UpdateCheckS' },
  { x: 'ValidateLicenseRegistration', s: 'ValidateLicenseRegistrationS' },
  { x: 'Register', s: 'RegisterS' },
  { x: 'UpdateRegistration', s: 'UpdateRegistrationS' },
  { x: 'UpdateActivationFields', s: null },
  { x: 'UpdateUserDefinedFields', s: 'UpdateUserDefinedFieldsS' },
  { x: 'GetLicenseCustomData', s: 'GetLicenseCustomDataS' },
  { x: 'UpdateLicenseCustomData', s: 'UpdateLicenseCustomDataS' },
];
const ALL_OPS = METHODS.flatMap((m) => (m.s ? [m.x, m.s] : [m.x])).sort();
const STRING_OPS = METHODS.map((m) => m.s ?? m.x).sort();

/** Result codes per type, as the seed lists them. */
const RESULT_CODES: Record<string, number[]> = {
  AddResultCode: [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8],
  InfoCheckResultCode: [-2, 0, 100, 200],
  UpdateCheckResultCode: [-2, 0, 100, 200, 300, 400],
  ValidateLicenseRegistrationResultCode: [-2, 0, 100, 300],
  RegistrationResultCode: [-2, 0, 100, 300],
  UpdateActivationFieldsResultCode: [-2, -1, 0, 50],
  UpdateUserDefinedFieldsResultCode: [-2, 0, 100],
  LicenseCustomDataResultCode: [-2, -1, 0, 1],
};

// ---------------------------------------------------------------------------------------------
// Small xmllint-based readers (XPath over files or text).

function xpath(source: { file: string } | { text: string }, expr: string): string {
  const file = 'file' in source ? path.resolve(ROOT, source.file) : '-';
  const r = spawnSync('xmllint', ['--nonet', '--xpath', expr, file], {
    input: 'text' in source ? source.text : undefined,
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  if (r.status === 10) return ''; // empty node set
  if (r.status !== 0) throw new Error(`xmllint --xpath ${expr} failed: ${r.stderr}`);
  return r.stdout.replace(/\n$/, '');
}

/** Values of the attributes an XPath selects (xmllint prints them as ` name="value"`). */
function attrValues(source: { file: string } | { text: string }, expr: string): string[] {
  return [...xpath(source, expr).matchAll(/\s[\w:.-]+="([^"]*)"/g)].map((m) => unescapeXml(m[1]!));
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

function rootName(source: { file: string } | { text: string }): { ns: string; local: string } {
  const [ns, local] = xpath(source, 'concat(namespace-uri(/*), "|", local-name(/*))').split('|');
  return { ns: ns!, local: local! };
}

/** The cg:document roots declared on the wrapper child element `part` of global element `op`. */
function cgDocuments(op: string, part: string): string[] {
  const expr = `/*/*[local-name()="types"]/*[local-name()="schema"]/*[local-name()="element" and @name="${op}"]//*[local-name()="element" and @name="${part}"]/@*[local-name()="document" and namespace-uri()="${CG}"]`;
  const vals = attrValues({ file: WSDL }, expr);
  assert.equal(vals.length, 1, `${op}/${part} has exactly one cg:document attribute`);
  return vals[0]!.trim().split(/\s+/);
}

function valid(xml: { file: string } | { text: string }, xsd = XSD): void {
  const r = xmllintValidate(xsd, xml);
  assert.ok(r.ok, `${'file' in xml ? xml.file : 'text'} should validate against ${xsd}:\n${r.output}`);
}

function invalid(xml: string, why: RegExp, xsd = XSD): void {
  const r = xmllintValidate(xsd, { text: xml });
  assert.ok(!r.ok, `document should be rejected by ${xsd}`);
  // A compile failure of the schema would also be "not ok": insist on a validity error.
  assert.match(r.output, /Schemas validity error/, r.output);
  assert.match(r.output, why, r.output);
}

const exampleFiles = fs.readdirSync(path.join(ROOT, EXAMPLES)).sort();
const xmlExamples = exampleFiles.filter((f) => f.endsWith('.xml'));
const envelopeExamples = xmlExamples.filter((f) => /\.soap1[12]\.xml$/.test(f));
const documentExamples = xmlExamples.filter((f) => !envelopeExamples.includes(f));

/** The operation a fixture belongs to and its direction, from `Op.input….xml` / `Op.output….xml`. */
function fixtureRole(file: string): { op: string; dir: 'input' | 'output' } {
  const m = /^(\w+)\.(input|output)(?:\.[\w-]+)?\.xml$/.exec(file);
  assert.ok(m, `fixture name ${file} follows Op.input|output[.variant].xml`);
  return { op: m[1]!, dir: m[2] as 'input' | 'output' };
}

// ---------------------------------------------------------------------------------------------

describe('SOLO inner-document schema (specs/solo-documents.xsd)', () => {
  it('compiles (a trivially wrong document gets a validity error, not a schema parser error)', () => {
    const r = xmllintValidate(XSD, { text: '<NoSuchDocument/>' });
    assert.ok(!r.ok);
    assert.doesNotMatch(r.output, /parser error|failed to compile|WXS schema .* failed/i, r.output);
    assert.match(r.output, /No matching global declaration/, r.output);
  });

  it('has a document fixture for every global element', () => {
    const globals = attrValues({ file: XSD }, '/*/*[local-name()="element"]/@name').sort();
    assert.ok(globals.length >= 13, `expected the 13 documented roots, got ${globals.join(', ')}`);
    const roots = new Set(documentExamples.map((f) => rootName({ file: `${EXAMPLES}/${f}` }).local));
    for (const g of globals) assert.ok(roots.has(g), `no fixture is rooted at ${g}`);
  });

  for (const f of documentExamples) {
    it(`validates ${f}`, () => {
      assert.equal(rootName({ file: `${EXAMPLES}/${f}` }).ns, '', 'documents are unqualified');
      valid({ file: `${EXAMPLES}/${f}` });
    });
  }

  it('documents every result code on its enumeration value, with the seed’s sets of codes', () => {
    for (const [type, codes] of Object.entries(RESULT_CODES)) {
      const base = `/*/*[local-name()="simpleType" and @name="${type}"]/*[local-name()="restriction"]`;
      assert.equal(attrValues({ file: XSD }, `${base}/@base`)[0], 'xs:int', `${type} restricts xs:int`);
      const values = attrValues({ file: XSD }, `${base}/*[local-name()="enumeration"]/@value`).map(Number);
      assert.deepEqual(values, codes, `${type} enumerates the seed's codes`);
      const undocumented = xpath({ file: XSD }, `count(${base}/*[local-name()="enumeration"][not(*/*[local-name()="documentation"][normalize-space()])])`);
      assert.equal(undocumented, '0', `${type}: every code carries xs:documentation`);
    }
    // Every ResultCode element uses one of these types.
    const used = new Set(attrValues({ file: XSD }, '//*[local-name()="element" and @name="ResultCode"]/@type'));
    for (const t of used) assert.ok(t in RESULT_CODES, `ResultCode typed ${t}, which the test does not know`);
  });

  describe('rejects', () => {
    const add = readRepoFile(`${EXAMPLES}/Add.input.xml`);
    const uaf = readRepoFile(`${EXAMPLES}/UpdateActivationFields.input.xml`);
    const swap = (doc: string, from: string | RegExp, to: string): string => {
      const out = doc.replace(from, to);
      assert.notEqual(out, doc, `mutation ${String(from)} applied`);
      return out;
    };

    it('a date not in MM/dd/yyyy', () => {
      invalid(swap(add, '<Expiration>12/31/2026</Expiration>', '<Expiration>2026-12-31</Expiration>'), /Expiration/);
      invalid(swap(add, '<Expiration>12/31/2026</Expiration>', '<Expiration>13/01/2026</Expiration>'), /Expiration/);
      invalid(swap(uaf, '<ExpirationDate>06/30/2027</ExpirationDate>', '<ExpirationDate>6/30/27</ExpirationDate>'), /ExpirationDate/);
    });

    it('a version that is not four dot-separated numbers of 1-5 digits', () => {
      invalid(swap(add, '<Version>2.10.0.1500</Version>', '<Version>2.10.0</Version>'), /Version/);
      invalid(swap(add, '<Version>2.10.0.1500</Version>', '<Version>2.10.0.150000</Version>'), /Version/);
      invalid(swap(add, '<Version>2.10.0.1500</Version>', '<Version>v2.10.0.1500</Version>'), /Version/);
    });

    it('an unknown license status, action or result code', () => {
      invalid(swap(uaf, '<Status>OK</Status>', '<Status>Duplicate</Status>'), /Status/);
      const upd = readRepoFile(`${EXAMPLES}/UpdateCheck.output.xml`);
      invalid(swap(upd, '<ActionToTake>DNHTP</ActionToTake>', '<ActionToTake>DOWNLOAD</ActionToTake>'), /ActionToTake/);
      const out = readRepoFile(`${EXAMPLES}/Add.output.xml`);
      invalid(swap(out, '<ResultCode>0</ResultCode>', '<ResultCode>9</ResultCode>'), /ResultCode/);
      // 300 exists for Register but not for UpdateUserDefinedFields.
      const udf = readRepoFile(`${EXAMPLES}/UpdateUserDefinedFields.output.xml`);
      invalid(swap(udf, '<ResultCode>0</ResultCode>', '<ResultCode>300</ResultCode>'), /ResultCode/);
    });

    it('a missing required field', () => {
      invalid(swap(add, /<CustomerID>\d+<\/CustomerID>\n/, ''), /DistributorID|CustomerID/);
      invalid(swap(uaf, /<LicenseID>\d+<\/LicenseID>/, ''), /LicenseID|Status/);
      const reg = readRepoFile(`${EXAMPLES}/Register.input.xml`);
      invalid(swap(reg, /<Password>[^<]*<\/Password>\n/, ''), /Password|SerialNumber/);
      const res = readRepoFile(`${EXAMPLES}/Add.output.xml`);
      invalid(swap(res, /<ResultCode>0<\/ResultCode>\n/, ''), /ResultCode|LicenseID/);
    });

    it('wrong scalar types and lengths', () => {
      invalid(swap(add, '<Quantity>2</Quantity>', '<Quantity>two</Quantity>'), /Quantity/);
      invalid(swap(add, '<UnitPrice>149.95</UnitPrice>', '<UnitPrice>$149.95</UnitPrice>'), /UnitPrice/);
      invalid(swap(add, '<IsTestLicense>true</IsTestLicense>', '<IsTestLicense>yes</IsTestLicense>'), /IsTestLicense/);
      const udf = readRepoFile(`${EXAMPLES}/UpdateUserDefinedFields.input.xml`);
      invalid(swap(udf, '<UDefChar1>Value 1</UDefChar1>', `<UDefChar1>${'x'.repeat(51)}</UDefChar1>`), /UDefChar1/);
    });

    it('an element the seed does not document (outputs are strict; readers strip new elements first)', () => {
      const out = readRepoFile(`${EXAMPLES}/Add.output.xml`);
      invalid(swap(out, '</AddPrepaidLicense>', '<FutureField>1</FutureField>\n</AddPrepaidLicense>'), /FutureField/);
    });

    it('an output-only element in an input sharing its root name', () => {
      const ic = readRepoFile(`${EXAMPLES}/InfoCheck.input.xml`);
      invalid(swap(ic, '<ProductID>4321</ProductID>', '<ProductID>4321</ProductID>\n<ProductName>x</ProductName>'), /ProductName/);
    });
  });
});

describe('SOLO WSDL (specs/solo.wsdl)', () => {
  let zeepOutput = '';
  beforeAll(() => {
    const r = zeepLoad(WSDL);
    assert.ok(r.ok, `zeep failed to load ${WSDL}:\n${r.output}`);
    zeepOutput = r.output;
  });

  it('loads in zeep with every operation on the SOAP 1.1 and SOAP 1.2 ports, and the string ones over HTTP POST', () => {
    const ports = new Map<string, string[]>();
    let current = '';
    for (const line of zeepOutput.split('\n')) {
      const port = /^\s+Port: (\S+)/.exec(line);
      if (port) { current = port[1]!; ports.set(current, []); continue; }
      const op = /^\s{12}(\w+)\(/.exec(line);
      if (op && current) ports.get(current)!.push(op[1]!);
    }
    assert.deepEqual(ports.get('XmlLicenseServiceSoap')?.sort(), ALL_OPS);
    assert.deepEqual(ports.get('XmlLicenseServiceSoap12')?.sort(), ALL_OPS);
    assert.deepEqual(ports.get('XmlLicenseServiceHttpPost')?.sort(), STRING_OPS);
  });

  it('has every seed method in both variants (X as XML content, XS as a string), results as XML', () => {
    const schema = '/*/*[local-name()="types"]/*[local-name()="schema"]';
    const param = (op: string, name: string): string => `${schema}/*[local-name()="element" and @name="${op}"]/*/*/*[local-name()="element" and @name="${name}"]`;
    const isAnyContent = (el: string): boolean =>
      xpath({ file: WSDL }, `count(${el}/*[local-name()="complexType" and @mixed="true"]/*[local-name()="sequence"]/*[local-name()="any"])`) === '1';
    for (const m of METHODS) {
      if (m.s) {
        assert.ok(isAnyContent(param(m.x, 'X')), `${m.x} takes X as XML content`);
        assert.deepEqual(attrValues({ file: WSDL }, `${param(m.s, 'XS')}/@type`), ['s:string'], `${m.s} takes XS as s:string`);
      } else {
        assert.deepEqual(attrValues({ file: WSDL }, `${param(m.x, 'XS')}/@type`), ['s:string'], `${m.x} takes XS as s:string`);
        assert.equal(xpath({ file: WSDL }, `count(${schema}/*[@name="${m.x}S"])`), '0', `${m.x} has no S twin in the seed`);
      }
      for (const op of m.s ? [m.x, m.s] : [m.x]) {
        assert.ok(isAnyContent(param(`${op}Response`, `${op}Result`)), `${op}Result is an XML document`);
        const action = attrValues({ file: WSDL }, `//*[local-name()="binding"]/*[local-name()="operation" and @name="${op}"]/*[local-name()="operation"]/@soapAction`);
        assert.deepEqual(action, [`${TNS}${op}`, `${TNS}${op}`], `${op}: SOAPAction on the 1.1 and 1.2 bindings`);
      }
      // Both variants carry the same documents.
      if (m.s) {
        assert.deepEqual(cgDocuments(m.x, 'X'), cgDocuments(m.s, 'XS'));
        assert.deepEqual(cgDocuments(`${m.x}Response`, `${m.x}Result`), cgDocuments(`${m.s}Response`, `${m.s}Result`));
      }
    }
  });

  it('links documents only to global elements of solo-documents.xsd (cg:document QNames resolve)', () => {
    const globals = new Set(attrValues({ file: XSD }, '/*/*[local-name()="element"]/@name'));
    const links = attrValues({ file: WSDL }, `//@*[local-name()="document" and namespace-uri()="${CG}"]`);
    // 19 operations × (parameter + result) on elements, plus the HTTP POST message parts.
    assert.ok(links.length >= 38, `found ${links.length} cg:document links`);
    for (const link of links) {
      for (const qname of link.trim().split(/\s+/)) {
        // The WSDL declares no default namespace, so an unprefixed QName is a no-namespace name.
        assert.doesNotMatch(qname, /:/, `cg:document ${qname}: the inner documents have no namespace`);
        assert.ok(globals.has(qname), `cg:document ${qname} names no global element of ${XSD}`);
      }
    }
    const declaredDefault = xpath({ file: WSDL }, 'count(/*/namespace::*[name()=""])');
    assert.equal(declaredDefault, '0', 'no default namespace on wsdl:definitions');
  });

  it('makes the inner-document schema reachable from wsdl:types', () => {
    const includes = attrValues({ file: WSDL }, '/*/*[local-name()="types"]/*[local-name()="schema"][not(@targetNamespace)]/*[local-name()="include"]/@schemaLocation');
    assert.deepEqual(includes, ['solo-documents.xsd']);
  });

  it('pairs every document fixture with the cg:document roots of its operation', () => {
    // The HTTP POST response body is checked in its own describe below.
    for (const f of documentExamples.filter((x) => !x.includes('http-post'))) {
      const { op, dir } = fixtureRole(f);
      const m = METHODS.find((x) => x.x === op);
      assert.ok(m, `${f}: ${op} is a seed method`);
      const expected = dir === 'input'
        ? cgDocuments(op, m.s ? 'X' : 'XS')
        : cgDocuments(`${op}Response`, `${op}Result`);
      assert.ok(expected.includes(rootName({ file: `${EXAMPLES}/${f}` }).local), `${f}: root is one of ${expected.join(', ')}`);
    }
    // And every operation has an input and an output fixture.
    for (const m of METHODS) {
      assert.ok(documentExamples.some((f) => f.startsWith(`${m.x}.input`)), `${m.x} has an input fixture`);
      assert.ok(documentExamples.some((f) => f.startsWith(`${m.x}.output`)), `${m.x} has an output fixture`);
    }
  });
});

describe('SOLO SOAP envelopes (specs/examples/solo/*.soap1x.xml)', () => {
  let driver = '';
  beforeAll(() => {
    driver = extractSchemas(WSDL);
  });

  it('has X-variant and S-variant envelopes, requests and responses, SOAP 1.1 and 1.2', () => {
    for (const f of ['Add.request.soap11.xml', 'Add.response.soap11.xml', 'AddS.request.soap11.xml', 'AddS.response.soap11.xml', 'InfoCheck.request.soap12.xml', 'InfoCheck.response.soap12.xml']) {
      assert.ok(envelopeExamples.includes(f), `missing ${f}`);
    }
  });

  for (const f of envelopeExamples) {
    it(`${f}: body payload validates against the WSDL schemas, and its document against its cg:document`, () => {
      const payload = soapBodyPayload(readRepoFile(`${EXAMPLES}/${f}`));
      const wrapper = rootName({ text: payload });
      assert.equal(wrapper.ns, TNS);
      const op = wrapper.local.replace(/Response$/, '');
      assert.equal(f.split('.')[0], op, `${f} carries ${wrapper.local}`);
      assert.ok(ALL_OPS.includes(op), `${op} is an operation`);
      // Strict validation: the s:any content is checked against the imported document schema too.
      valid({ text: payload }, driver);

      const response = wrapper.local.endsWith('Response');
      const partName = response ? `${op}Result` : (METHODS.some((m) => m.x === op && m.s) ? 'X' : 'XS');
      const roots = cgDocuments(wrapper.local, partName);
      const part = `/*/*[local-name()="${partName}"]`;
      let inner: string;
      if (partName === 'XS') {
        // The string variant: the document is escaped text inside XS.
        assert.equal(xpath({ text: payload }, `count(${part}/*)`), '0', 'XS holds text, not elements');
        inner = xpath({ text: payload }, `string(${part})`);
      } else {
        assert.equal(xpath({ text: payload }, `count(${part}/*)`), '1', `${partName} holds one document element`);
        inner = xpath({ text: payload }, `${part}/*`);
      }
      const root = rootName({ text: inner });
      assert.equal(root.ns, '');
      assert.ok(roots.includes(root.local), `${f}: document root ${root.local} is one of ${roots.join(', ')}`);
      valid({ text: inner });
    });
  }

  it('rejects an envelope whose X document breaks the inner schema (s:any is validated strictly)', () => {
    const env = readRepoFile(`${EXAMPLES}/Add.request.soap11.xml`);
    const broken = env.replace(/<Quantity>2<\/Quantity>/, '<Quantity>two</Quantity>');
    assert.notEqual(broken, env);
    const r = xmllintValidate(driver, { text: soapBodyPayload(broken) });
    assert.ok(!r.ok, 'a bad Quantity inside X must fail envelope validation');
    assert.match(r.output, /Quantity/);
  });
});

describe('SOLO HTTP POST fixtures', () => {
  it('AddS request: the form field XS holds a valid LicenseAdd document', () => {
    const text = readRepoFile(`${EXAMPLES}/AddS.request.http-post.txt`);
    const lines = text.split('\n').filter((l) => !l.startsWith('#'));
    assert.match(lines[0]!, /^POST \/solo\/webservices\/XmlLicenseService\.asmx\/AddS HTTP\/1\.1$/);
    assert.ok(lines.some((l) => /^Content-Type: application\/x-www-form-urlencoded$/i.test(l)));
    const body = lines.slice(lines.indexOf('') + 1).join('\n').trim();
    const declared = Number(/^Content-Length: (\d+)$/m.exec(text)?.[1]);
    assert.equal(Buffer.byteLength(body), declared, 'Content-Length matches the body');
    const form = new URLSearchParams(body);
    assert.deepEqual([...form.keys()], ['XS']);
    const doc = form.get('XS')!;
    assert.equal(rootName({ text: doc }).local, 'LicenseAdd');
    valid({ text: doc });
  });

  it('AddS response: the raw AddPrepaidLicense document', () => {
    const f = `${EXAMPLES}/AddS.response.http-post.xml`;
    assert.equal(rootName({ file: f }).local, 'AddPrepaidLicense');
    valid({ file: f });
  });
});
