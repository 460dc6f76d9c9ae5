/**
 * Third-party WSDL shapes that used to break the generated code, each as a WSDL of a dozen lines:
 * port names shared by several services, a part element without a type (xs:anyType), an operation
 * name that is not a JavaScript identifier, an element that contains itself by reference, and the
 * unbounded integer built-ins. Every output type-checks under strict tsc, and the codec reads what
 * the schema allows. A failed run prints its warnings with the error.
 */
import { beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateAll } from '../../generator/pipeline.ts';
import { loadWsdl } from '../../generator/load/wsdl.ts';
import { parseXml } from '../../generator/runtime/xml.ts';
import { ROOT } from '../support/external.ts';

const TMP = path.join(ROOT, 'test/tmp/wsdl-breadth');
const PING = '<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="v" type="xs:string"/></xs:sequence></xs:complexType></xs:element>';
const PONG = '<xs:element name="PingResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>';

/** A document/literal WSDL: `schema` in urn:t, one operation per entry, services of ports on binding B. */
function wsdl(schema: string, options: { ops?: [string, string, string][]; services?: [string, string[]][]; types?: string } = {}): string {
  const ops = options.ops ?? [['Ping', 'tns:Ping', 'tns:PingResponse']];
  const services = options.services ?? [['S', ['SP']]];
  return `<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">
<wsdl:types>${options.types ?? ''}<xs:schema targetNamespace="urn:t" elementFormDefault="qualified">${schema}</xs:schema></wsdl:types>
${ops.map(([n, i, o]) => `<wsdl:message name="${n}In"><wsdl:part name="parameters" element="${i}"/></wsdl:message><wsdl:message name="${n}Out"><wsdl:part name="parameters" element="${o}"/></wsdl:message>`).join('\n')}
<wsdl:portType name="P">${ops.map(([n]) => `<wsdl:operation name="${n}"><wsdl:input message="tns:${n}In"/><wsdl:output message="tns:${n}Out"/></wsdl:operation>`).join('')}</wsdl:portType>
<wsdl:binding name="B" type="tns:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>${ops.map(([n]) => `<wsdl:operation name="${n}"><soap:operation soapAction="urn:t#${n}" style="document"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`).join('')}</wsdl:binding>
${services.map(([s, ports]) => `<wsdl:service name="${s}">${ports.map((p) => `<wsdl:port name="${p}" binding="tns:B"><soap:address location="http://127.0.0.1/${s}"/></wsdl:port>`).join('')}</wsdl:service>`).join('\n')}
</wsdl:definitions>
`;
}

const CASES: Record<string, string> = {
  'shared-port-names': wsdl(PING + PONG, { services: [['Billing', ['Application']], ['Orders', ['Application']]] }),
  'any-type-part': wsdl('<xs:element name="Ping"/>' + PONG),
  'dashed-operation': wsdl(PING.replace('"Ping"', '"my-op"') + PONG, { ops: [['my-op', 'tns:my-op', 'tns:PingResponse']] }),
  'recursive-element': wsdl('<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="v" type="xs:string"/><xs:element ref="tns:Ping" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>' + PONG),
  integers: wsdl(
    '<xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="big" type="xs:integer"/><xs:element name="count" type="xs:nonNegativeInteger"/><xs:element name="id" type="xs:unsignedLong"/></xs:sequence></xs:complexType></xs:element>' + PONG,
  ),
};

const codecs = new Map<string, Record<string, (...a: unknown[]) => unknown>>();

beforeAll(async () => {
  rmSync(TMP, { recursive: true, force: true });
  mkdirSync(TMP, { recursive: true });
  const specs = Object.entries(CASES).map(([name, text]) => {
    writeFileSync(path.join(TMP, `${name}.wsdl`), text);
    return { name, spec: path.join(TMP, `${name}.wsdl`) };
  });
  const files = await generateAll(specs, ROOT);
  for (const [rel, text] of files) {
    mkdirSync(path.dirname(path.join(TMP, 'out', rel)), { recursive: true });
    writeFileSync(path.join(TMP, 'out', rel), text);
  }
  for (const name of Object.keys(CASES)) codecs.set(name, await import(pathToFileURL(path.join(TMP, 'out', name, 'codec.ts')).href));
});

describe('third-party WSDL shapes', () => {
  test('every output type-checks under strict tsc', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(TMP, 'out/tsconfig.json')], { encoding: 'utf8' });
  });

  test('ports that share a name across services get one client class each, named by service', async () => {
    const client = await import(pathToFileURL(path.join(TMP, 'out/shared-port-names/client.ts')).href);
    assert.equal(typeof client.BillingApplicationClient, 'function');
    assert.equal(typeof client.OrdersApplicationClient, 'function');
  });

  test('an operation named my-op gets codec functions with a valid name', () => {
    assert.equal(typeof codecs.get('dashed-operation')!.decodemy_opRequestBody, 'function');
  });

  test('an element that contains itself by reference decodes to any depth', () => {
    const decode = codecs.get('recursive-element')!.decodePingRequestBody!;
    const xml = '<Ping xmlns="urn:t"><v>1</v><Ping><v>2</v><Ping><v>3</v></Ping></Ping></Ping>';
    assert.deepEqual(decode(parseXml(xml)), { v: '1', Ping: { v: '2', Ping: { v: '3' } } });
  });

  test('xs:integer, xs:nonNegativeInteger and xs:unsignedLong take values beyond xs:long, and keep their own ranges', () => {
    const decode = codecs.get('integers')!.decodePingRequestBody!;
    const doc = (big: string, count: string, id: string) => parseXml(`<Ping xmlns="urn:t"><big>${big}</big><count>${count}</count><id>${id}</id></Ping>`);
    assert.deepEqual(decode(doc('100000000000000000000', '99999999999999999999999', '18446744073709551615')), { big: '100000000000000000000', count: '99999999999999999999999', id: '18446744073709551615' });
    assert.throws(() => decode(doc('1', '-1', '1')), /nonNegativeInteger out of range/);
    assert.throws(() => decode(doc('1', '1', '18446744073709551616')), /unsignedLong out of range/);
  });
});

test('a failed run reports its warnings with the error (the warning often explains it)', () => {
  const file = path.join(TMP, 'remote-import.wsdl');
  writeFileSync(file, wsdl('<xs:element name="Ping" type="ext:Thing" xmlns:ext="urn:ext"/>' + PONG, { types: '<xs:schema><xs:import namespace="urn:ext" schemaLocation="https://example.com/ext.xsd"/></xs:schema>' }));
  assert.throws(() => loadWsdl(file, 'remote', ROOT), (e: Error) => {
    assert.match(e.message, /warning: remote schemaLocation 'https:\/\/example\.com\/ext\.xsd' is not fetched/);
    assert.match(e.message, /error: unknown type \{urn:ext\}Thing/);
    return true;
  });
});
