/**
 * The codec emitter: schema-directed XML encode/decode functions, one pair per
 * named type, per inner-document root and per SOAP message.
 *
 * Encoders build strings in xs:sequence order and declare only the default
 * namespace (`xmlns="…"`) when a child's namespace differs from its parent's,
 * so output matches what asmx and most stacks send. rpc/encoded messages add
 * `xsi:type` and `SOAP-ENC:arrayType` with prefixes the envelope declares.
 * Decoders walk the parsed tree once, ignore unknown children (vendors add
 * fields) and leave presence and facet checks to the validators.
 */
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';
import type { ApiModel, DocumentRef, Field, NamedType, ObjectType, QName, ScalarRef, SoapMessage, SoapOperation, TypeRef } from '../../model/model.ts';
import { ModelIndex } from '../../model/lookup.ts';
import { ANY_PROPERTY, ENTRIES_PROPERTY, TEXT_PROPERTY } from '../types.ts';
import { qualifiedTypeExpr, typeExpr } from '../type-expr.ts';
import { generatedHeader, printSourceFile, propertyAccess, stringLiteral, type EmittedFile } from '../ts.ts';
import { soapOperations } from './operations.ts';

const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

/** Names of the generated functions, shared with the client and server emitters. */
export const codecNames = {
  decode: (type: string) => `decode${type}`,
  encode: (type: string) => `encode${type}`,
  decodeDocument: (element: string) => `decode${element}Document`,
  encodeDocument: (element: string) => `encode${element}Document`,
  // "Body": the content of soap:Body, a name no schema type is likely to take.
  decodeInput: (operation: string) => `decode${operation}RequestBody`,
  encodeInput: (operation: string) => `encode${operation}RequestBody`,
  decodeOutput: (operation: string) => `decode${operation}ResponseBody`,
  encodeOutput: (operation: string) => `encode${operation}ResponseBody`,
};

/** Namespace URIs get constants and, for rpc/encoded, stable prefixes. */
class CodecContext {
  /** Distinct root lists of multi-root documents: each gets a dispatching reader and writer. */
  readonly multiRoots = new Map<string, string[]>();

  constructor(api: ApiModel, encoded: Set<string>) {
    this.constant('');
    const visit = (ref: TypeRef): void => {
      if (ref.kind === 'document' && ref.roots.length > 1) this.multiRoots.set(ref.roots.join('Or'), ref.roots);
      if (ref.kind === 'array') visit(ref.items);
    };
    for (const type of api.types) {
      if (type.kind === 'object') {
        for (const field of type.fields) {
          this.constant(field.xml?.ns ?? '');
          if (field.xml?.node === 'attribute' && field.xml.ns) this.prefix(field.xml.ns);
          visit(field.type);
        }
      } else if (type.kind === 'element') {
        this.constant(type.element.ns);
        visit(type.type);
      }
      if (encoded.has(type.name) && (type.kind === 'object' || type.kind === 'array') && type.xml?.typeName) this.prefix(type.xml.typeName.ns);
      if (encoded.has(type.name) && type.kind === 'array' && type.xml?.soapArrayItem) this.prefix(type.xml.soapArrayItem.ns);
    }
    for (const op of soapOperations(api)) {
      for (const message of [op.input, op.output]) {
        if (!message) continue;
        this.constant(message.element.ns);
        if (op.style === 'rpc' && message.element.ns) this.prefix(message.element.ns);
        visit(message.type);
      }
    }
  }

  private readonly constants = new Map<string, string>();
  readonly prefixes = new Map<string, string>();

  constant(uri: string): string {
    let name = this.constants.get(uri);
    if (!name) {
      name = `NS${this.constants.size}`;
      this.constants.set(uri, name);
    }
    return name;
  }

  prefix(uri: string): string {
    if (uri === XSD_NS) return 'xsd';
    let prefix = this.prefixes.get(uri);
    if (!prefix) {
      prefix = `ns${this.prefixes.size + 1}`;
      this.prefixes.set(uri, prefix);
    }
    return prefix;
  }

  declarations(): string[] {
    return [...this.constants].map(([uri, name]) => `const ${name} = ${stringLiteral(uri)};`);
  }
}

/** Emits `codec.ts` for a SOAP API. */
export function emitCodec(api: ApiModel): EmittedFile {
  const index = new ModelIndex(api);
  const encoded = encodedTypes(api, index);
  const documents = documentCodecs(api);
  // Writers run when the file is printed, after the constants: register every name they will use first.
  const ns = new CodecContext(api, encoded);
  const functions: WriterFunction[] = [];
  for (const type of api.types) functions.push(...typeCodec(type, index, ns, encoded));
  for (const [key, codec] of documents) functions.push(documentDecoder(key, codec, index, ns), documentEncoder(key, codec, index, ns));
  for (const operation of soapOperations(api)) functions.push(...messageCodec(operation, index, ns));
  for (const [key, roots] of [...ns.multiRoots].sort(([a], [b]) => a.localeCompare(b))) functions.push(multiRootCodec(key, roots, index));
  const prefixes = [...ns.prefixes].sort((a, b) => a[1].localeCompare(b[1]));
  const prefixMap: WriterFunction = (w) => {
    w.writeLine('/** Prefixes that rpc/encoded envelopes declare for `xsi:type` values and wrappers. */');
    w.write('export const ENCODED_NAMESPACES: Record<string, string> = ').inlineBlock(() => {
      w.writeLine(`xsi: 'http://www.w3.org/2001/XMLSchema-instance',`);
      w.writeLine(`xsd: '${XSD_NS}',`);
      w.writeLine(`'SOAP-ENC': 'http://schemas.xmlsoap.org/soap/encoding/',`);
      for (const [uri, prefix] of prefixes) w.writeLine(`${prefix}: ${stringLiteral(uri)},`);
    });
    w.write(';');
  };
  return printSourceFile('codec.ts', generatedHeader(api.source, `XML encoders and decoders for the ${api.title} API.`), [
    `import { escapeAttr, escapeText, isNil, parseXml, serializeElement, type XmlElement } from '../runtime/xml.js';`,
    `import { DecodeError, readBoolean, readDate, readDateTime, readDecimal, readDouble, readInt, readLong, writeDouble } from '../runtime/values.js';`,
    `import type * as T from './types.js';`,
    ...ns.declarations(),
    prefixMap,
    ...functions,
    firstElementHelper,
  ]);
}

/** Where embedded documents come from: a carrier's first child element, a string, or a string holding several roots. */
const firstElementHelper: WriterFunction = (w) => {
  w.writeLine('/** The single child element that carries an embedded document. */');
  w.write('function firstElement(el: XmlElement, path: string): XmlElement').block(() => {
    w.writeLine('const first = el.children[0];');
    w.writeLine(`if (!first) throw new DecodeError(path, 'expected an XML document inside the element');`);
    w.writeLine('return first;');
  });
  w.blankLine();
  w.writeLine('/** Parses a document carried in a string; services answer plain text (an error message) in its place, which is reported as such. */');
  w.write('function parseDocument(text: string, path: string): XmlElement').block(() => {
    w.writeLine(`if (!text.trimStart().startsWith('<')) throw new DecodeError(path, 'expected an XML document, got text: ' + JSON.stringify(text.slice(0, 200)));`);
    w.writeLine('return parseXml(text);');
  });
  w.blankLine();
  w.writeLine('/** Parses a string holding several root elements one after another (an XML fragment). */');
  w.write('function parseFragment(text: string, path: string): XmlElement[]').block(() => {
    w.writeLine(`const body = text.replace(/^\\s*<\\?xml[^>]*\\?>/, '');`);
    w.writeLine(`if (body.trim() !== '' && !body.trimStart().startsWith('<')) throw new DecodeError(path, 'expected XML elements, got text: ' + JSON.stringify(body.slice(0, 200)));`);
    w.writeLine(`return parseXml('<fragment>' + body + '</fragment>').children;`);
  });
};

/** A document codec: a root element, optionally read and written as a derived content type (`cg:documentType`). */
interface DocumentCodec {
  element: string;
  content?: TypeRef;
}

/** The function-name stem of a document codec: `LicenseAddElement`, `DataElementAsGetLicenseCodeData`. */
function documentKey(element: string, content: TypeRef | undefined): string {
  return content?.kind === 'named' ? `${element}As${content.name}` : element;
}

/** Every document codec that a `cg:document` link needs, by key, in discovery order. */
function documentCodecs(api: ApiModel): Map<string, DocumentCodec> {
  const out = new Map<string, DocumentCodec>();
  const visit = (ref: TypeRef): void => {
    if (ref.kind === 'document') {
      if (ref.roots.length === 1) out.set(documentKey(ref.roots[0]!, ref.contentType), { element: ref.roots[0]!, content: ref.contentType });
      else for (const root of ref.roots) out.set(root, { element: root });
    } else if (ref.kind === 'array') visit(ref.items);
    else if (ref.kind === 'union') ref.members.forEach(visit);
  };
  for (const type of api.types) {
    if (type.kind === 'object') type.fields.forEach((f) => visit(f.type));
    else if (type.kind === 'element') visit(type.type);
  }
  return out;
}

/** Types reachable from rpc/encoded messages: their encoders write `xsi:type`. */
function encodedTypes(api: ApiModel, index: ModelIndex): Set<string> {
  const out = new Set<string>();
  const visit = (ref: TypeRef): void => {
    if (ref.kind === 'array') return visit(ref.items);
    if (ref.kind === 'union') return ref.members.forEach(visit);
    if (ref.kind !== 'named' || out.has(ref.name)) return;
    out.add(ref.name);
    const type = index.type(ref.name);
    if (type.kind === 'object') {
      type.fields.forEach((f) => visit(f.type));
      if (type.base) visit({ kind: 'named', name: type.base });
    } else if (type.kind === 'array') visit(type.type.items);
  };
  for (const op of soapOperations(api)) {
    if (op.use !== 'encoded') continue;
    visit(op.input.type);
    if (op.output) visit(op.output.type);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Per named type

function typeCodec(type: NamedType, index: ModelIndex, ns: CodecContext, encoded: Set<string>): WriterFunction[] {
  switch (type.kind) {
    case 'object':
      return [objectDecoder(type, index, ns), objectEncoder(type, index, ns, encoded.has(type.name))];
    case 'array':
      return [arrayDecoder(type.name, type.type.items, index, ns), arrayEncoder(type, index, ns)];
    case 'union':
      return [unionCodec(type, index)];
    case 'element': // elements get codecs only as documents (documentCodecs) or message wrappers
    case 'scalar':
      return []; // scalars are read and written inline where they are used
  }
}

/** All fields of an object including inherited ones, base first (sequence order). */
function allFields(type: ObjectType, index: ModelIndex): Field[] {
  const base = type.base ? index.type(type.base) : undefined;
  return [...(base?.kind === 'object' ? allFields(base, index) : []), ...type.fields];
}

function objectDecoder(type: ObjectType, index: ModelIndex, ns: CodecContext): WriterFunction {
  const fields = allFields(type, index);
  const text = type.text ?? (type.base ? inheritedText(type, index) : undefined);
  return (w) => {
    w.writeLine(`/** Reads a \`${type.name}\` from its element. */`);
    w.write(`export function ${codecNames.decode(type.name)}(el: XmlElement, path: string): T.${type.name}`).block(() => {
      if (type.mapEntry && fields.length === 0 && !type.base) {
        w.writeLine(`const out: T.${type.name} = Object.create(null);`);
        w.write('for (const child of el.children)').block(() => {
          w.writeLine(`out[child.local] = ${mapEntryRead(type.mapEntry!, index, ns)};`);
        });
        w.writeLine('return out;');
        return;
      }
      w.writeLine(`const out = {} as T.${type.name};`);
      for (const field of fields.filter((f) => f.xml?.node === 'attribute')) {
        const key = attributeKey(field);
        w.writeLine(`const ${localVar(field)} = el.attrs[${stringLiteral(key)}];`);
        w.writeLine(`if (${localVar(field)} !== undefined) ${propertyAccess('out', field.name)} = ${scalarRead(field.type, localVar(field), pathExpr(field), index)};`);
      }
      if (text && type.xml?.mixed) w.writeLine(`if (el.text.trim() !== '') ${propertyAccess('out', TEXT_PROPERTY)} = el.text;`);
      else if (text) w.writeLine(`${propertyAccess('out', TEXT_PROPERTY)} = ${scalarRead(text, 'el.text', 'path', index)};`);
      const elements = fields.filter((f) => f.xml?.node !== 'attribute');
      const catchAll = type.mapEntry ? 'map' : type.rest ? 'any' : undefined;
      if (elements.length || catchAll) {
        w.write('for (const child of el.children)').block(() => {
          if (elements.length) {
            const namespaces = new Set(elements.map((f) => f.xml?.ns ?? ''));
            // Usually every child shares one namespace: test it once, then switch on the name.
            // Unqualified children are also accepted qualified: stacks differ (node-soap qualifies rpc accessors).
            const only = namespaces.size === 1 && !catchAll ? [...namespaces][0]! : undefined;
            const shared = only !== undefined ? ns.constant(only) : undefined;
            if (only) w.writeLine(`if (child.ns !== ${shared}) continue;`);
            w.write('switch (child.local)').block(() => {
              const byLocal = new Map<string, Field[]>();
              for (const f of elements) byLocal.set(f.xml?.local ?? f.name, [...(byLocal.get(f.xml?.local ?? f.name) ?? []), f]);
              for (const [local, group] of byLocal) {
                w.writeLine(`case ${stringLiteral(local)}:`);
                w.indent(() => {
                  if (shared) {
                    assignField(w, group[0]!, index, ns);
                    w.writeLine('continue;');
                    return;
                  }
                  for (const f of group) {
                    if (group.length === 1 && !f.xml?.ns) {
                      assignField(w, f, index, ns);
                      w.writeLine('continue;');
                      return;
                    }
                    w.write(`if (child.ns === ${ns.constant(f.xml?.ns ?? '')})`).block(() => {
                      assignField(w, f, index, ns);
                      w.writeLine('continue;');
                    });
                  }
                  w.writeLine('break;');
                });
              }
            });
          }
          if (catchAll === 'map') {
            w.writeLine(`const entries = (${propertyAccess('out', ENTRIES_PROPERTY)} ??= Object.create(null) as Record<string, T.${type.mapEntry}>);`);
            w.writeLine(`entries[child.local] = ${mapEntryRead(type.mapEntry!, index, ns)};`);
          } else if (catchAll === 'any') w.writeLine(`(${propertyAccess('out', ANY_PROPERTY)} ??= []).push(child);`);
        });
      }
      w.writeLine('return out;');
    });
  };
}

/** Reads one map entry (element `child`, keyed by its name): an object entry or a scalar one. */
function mapEntryRead(entry: string, index: ModelIndex, ns: CodecContext): string {
  return elementRead({ kind: 'named', name: entry }, 'child', "path + '/' + child.local", index, ns);
}

/** Writes one map entry as an element named by its key (no namespace, like the container's children). */
function mapEntryWrite(entry: string, value: string, index: ModelIndex): string {
  const open = `(dns === '' ? '' : ' xmlns=""')`;
  if (index.scalar({ kind: 'named', name: entry })) return `'<' + key + ${open} + '>' + ${escapedScalar({ kind: 'named', name: entry }, value, index)} + '</' + key + '>'`;
  return `${codecNames.encode(entry)}(${value}, key, ${open}, '')`;
}

function inheritedText(type: ObjectType, index: ModelIndex): TypeRef | undefined {
  const base = type.base ? index.type(type.base) : undefined;
  if (base?.kind !== 'object') return undefined;
  return base.text ?? inheritedText(base, index);
}

function attributeKey(field: Field): string {
  return field.xml?.ns ? `{${field.xml.ns}}${field.xml.local}` : (field.xml?.local ?? field.name);
}

function localVar(field: Field): string {
  return `a_${field.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

function pathExpr(field: Field): string {
  return `path + ${stringLiteral(`/${field.name}`)}`;
}

/** `out.x = …` (or push for repeated fields) for one child element. */
function assignField(w: CodeBlockWriter, field: Field, index: ModelIndex, ns: CodecContext): void {
  const target = propertyAccess('out', field.name);
  const childPath = field.repeated ? `${pathExpr(field)} + '/' + (${target}?.length ?? 0)` : pathExpr(field);
  let value = elementRead(field.type, 'child', childPath, index, ns);
  if (field.nullable) value = `isNil(child) ? null : ${value}`;
  if (field.repeated) w.writeLine(`(${target} ??= []).push(${value});`);
  else w.writeLine(`${target} = ${value};`);
}

/** An expression reading a value of `type` from element `el`. */
function elementRead(type: TypeRef, el: string, path: string, index: ModelIndex, ns: CodecContext): string {
  const scalar = index.scalar(type);
  if (scalar) return scalarRead(type, `${el}.text`, path, index);
  switch (type.kind) {
    case 'named': {
      const named = index.type(type.name);
      if (named.kind === 'union') return `${codecNames.decode(type.name)}(${el}.text, ${path})`;
      return `${codecNames.decode(type.name)}(${el}, ${path})`;
    }
    case 'array':
      return `${el}.children.map((item, i) => ${elementRead(type.items, 'item', `${path} + '/' + i`, index, ns)})`;
    case 'document': {
      if (type.list) return `parseFragment(${el}.text, ${path}).map((root, i) => ${documentReader(type)}(root, ${path} + '/' + i))`;
      const source = type.carrier === 'string' ? `parseDocument(${el}.text, ${path})` : `firstElement(${el}, ${path})`;
      return `${documentReader(type)}(${source}, ${path})`;
    }
    case 'unknown':
      return el;
    case 'union':
    case 'literal':
      return `${el}.text as never`;
    case 'scalar':
      return scalarRead(type, `${el}.text`, path, index);
  }
}

function documentReader(ref: DocumentRef): string {
  if (ref.roots.length === 1) return codecNames.decodeDocument(documentKey(ref.roots[0]!, ref.contentType));
  return `decodeDocumentOf${ref.roots.join('Or')}`;
}

/** An expression converting lexical text to the scalar's TypeScript value. */
function scalarRead(type: TypeRef, text: string, path: string, index: ModelIndex): string {
  if (type.kind === 'named' && index.type(type.name).kind === 'union') return `${codecNames.decode(type.name)}(${text}, ${path})`;
  const scalar = index.scalar(type) as ScalarRef;
  const cast = type.kind === 'named' || scalar.facets?.enumeration ? ` as ${type.kind === 'named' ? `T.${type.name}` : typeExpr(scalar, index)}` : '';
  switch (scalar.scalar) {
    case 'int':
      return `readInt(${text}, ${path})${cast}`;
    case 'double':
      return `readDouble(${text}, ${path})${cast}`;
    case 'long':
      return `readLong(${text}, ${path})${cast}`;
    case 'decimal':
      return `readDecimal(${text}, ${path})${cast}`;
    case 'boolean':
      return `readBoolean(${text}, ${path})${cast}`;
    case 'date':
      return `readDate(${text}, ${path})${cast}`;
    case 'dateTime':
      return `readDateTime(${text}, ${path})${cast}`;
    default:
      return `${text}${cast}`;
  }
}

function objectEncoder(type: ObjectType, index: ModelIndex, ns: CodecContext, typed: boolean): WriterFunction {
  const fields = allFields(type, index);
  const text = type.text ?? inheritedText(type, index);
  const xsiType = typed && type.xml?.typeName ? ` xsi:type="${ns.prefix(type.xml.typeName.ns)}:${type.xml.typeName.local}"` : '';
  return (w) => {
    w.writeLine(`/**\n * Writes a \`${type.name}\` as element \`tag\`; \`open\` holds extra start-tag text (a namespace declaration)\n * and \`dns\` is the default namespace in force inside the element.\n */`);
    w.write(`export function ${codecNames.encode(type.name)}(v: T.${type.name}, tag: string, open: string, dns: string): string`).block(() => {
      w.writeLine(`let s = '<' + tag + open${xsiType ? ` + ${stringLiteral(xsiType)}` : ''};`);
      if (type.mapEntry && fields.length === 0 && !type.base) {
        w.writeLine(`s += '>';`);
        w.writeLine(`for (const key of Object.keys(v)) s += ${mapEntryWrite(type.mapEntry, 'v[key]!', index)};`);
        w.writeLine(`return s + '</' + tag + '>';`);
        return;
      }
      for (const field of fields.filter((f) => f.xml?.node === 'attribute')) {
        const value = propertyAccess('v', field.name);
        const name = field.xml?.ns ? `${ns.prefix(field.xml.ns)}:${field.xml.local}` : (field.xml?.local ?? field.name);
        const decl = field.xml?.ns ? ` + ' xmlns:${ns.prefix(field.xml.ns)}="' + ${ns.constant(field.xml.ns)} + '"'` : '';
        w.writeLine(`if (${value} !== undefined) s += ${decl ? `''${decl} + ` : ''}' ${name}="' + ${needsEscape(field.type, index) ? `escapeAttr(${scalarText(field.type, value, index)})` : scalarText(field.type, value, index)} + '"';`);
      }
      w.writeLine(`s += '>';`);
      if (text && type.xml?.mixed) w.writeLine(`if (${propertyAccess('v', TEXT_PROPERTY)} !== undefined) s += escapeText(${propertyAccess('v', TEXT_PROPERTY)});`);
      else if (text) w.writeLine(`s += ${escapedScalar(text, propertyAccess('v', TEXT_PROPERTY), index)};`);
      const elementFields = fields.filter((f) => f.xml?.node !== 'attribute');
      // One namespace switch per distinct child namespace, computed once per call.
      for (const childNs of new Set(elementFields.map((f) => f.xml?.ns ?? ''))) w.writeLine(`const ${openVar(ns, childNs)} = ${childOpen(ns, childNs)};`);
      for (const field of elementFields) writeField(w, field, index, ns, typed);
      if (type.mapEntry) {
        w.writeLine(`const entries = ${propertyAccess('v', ENTRIES_PROPERTY)};`);
        w.writeLine(`if (entries) for (const key of Object.keys(entries)) s += ${mapEntryWrite(type.mapEntry, 'entries[key]!', index)};`);
      } else if (type.rest) w.writeLine(`for (const child of ${propertyAccess('v', ANY_PROPERTY)} ?? []) s += serializeElement(child);`);
      w.writeLine(`return s + '</' + tag + '>';`);
    });
  };
}

/** Appends one element field (all occurrences) to `s`. */
function writeField(w: CodeBlockWriter, field: Field, index: ModelIndex, ns: CodecContext, typed: boolean): void {
  const value = propertyAccess('v', field.name);
  const local = field.xml?.local ?? field.name;
  const childNs = field.xml?.ns ?? '';
  const open = openVar(ns, childNs);
  const one = (item: string) => elementWrite(field.type, item, local, open, ns.constant(childNs), index, ns, typed);
  const nil = `'<${local}' + ${open} + ' xsi:nil="true"/>'`;
  const emitOne = (item: string) => (field.nullable ? `${item} === null ? ${nil} : ${one(item)}` : one(item));
  if (field.repeated) {
    w.writeLine(`if (${value} !== undefined) for (const item of ${value}) s += ${emitOne('item')};`);
  } else if (field.required && !field.nullable) {
    w.writeLine(`s += ${one(value)};`);
  } else {
    w.writeLine(`if (${value} !== undefined) s += ${emitOne(value)};`);
  }
}

/** The local variable holding {@link childOpen} for a namespace inside an encoder. */
function openVar(ns: CodecContext, childNs: string): string {
  return `open${ns.constant(childNs)}`;
}

/** Start-tag text that switches the default namespace when the child's differs from the parent's (`dns`). */
function childOpen(ns: CodecContext, childNs: string, parentDns = 'dns'): string {
  return `(${parentDns} === ${ns.constant(childNs)} ? '' : ${stringLiteral(` xmlns="${childNs}"`)})`;
}

/**
 * An expression producing the XML of one element `local` holding `value`;
 * `open` is start-tag text and `innerDns` the default namespace inside it.
 */
function elementWrite(type: TypeRef, value: string, local: string, open: string, innerDns: string, index: ModelIndex, ns: CodecContext, typed: boolean): string {
  const scalar = index.scalar(type);
  if (scalar) {
    const xsiType = typed && scalar.xsdType ? stringLiteral(` xsi:type="xsd:${scalar.xsdType}"`) + ' + ' : '';
    return `'<${local}' + ${open} + ${xsiType}'>' + ${escapedScalar(type, value, index)} + '</${local}>'`;
  }
  switch (type.kind) {
    case 'named': {
      const named = index.type(type.name);
      if (named.kind === 'union') return `'<${local}' + ${open} + '>' + ${codecNames.encode(type.name)}(${value}) + '</${local}>'`;
      return `${codecNames.encode(type.name)}(${value}, '${local}', ${open}, ${innerDns})`;
    }
    case 'document': {
      const doc = type.list ? `${value}.map(${documentWriter(type)}).join('')` : `${documentWriter(type)}(${value})`;
      return `'<${local}' + ${open} + '>' + ${type.carrier === 'string' ? `escapeText(${doc})` : doc} + '</${local}>'`;
    }
    case 'unknown':
      return `serializeElement(${value})`;
    case 'array':
      return `'<${local}' + ${open} + '>' + ${value}.map((item) => ${elementWrite(type.items, 'item', 'item', childOpen(ns, '', innerDns), ns.constant(''), index, ns, typed)}).join('') + '</${local}>'`;
    default:
      return `'<${local}' + ${open} + '>' + escapeText(String(${value})) + '</${local}>'`;
  }
}

function documentWriter(ref: DocumentRef): string {
  if (ref.roots.length === 1) return codecNames.encodeDocument(documentKey(ref.roots[0]!, ref.contentType));
  return `encodeDocumentOf${ref.roots.join('Or')}`;
}

/** Reader and writer for a document that may have one of several roots: a single-key object names the root. */
function multiRootCodec(key: string, roots: string[], index: ModelIndex): WriterFunction {
  const elements = roots.map((r) => index.element(r));
  const union = elements.map((e) => `{ ${stringLiteral(e.element.local)}: ${qualifiedTypeExpr(e.type, index, 'T')} }`).join(' | ');
  return (w) => {
    w.writeLine(`/** Reads a document whose root is one of ${elements.map((e) => `\`${e.element.local}\``).join(', ')}. */`);
    w.write(`function decodeDocumentOf${key}(root: XmlElement, path: string): ${union}`).block(() => {
      w.write('switch (root.local)').block(() => {
        for (const e of elements) w.writeLine(`case ${stringLiteral(e.element.local)}: return { ${stringLiteral(e.element.local)}: ${codecNames.decodeDocument(e.name)}(root, path) };`);
      });
      w.writeLine(`throw new DecodeError(path, ${stringLiteral(`expected one of ${elements.map((e) => e.element.local).join(', ')}, found `)} + root.local);`);
    });
    w.blankLine();
    w.writeLine('/** Writes whichever root the single key names. */');
    w.write(`function encodeDocumentOf${key}(v: ${union}): string`).block(() => {
      for (const e of elements) w.writeLine(`if (${stringLiteral(e.element.local)} in v) return ${codecNames.encodeDocument(e.name)}(v[${stringLiteral(e.element.local)}]);`);
      w.writeLine(`throw new TypeError('document value names no known root element');`);
    });
  };
}

/** Numbers and booleans never contain markup characters; everything else is escaped. */
function needsEscape(type: TypeRef, index: ModelIndex): boolean {
  if (type.kind === 'named' && index.type(type.name).kind === 'union') return false; // the union's writer escapes
  const kind = index.scalar(type)?.scalar;
  return kind !== 'int' && kind !== 'double' && kind !== 'boolean';
}

function escapedScalar(type: TypeRef, value: string, index: ModelIndex): string {
  const text = scalarText(type, value, index);
  return needsEscape(type, index) ? `escapeText(${text})` : text;
}

/** An expression turning a scalar value into its lexical form. */
function scalarText(type: TypeRef, value: string, index: ModelIndex): string {
  if (type.kind === 'named' && index.type(type.name).kind === 'union') return `${codecNames.encode(type.name)}(${value})`;
  const scalar = index.scalar(type) as ScalarRef;
  switch (scalar.scalar) {
    case 'boolean':
      return `(${value} ? 'true' : 'false')`;
    case 'double':
      return `writeDouble(${value})`;
    case 'int':
      return `String(${value})`;
    default:
      return value;
  }
}

// ---------------------------------------------------------------------------
// Unions of simple types (xs:union): the first member whose lexical space holds the text wins

/** Lexical tests for the scalar kinds a union member can have, tried in member order. */
const LEXICAL: Partial<Record<string, string>> = {
  int: '/^\\s*[+-]?\\d+\\s*$/',
  long: '/^\\s*[+-]?\\d+\\s*$/',
  decimal: '/^\\s*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)\\s*$/',
  double: '/^\\s*([+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|-?INF|NaN)\\s*$/',
  boolean: '/^\\s*(true|false|1|0)\\s*$/',
  date: '/^\\s*-?\\d{4,}-\\d{2}-\\d{2}(Z|[+-]\\d{2}:\\d{2})?\\s*$/',
  dateTime: '/^\\s*-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?\\s*$/',
};

function unionCodec(type: Extract<NamedType, { kind: 'union' }>, index: ModelIndex): WriterFunction {
  return (w) => {
    w.writeLine(`/** Reads a \`${type.name}\` (xs:union): the first member type whose lexical space holds the text. */`);
    w.write(`export function ${codecNames.decode(type.name)}(text: string, path: string): T.${type.name}`).block(() => {
      let catchAll = false;
      for (const member of type.members) {
        const scalar = index.scalar(member);
        if (!scalar || catchAll) continue;
        const values = scalar.facets?.enumeration;
        const read = scalarRead(member, 'text', 'path', index);
        const lexical = scalar.scalar === 'string' ? 'text' : 'text.trim()';
        if (values?.length) w.writeLine(`if ([${values.map((v) => stringLiteral(String(v.value))).join(', ')}].includes(${lexical})) return ${read};`);
        else if (LEXICAL[scalar.scalar]) w.writeLine(`if (${LEXICAL[scalar.scalar]}.test(text)) return ${read};`);
        else {
          w.writeLine(`return ${read};`);
          catchAll = true;
        }
      }
      if (!catchAll) w.writeLine(`throw new DecodeError(path, ${stringLiteral(`'`)} + text + ${stringLiteral(`' is not a valid ${type.name}`)});`);
    });
    w.blankLine();
    w.writeLine(`/** Writes a \`${type.name}\` in its lexical form. */`);
    w.write(`export function ${codecNames.encode(type.name)}(v: T.${type.name}): string`).block(() => {
      w.writeLine(`if (typeof v === 'number') return Number.isInteger(v) ? String(v) : writeDouble(v);`);
      w.writeLine(`if (typeof v === 'boolean') return v ? 'true' : 'false';`);
      w.writeLine('return escapeText(String(v));');
    });
  };
}

// ---------------------------------------------------------------------------
// SOAP-ENC arrays

function arrayDecoder(name: string, items: TypeRef, index: ModelIndex, ns: CodecContext): WriterFunction {
  return (w) => {
    w.writeLine(`/** Reads a \`${name}\` (SOAP-ENC array): every child element is an item, whatever its name. */`);
    w.write(`export function ${codecNames.decode(name)}(el: XmlElement, path: string): T.${name}`).block(() => {
      w.writeLine(`return el.children.map((item, i) => ${elementRead(items, 'item', "path + '/' + i", index, ns)});`);
    });
  };
}

function arrayEncoder(type: Extract<NamedType, { kind: 'array' }>, index: ModelIndex, ns: CodecContext): WriterFunction {
  const items = type.type.items;
  const itemQ: QName | undefined = type.xml?.soapArrayItem;
  const arrayQ = type.xml?.typeName;
  return (w) => {
    w.writeLine(`/** Writes a \`${type.name}\` as a SOAP-ENC array of \`item\` elements. */`);
    w.write(`export function ${codecNames.encode(type.name)}(v: T.${type.name}, tag: string, open: string, dns: string): string`).block(() => {
      const arrayType = itemQ ? `' SOAP-ENC:arrayType="${ns.prefix(itemQ.ns)}:${itemQ.local}[' + v.length + ']"'` : "''";
      const xsiType = arrayQ ? stringLiteral(` xsi:type="${ns.prefix(arrayQ.ns)}:${arrayQ.local}"`) : "''";
      w.writeLine(`let s = '<' + tag + open + ${xsiType} + ${arrayType} + '>';`);
      w.writeLine(`for (const item of v) s += ${elementWrite(items, 'item', 'item', childOpen(ns, ''), ns.constant(''), index, ns, true)};`);
      w.writeLine(`return s + '</' + tag + '>';`);
    });
  };
}

// ---------------------------------------------------------------------------
// Inner documents (global elements that a cg:document link names)

function documentDecoder(key: string, codec: DocumentCodec, index: ModelIndex, ns: CodecContext): WriterFunction {
  const element = index.element(codec.element);
  const q = element.element;
  const content = codec.content ?? element.type;
  return (w) => {
    w.writeLine(`/** Reads the \`${q.local}\` document${codec.content ? ` as \`${typeExpr(content, index)}\`` : ''} from its root element, checking the root's name. */`);
    w.write(`export function ${codecNames.decodeDocument(key)}(root: XmlElement, path: string): ${qualifiedTypeExpr(content, index, 'T')}`).block(() => {
      w.write(`if (root.local !== ${stringLiteral(q.local)} || root.ns !== ${ns.constant(q.ns)})`).block(() => {
        w.writeLine(`throw new DecodeError(path, ${stringLiteral(`expected a document {${q.ns}}${q.local}, found {`)} + root.ns + '}' + root.local);`);
      });
      w.writeLine(`return ${elementRead(content, 'root', 'path', index, ns)};`);
    });
  };
}

function documentEncoder(key: string, codec: DocumentCodec, index: ModelIndex, ns: CodecContext): WriterFunction {
  const element = index.element(codec.element);
  const q = element.element;
  const content = codec.content ?? element.type;
  // The root always states its namespace (xmlns="" too: a document carried as element content must not
  // inherit the service's). Declaring xsi/xsd, as .NET's serializer does, keeps xsi:nil inside valid.
  const open = ` xmlns="${q.ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="${XSD_NS}"`;
  return (w) => {
    w.writeLine(`/** Writes the \`${q.local}\` document (no XML declaration). */`);
    w.write(`export function ${codecNames.encodeDocument(key)}(v: ${qualifiedTypeExpr(content, index, 'T')}): string`).block(() => {
      w.writeLine(`return ${elementWrite(content, 'v', q.local, stringLiteral(open), ns.constant(q.ns), index, ns, false)};`);
    });
  };
}

// ---------------------------------------------------------------------------
// Messages

function messageCodec(operation: SoapOperation, index: ModelIndex, ns: CodecContext): WriterFunction[] {
  const out: WriterFunction[] = [messageDecoder(operation, operation.input, 'input', index, ns), messageEncoder(operation, operation.input, 'input', index, ns)];
  if (operation.output) out.push(messageDecoder(operation, operation.output, 'output', index, ns), messageEncoder(operation, operation.output, 'output', index, ns));
  return out;
}

function messageDecoder(operation: SoapOperation, message: SoapMessage, direction: 'input' | 'output', index: ModelIndex, ns: CodecContext): WriterFunction {
  const name = direction === 'input' ? codecNames.decodeInput(operation.name) : codecNames.decodeOutput(operation.name);
  const q = message.element;
  return (w) => {
    w.writeLine(`/** Reads the ${direction} of \`${operation.name}\` from the first element of soap:Body. */`);
    w.write(`export function ${name}(payload: XmlElement): ${qualifiedTypeExpr(message.type, index, 'T')}`).block(() => {
      w.write(`if (payload.local !== ${stringLiteral(q.local)}${operation.style === 'document' ? ` || payload.ns !== ${ns.constant(q.ns)}` : ''})`).block(() => {
        w.writeLine(`throw new DecodeError('/', ${stringLiteral(`expected {${q.ns}}${q.local}, found {`)} + payload.ns + '}' + payload.local);`);
      });
      w.writeLine(`return ${elementRead(message.type, 'payload', `''`, index, ns)};`);
    });
  };
}

function messageEncoder(operation: SoapOperation, message: SoapMessage, direction: 'input' | 'output', index: ModelIndex, ns: CodecContext): WriterFunction {
  const name = direction === 'input' ? codecNames.encodeInput(operation.name) : codecNames.encodeOutput(operation.name);
  const q = message.element;
  // rpc wrappers are prefixed (the envelope declares the prefix) so their unqualified parts need no xmlns="".
  const rpc = operation.style === 'rpc';
  const tag = rpc && q.ns ? `${ns.prefix(q.ns)}:${q.local}` : q.local;
  const open = rpc ? "''" : stringLiteral(q.ns ? ` xmlns="${q.ns}"` : '');
  const dns = rpc ? "''" : ns.constant(q.ns);
  return (w) => {
    w.writeLine(`/** Writes the ${direction} of \`${operation.name}\` as the content of soap:Body. */`);
    w.write(`export function ${name}(v: ${qualifiedTypeExpr(message.type, index, 'T')}): string`).block(() => {
      w.writeLine(`return ${elementWrite(message.type, 'v', tag, open, dns, index, ns, operation.use === 'encoded')};`);
    });
  };
}
