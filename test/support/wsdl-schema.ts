/**
 * Helpers for the contract tests of the hand-written WSDLs.
 *
 * All XML reading goes through `xmllint --xpath` (libxml2), a real parser nobody here wrote,
 * so these helpers stay independent of the generator's own XML code. `--nonet` everywhere:
 * tests never reach the network.
 *
 * - `extractSchemas(wsdl)` turns the `xs:schema` elements of `wsdl:types` into .xsd files
 *   plus one driver XSD, so `xmllintValidate(driver, …)` can validate any global element
 *   declared there (and in the inner-document XSDs those schemas import).
 * - `soapBodyPayload(envelope)` cuts the payload element out of a SOAP 1.1/1.2 envelope.
 * - `elementAt(xml, xpath)` cuts out any element (e.g. an rpc part accessor) the same way.
 * - `partsSchema(driver, parts)` declares rpc part accessors as global elements of their types.
 * - `xpathString` / `xpathStrings` read scalar values / node values for assertions.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './external.ts';

export const SOAP11_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_ENV = 'http://www.w3.org/2003/05/soap-envelope';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';

/** Where the temporary schemas go (git-ignored, excluded from tsc). */
export const TMP_DIR = path.join(ROOT, 'test', 'tmp');

interface XPathResult {
  ok: boolean;
  empty: boolean;
  out: string;
  err: string;
}

/** Runs `xmllint --xpath` on a file or on XML text (fed on stdin). */
function xpath(source: { file: string } | { text: string }, expr: string): XPathResult {
  const args = ['--nonet', '--xpath', expr, 'file' in source ? source.file : '-'];
  const r = spawnSync('xmllint', args, {
    input: 'text' in source ? source.text : undefined,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`could not run xmllint (is libxml2-utils installed?): ${r.error.message}`);
  // xmllint exit codes: 0 ok, 10 "XPath set is empty", anything else = parse/eval error.
  return { ok: r.status === 0, empty: r.status === 10, out: r.stdout ?? '', err: (r.stderr ?? '').trim() };
}

function describe(source: { file: string } | { text: string }): string {
  return 'file' in source ? path.relative(ROOT, source.file) || source.file : '<xml text>';
}

/** Evaluates an XPath expression that yields a string/number; throws with xmllint's message on a parse error. */
function xpathValue(source: { file: string } | { text: string }, expr: string, what: string): string {
  const r = xpath(source, expr);
  // libxml2 2.9 exits with 10 ("empty") on a malformed expression too; only stderr tells them apart.
  if (/XPath error|XPath evaluation failure/.test(r.err)) {
    throw new Error(`${what}: invalid XPath expression ${JSON.stringify(expr)} (xmllint: ${r.err.replace(/\s+/g, ' ')})`);
  }
  // xmllint ends its output with one newline of its own.
  if (r.ok) return r.out.endsWith('\n') ? r.out.slice(0, -1) : r.out;
  if (r.empty) return '';
  throw new Error(`${what}: ${describe(source)} could not be read as XML (xmllint: ${r.err || 'exit status non-zero'})`);
}

function xpathCount(source: { file: string } | { text: string }, expr: string, what: string): number {
  const n = Number(xpathValue(source, `count(${expr})`, what));
  if (!Number.isInteger(n)) throw new Error(`${what}: unexpected xmllint output for count(${expr})`);
  return n;
}

/** Serialises the node(s) selected by `expr`; '' when the set is empty. */
function xpathNodes(source: { file: string } | { text: string }, expr: string, what: string): string {
  return xpathValue(source, expr, what);
}

/**
 * The namespace declarations in scope at the node `expr` selects, as prefix → URI
 * ('' = default namespace). xmllint prints namespace nodes as ` xmlns:p="uri"` lines.
 */
function inScopeNamespaces(source: { file: string } | { text: string }, expr: string, what: string): Map<string, string> {
  const out = xpathNodes(source, `${expr}/namespace::*`, what);
  const map = new Map<string, string>();
  for (const m of out.matchAll(/xmlns(?::([^\s=]+))?="([^"]*)"/g)) {
    const prefix = m[1] ?? '';
    if (prefix === 'xml') continue;
    map.set(prefix, m[2]!);
  }
  return map;
}

function escapeAttr(s: string): string {
  return s.replace(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/**
 * Adds namespace declarations (and any extra attributes) to the start tag of a serialised
 * element, skipping prefixes the element already declares itself. xmllint's serialiser always
 * writes attribute values in double quotes with `<` and `>` escaped, so the start tag ends at
 * the first `>` and its declarations can be read with a regex.
 */
function decorateStartTag(elementXml: string, namespaces: Map<string, string>, extraAttrs: string[] = []): string {
  const m = /^<([^\s/>]+)([^>]*?)(\/?)>/.exec(elementXml);
  if (!m) throw new Error(`internal: not a serialised element: ${elementXml.slice(0, 80)}`);
  const [startTag, qname, attrs, selfClose] = m as unknown as [string, string, string, string];
  const declared = new Set<string>();
  for (const d of attrs.matchAll(/\sxmlns(?::([^\s=]+))?="/g)) declared.add(d[1] ?? '');
  const added: string[] = [];
  for (const [prefix, uri] of namespaces) {
    if (declared.has(prefix)) continue;
    added.push(prefix === '' ? ` xmlns="${escapeAttr(uri)}"` : ` xmlns:${prefix}="${escapeAttr(uri)}"`);
  }
  for (const a of extraAttrs) added.push(` ${a}`);
  return `<${qname}${added.join('')}${attrs}${selfClose}>${elementXml.slice(startTag.length)}`;
}

export interface ExtractOptions {
  /**
   * Schemas to import into the driver *before* the WSDL's own ones, for namespaces the WSDL
   * imports without a schemaLocation (e.g. SOAP-ENC in rpc/encoded WSDLs). libxml2 resolves a
   * location-less `xs:import` against a namespace that is already loaded.
   * Paths are relative to the repository root (or absolute).
   */
  preload?: { namespace: string; schemaLocation: string }[];
}

const extractCache = new Map<string, string>();

/**
 * Temporary folders this process created, removed when it exits so repeated test runs do not pile
 * up files in test/tmp. Set CG_KEEP_TMP=1 to keep them for debugging a validation failure.
 */
const createdDirs = new Set<string>();
process.once('exit', () => {
  if (process.env.CG_KEEP_TMP === '1') return;
  for (const d of createdDirs) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * The driver gets a namespace of its own: libxml2 treats a schema without targetNamespace as
 * "the" no-namespace schema and would then skip importing the WSDL's no-namespace documents.
 */
const DRIVER_NS = 'urn:contract-gen:test:wsdl-schema-driver';

/**
 * Writes every `xs:schema` in `wsdl:types` of `wsdlPath` to its own .xsd file under
 * `test/tmp/`, and returns the path of a driver XSD that pulls them all in.
 *
 * - Each schema gets the namespace declarations in scope at it in the WSDL (usually declared on
 *   `wsdl:definitions`), so `type="tns:Foo"` / `s:string` keep resolving.
 * - Each schema gets `xml:base` = the WSDL's URL, so relative `schemaLocation`s (inner-document
 *   XSDs beside the spec) resolve against the spec's folder, as they do for zeep and the generator.
 * - Schemas sharing a targetNamespace are combined in one wrapper that `xs:include`s them
 *   (libxml2 refuses to import the same namespace twice from different locations).
 * - Namespaces are imported in dependency order, so a location-less `xs:import` between two
 *   inline schemas finds the other one already loaded.
 */
export function extractSchemas(wsdlPath: string, options: ExtractOptions = {}): string {
  const wsdl = path.resolve(ROOT, wsdlPath);
  const cacheKey = `${wsdl}\n${JSON.stringify(options)}`;
  const cached = extractCache.get(cacheKey);
  if (cached && fs.existsSync(cached)) return cached;
  const what = `extractSchemas(${wsdlPath})`;
  if (!fs.existsSync(wsdl)) throw new Error(`${what}: no such file ${wsdl}`);

  const rootName = xpathValue({ file: wsdl }, 'concat(namespace-uri(/*), " ", local-name(/*))', what);
  if (rootName !== `${WSDL_NS} definitions`) {
    throw new Error(`${what}: root element is {${rootName.replace(' ', '}')}, expected {${WSDL_NS}}definitions`);
  }
  const schemaPath = `/*/*[namespace-uri()="${WSDL_NS}" and local-name()="types"]/*[namespace-uri()="${XSD_NS}" and local-name()="schema"]`;
  const count = xpathCount({ file: wsdl }, schemaPath, what);
  if (count === 0) throw new Error(`${what}: wsdl:types holds no xs:schema element`);

  fs.mkdirSync(TMP_DIR, { recursive: true });
  const dir = fs.mkdtempSync(path.join(TMP_DIR, `wsdl-schema-${path.basename(wsdl, '.wsdl')}-`));
  createdDirs.add(dir);
  const base = pathToFileURL(wsdl).href;

  interface Piece { file: string; tns: string; imports: string[] }
  const pieces: Piece[] = [];
  for (let i = 1; i <= count; i++) {
    const at = `${schemaPath}[${i}]`;
    const xml = xpathNodes({ file: wsdl }, at, what).trim();
    const ns = inScopeNamespaces({ file: wsdl }, at, what);
    const tns = xpathValue({ file: wsdl }, `string(${at}/@targetNamespace)`, what);
    const importCount = xpathCount({ file: wsdl }, `${at}/*[local-name()="import"]`, what);
    const imports: string[] = [];
    for (let j = 1; j <= importCount; j++) {
      imports.push(xpathValue({ file: wsdl }, `string(${at}/*[local-name()="import"][${j}]/@namespace)`, what));
    }
    const file = path.join(dir, `schema-${i}.xsd`);
    const decorated = decorateStartTag(xml, ns, [`xml:base="${escapeAttr(base)}"`]);
    fs.writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n<!-- schema ${i} of wsdl:types in ${path.relative(ROOT, wsdl)} -->\n${decorated}\n`);
    pieces.push({ file, tns, imports });
  }

  // Group by targetNamespace, keeping first-seen order.
  const groups = new Map<string, Piece[]>();
  for (const p of pieces) groups.set(p.tns, [...(groups.get(p.tns) ?? []), p]);

  // Dependency order between inline namespaces (depth-first; a cycle just keeps document order).
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (tns: string): void => {
    if (state.has(tns)) return;
    state.set(tns, 'visiting');
    for (const p of groups.get(tns) ?? []) for (const dep of p.imports) if (groups.has(dep) && dep !== tns) visit(dep);
    state.set(tns, 'done');
    ordered.push(tns);
  };
  for (const tns of groups.keys()) visit(tns);

  const rel = (f: string): string => path.relative(dir, f).split(path.sep).join('/');
  const lines: string[] = [];
  for (const pre of options.preload ?? []) {
    const loc = pathToFileURL(path.resolve(ROOT, pre.schemaLocation)).href;
    lines.push(`  <xs:import namespace="${escapeAttr(pre.namespace)}" schemaLocation="${escapeAttr(loc)}"/>`);
  }
  for (const tns of ordered) {
    const group = groups.get(tns)!;
    if (tns === '') {
      // No-namespace schemas: imported without a namespace attribute (the driver has its own TNS).
      for (const p of group) lines.push(`  <xs:import schemaLocation="${rel(p.file)}"/>`);
      continue;
    }
    let target = group[0]!.file;
    if (group.length > 1) {
      target = path.join(dir, `ns-${ordered.indexOf(tns)}.xsd`);
      const includes = group.map((p) => `  <xs:include schemaLocation="${rel(p.file)}"/>`).join('\n');
      fs.writeFileSync(
        target,
        `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="${XSD_NS}" targetNamespace="${escapeAttr(tns)}">\n${includes}\n</xs:schema>\n`,
      );
    }
    lines.push(`  <xs:import namespace="${escapeAttr(tns)}" schemaLocation="${rel(target)}"/>`);
  }
  const driver = path.join(dir, 'driver.xsd');
  fs.writeFileSync(
    driver,
    `<?xml version="1.0" encoding="UTF-8"?>\n<!-- driver for the wsdl:types of ${path.relative(ROOT, wsdl)} -->\n<xs:schema xmlns:xs="${XSD_NS}" targetNamespace="${DRIVER_NS}">\n${lines.join('\n')}\n</xs:schema>\n`,
  );
  extractCache.set(cacheKey, driver);
  return driver;
}

/**
 * The element selected by `expr` (an XPath 1.0 expression; use local-name()/namespace-uri()
 * tests, xmllint has no prefix bindings) in `xml`, as a standalone document carrying every
 * namespace declaration in scope at it. Throws when nothing matches.
 */
export function elementAt(xml: string, expr: string): string {
  const what = `elementAt(${expr})`;
  const src = { text: xml };
  const n = xpathCount(src, expr, what);
  if (n === 0) throw new Error(`${what}: no element matches`);
  const first = `(${expr})[1]`;
  const kind = xpathValue(src, `count(${first}/self::*)`, what);
  if (kind !== '1') throw new Error(`${what}: the first match is not an element`);
  const out = xpathNodes(src, first, what).trim();
  return `<?xml version="1.0" encoding="UTF-8"?>\n${decorateStartTag(out, inScopeNamespaces(src, first, what))}\n`;
}

/** The value of a scalar XPath expression (string(…), count(…), local-name(…), …) as text. */
export function xpathString(source: { file: string } | { text: string }, expr: string): string {
  const src = 'file' in source ? { file: path.resolve(ROOT, source.file) } : source;
  return xpathValue(src, expr, `xpathString(${expr})`);
}

/**
 * The string values of every node the node-set expression `expr` selects (e.g. attribute
 * values), in document order. For scalar expressions use `xpathString`.
 */
export function xpathStrings(source: { file: string } | { text: string }, expr: string): string[] {
  const src = 'file' in source ? { file: path.resolve(ROOT, source.file) } : source;
  const what = `xpathStrings(${expr})`;
  const n = xpathCount(src, expr, what);
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(xpathValue(src, `string((${expr})[${i}])`, what));
  return out;
}

/**
 * For rpc-style messages, whose part accessors (`<token>`, `<licenseOrder>`, `<return>`) are
 * local no-namespace elements typed by the WSDL message, not global elements: writes a
 * no-namespace schema beside `driver` declaring each part as a global element of its type,
 * so a part cut out with `elementAt` can be validated on its own. Returns its path.
 */
export function partsSchema(
  driver: string,
  parts: { name: string; typeNamespace: string; typeName: string; nillable?: boolean }[],
): string {
  const namespaces = [...new Set(parts.map((p) => p.typeNamespace))];
  const prefixOf = (ns: string): string => (ns === XSD_NS ? 'xs' : `t${namespaces.indexOf(ns)}`);
  const decls = namespaces.filter((ns) => ns !== XSD_NS).map((ns) => ` xmlns:${prefixOf(ns)}="${escapeAttr(ns)}"`).join('');
  // The driver first (it loads every namespace), then location-less imports that the XSD rules
  // require before this schema may refer to those namespaces.
  const imports = [
    `  <xs:import namespace="${DRIVER_NS}" schemaLocation="${path.basename(driver)}"/>`,
    ...namespaces.filter((ns) => ns !== XSD_NS).map((ns) => `  <xs:import namespace="${escapeAttr(ns)}"/>`),
  ];
  const elements = parts.map(
    (p) => `  <xs:element name="${p.name}" type="${prefixOf(p.typeNamespace)}:${p.typeName}"${p.nillable ? ' nillable="true"' : ''}/>`,
  );
  const file = path.join(path.dirname(driver), `parts-${parts.map((p) => p.name).join('-')}.xsd`);
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="${XSD_NS}"${decls}>\n${imports.join('\n')}\n${elements.join('\n')}\n</xs:schema>\n`,
  );
  return file;
}

/**
 * The first element child of the SOAP Body (SOAP 1.1 or 1.2) as a standalone XML document.
 * Every namespace declaration in scope at that element is copied onto it: QName-valued content
 * such as `xsi:type="xsd:int"` uses prefixes the XML itself never mentions in element names,
 * so "the declarations it uses" is safest taken as all of them.
 */
export function soapBodyPayload(envelopeXml: string): string {
  const what = 'soapBodyPayload';
  const src = { text: envelopeXml };
  const root = xpathValue(src, 'concat(namespace-uri(/*), " ", local-name(/*))', what);
  const [envNs, envName] = root.split(' ');
  if (envName !== 'Envelope' || (envNs !== SOAP11_ENV && envNs !== SOAP12_ENV)) {
    throw new Error(`${what}: root element is {${envNs}}${envName}, expected a SOAP 1.1 or 1.2 Envelope`);
  }
  const body = `/*/*[namespace-uri()="${envNs}" and local-name()="Body"]`;
  const bodies = xpathCount(src, body, what);
  if (bodies !== 1) throw new Error(`${what}: expected exactly one soap Body, found ${bodies}`);
  const payload = `${body}/*[1]`;
  const xml = xpathNodes(src, payload, what);
  if (!xml.trim()) throw new Error(`${what}: the soap Body has no element child`);
  const ns = inScopeNamespaces(src, payload, what);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${decorateStartTag(xml.trim(), ns)}\n`;
}

/** Reads a file relative to the repository root. */
export function readRepoFile(rel: string): string {
  return fs.readFileSync(path.resolve(ROOT, rel), 'utf8');
}
