/**
 * The seed examples as typed payloads, per API and operation, for the decode,
 * interop and bad-input tests.
 *
 * GenoPro and X-Formation have whole SOAP envelopes as fixtures. SOLO's seeds
 * are mostly the inner documents (`<Op>.input.xml` / `<Op>.output.xml`): each is
 * wrapped into the operation's request/response element here, exactly as the
 * WSDL says (element content for `X` operations, escaped text for `XS` ones),
 * and decoded with the generated codec, so every SOLO operation gets a payload
 * taken from the seeds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../support/external.ts';
import { loadWsdl } from '../../../generator/load/wsdl.ts';
import type { ApiModel, Field, SoapOperation, SoapPort, TypeRef } from '../../../generator/model/model.ts';
import { ModelIndex } from '../../../generator/model/lookup.ts';
import { parseEnvelope } from '../../../generated/runtime/soap.ts';
import { escapeText, parseXml, type XmlElement } from '../../../generated/runtime/xml.ts';

export const SOAP_APIS = ['genopro', 'xformation', 'solo'] as const;
/** Every WSDL of ours (Zentitle's SOAP fixtures live apart and are not wired into the seed helpers). */
export const ALL_WSDL_APIS = [...SOAP_APIS, 'zentitle'] as const;
export type SoapApiName = (typeof ALL_WSDL_APIS)[number];

export const SPEC_OF: Record<SoapApiName, string> = {
  genopro: 'specs/genopro.wsdl',
  xformation: 'specs/xformation.wsdl',
  solo: 'specs/solo.wsdl',
  zentitle: 'specs/zentitle.wsdl',
};

const models = new Map<string, ApiModel>();
/** The generator's model of one of our WSDLs (cached). */
export function model(api: SoapApiName): ApiModel {
  let m = models.get(api);
  if (!m) {
    m = loadWsdl(path.join(ROOT, SPEC_OF[api]), api, ROOT);
    models.set(api, m);
  }
  return m;
}

/** Every (service, port) of an API with its binding. */
export function ports(api: SoapApiName): { service: string; port: SoapPort }[] {
  return model(api).soap!.services.flatMap((s) => s.ports.map((port) => ({ service: s.name, port })));
}

/** Each operation once (from the first SOAP 1.1 port). */
export function operations(api: SoapApiName): SoapOperation[] {
  const first = ports(api)[0]!.port;
  return first.binding.operations;
}

/** The method name the generated client and handler interface use for an operation. */
export function methodName(op: string): string {
  return op[0]!.toLowerCase() + op.slice(1);
}

/** Generated code of an API, loaded dynamically so one helper serves all APIs. */
export async function generated(api: SoapApiName) {
  const dir = `../../../generated/${api}/`;
  const [codec, client, server, validators] = await Promise.all([
    import(`${dir}codec.ts`),
    import(`${dir}client.ts`),
    import(`${dir}server.ts`),
    import(`${dir}validators.ts`),
  ]);
  return { codec, client, server, validators } as {
    codec: Record<string, (...a: unknown[]) => unknown>;
    client: Record<string, unknown>;
    server: Record<string, unknown>;
    validators: Record<string, (value: unknown, path: string, issues: { path: string; message: string }[]) => void>;
  };
}

export function readExample(api: string, file: string): string {
  return readFileSync(path.join(ROOT, 'specs/examples', api, file), 'utf8');
}

export function exampleFiles(api: string): string[] {
  return readdirSync(path.join(ROOT, 'specs/examples', api)).sort();
}

/** Envelope fixtures: `<Op>.(request|response).soap1(1|2).xml`. */
export function envelopeFixtures(api: SoapApiName): { file: string; op: string; dir: 'request' | 'response'; version: '1.1' | '1.2' }[] {
  const out = [];
  for (const file of exampleFiles(api)) {
    const m = /^(\w+)\.(request|response)\.soap(11|12)\.xml$/.exec(file);
    if (m) out.push({ file, op: m[1]!, dir: m[2] as 'request' | 'response', version: (m[3] === '11' ? '1.1' : '1.2') as '1.1' | '1.2' });
  }
  return out;
}

/** The payload (first child of soap:Body) of an envelope fixture. */
export function fixturePayload(api: SoapApiName, file: string): XmlElement {
  const env = parseEnvelope(readExample(api, file));
  if (!env.payload) throw new Error(`${file}: empty Body`);
  return env.payload;
}

/** The field of a message wrapper that carries an inner document, and how. */
export function documentField(api: ApiModel, ref: TypeRef): { field: Field; carrier: 'string' | 'element' } | undefined {
  const index = new ModelIndex(api);
  const named = index.named(ref);
  const obj = named?.kind === 'element' ? index.named(named.type) : named;
  if (!obj || obj.kind !== 'object') return undefined;
  for (const field of obj.fields) {
    if (field.type.kind === 'document') return { field, carrier: field.type.carrier };
  }
  return undefined;
}

/** The inner-document text of a SOLO fixture file, without XML declaration and comments. */
export function innerDocument(file: string): string {
  return readExample('solo', file)
    .replace(/<\?xml[^?]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
}

/** Wraps an inner document the way the WSDL's message element carries it. */
export function wrapDocument(op: SoapOperation, which: 'input' | 'output', doc: string): XmlElement {
  return wrap(op, which, model('solo'), doc);
}

function wrap(op: SoapOperation, which: 'input' | 'output', api: ApiModel, doc: string): XmlElement {
  const msg = op[which]!;
  const carrier = documentField(api, msg.elementType ? { kind: 'named', name: msg.elementType } : msg.type);
  if (!carrier) throw new Error(`${op.name} ${which}: no document-carrying field`);
  const f = carrier.field;
  const ns = f.xml?.ns ?? msg.element!.ns;
  const content = carrier.carrier === 'string' ? escapeText(doc) : doc;
  // Prefixed wrappers, so the document keeps the no-namespace default it has as a file.
  const local = f.xml?.local ?? f.name;
  const xml = `<w:${msg.element!.local} xmlns:w="${msg.element!.ns}"><f:${local} xmlns:f="${ns}">${content}</f:${local}></w:${msg.element!.local}>`;
  return parseXml(xml);
}

export interface SeedCase {
  op: SoapOperation;
  /** Typed request and response, decoded by the generated codec from the seed fixtures. */
  request: unknown;
  response: unknown;
  /** Where they came from. */
  requestFrom: string;
  responseFrom: string;
}

/** SOLO: the base operation whose inner-document fixtures an operation uses (AddS → Add). */
function soloFixtureBase(op: string, files: string[]): string {
  if (files.includes(`${op}.input.xml`)) return op;
  const base = op.replace(/S$/, '');
  if (files.includes(`${base}.input.xml`)) return base;
  throw new Error(`no SOLO fixture for ${op}`);
}

/** One seed-derived request/response pair per operation of the API. */
export async function seedCases(api: SoapApiName): Promise<SeedCase[]> {
  const { codec } = await generated(api);
  const m = model(api);
  const out: SeedCase[] = [];
  if (api === 'solo') {
    const files = exampleFiles('solo');
    for (const op of operations(api)) {
      const base = soloFixtureBase(op.name, files);
      const inFile = `${base}.input.xml`;
      const outFile = `${base}.output.xml`;
      out.push({
        op,
        request: codec[`decode${op.name}RequestBody`]!(wrap(op, 'input', m, innerDocument(inFile))),
        response: codec[`decode${op.name}ResponseBody`]!(wrap(op, 'output', m, innerDocument(outFile))),
        requestFrom: inFile,
        responseFrom: outFile,
      });
    }
    return out;
  }
  const fixtures = envelopeFixtures(api);
  for (const op of operations(api)) {
    const req = fixtures.find((f) => f.op === op.name && f.dir === 'request');
    const res = fixtures.find((f) => f.op === op.name && f.dir === 'response');
    if (!req || !res) throw new Error(`${api}: no envelope fixtures for ${op.name}`);
    out.push({
      op,
      request: codec[`decode${op.name}RequestBody`]!(fixturePayload(api, req.file)),
      response: codec[`decode${op.name}ResponseBody`]!(fixturePayload(api, res.file)),
      requestFrom: req.file,
      responseFrom: res.file,
    });
  }
  return out;
}

/** The generated client class for a port (`WsSoap12Client`, …). */
export function clientClassName(portName: string): string {
  return portName[0]!.toUpperCase() + portName.slice(1) + 'Client';
}

/** The generated listener factory for a service (`createWsListener`, …). */
export function listenerFactoryName(service: string): string {
  return `create${service[0]!.toUpperCase()}${service.slice(1)}Listener`;
}

/** Deep copy through JSON (typed values are plain JSON data). */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * An inner-document fixture ready to embed as element content: the root gets
 * `xmlns=""` (as asmx writes it) so it stays in no namespace inside a wrapper
 * that has a default namespace.
 */
export function embeddableDocument(file: string): string {
  const doc = innerDocument(file);
  return /^<[\w.-]+[^>]*\sxmlns=/.test(doc) ? doc : doc.replace(/^<([\w.-]+)/, '<$1 xmlns=""');
}

/** Whether a value is a parsed XmlElement (wildcard content in typed values). */
function isXmlElement(v: unknown): v is XmlElement {
  return typeof v === 'object' && v !== null && 'local' in v && 'scope' in v && 'pos' in v && 'children' in v;
}

/**
 * A typed value with wildcard XmlElements replaced by their meaning (names,
 * attributes, trimmed text, children), so values decoded from different
 * documents compare equal when they say the same thing (parser offsets and
 * namespace scopes differ).
 */
export function comparable(v: unknown): unknown {
  if (isXmlElement(v)) {
    return { ns: v.ns, local: v.local, attrs: { ...v.attrs }, text: v.text.trim(), children: v.children.map(comparable) };
  }
  if (Array.isArray(v)) return v.map(comparable);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, comparable(x)]));
  return v;
}
