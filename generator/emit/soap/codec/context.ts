/** What the codec emitter learns about an API before printing: namespace constants and prefixes, document codecs, rpc/encoded types. */
import type { ApiModel, DocumentRef, TypeRef } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { stringLiteral } from '../../ts.ts';
import { soapOperations } from '../operations.ts';
import { XSD_NS } from './names.ts';

/** Namespace URIs get constants and, for rpc/encoded, stable prefixes. */
export class CodecContext {
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
        if (message.element) this.constant(message.element.ns);
        if (op.style === 'rpc' && message.element?.ns) this.prefix(message.element.ns);
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

/** A document codec: a root element, optionally read and written as a derived content type (`cg:documentType`). */
export interface DocumentCodec {
  element: string;
  content?: TypeRef;
}

/** The function-name stem of a document codec: `LicenseAddElement`, `DataElementAsGetLicenseCodeData`. */
export function documentKey(element: string, content: TypeRef | undefined): string {
  return content?.kind === 'named' ? `${element}As${content.name}` : element;
}

/** Calls `fn` on every `cg:document` reference of the model's fields and elements. */
function forEachDocumentRef(api: ApiModel, fn: (ref: DocumentRef) => void): void {
  const visit = (ref: TypeRef): void => {
    if (ref.kind === 'document') fn(ref);
    else if (ref.kind === 'array') visit(ref.items);
    else if (ref.kind === 'union') ref.members.forEach(visit);
  };
  for (const type of api.types) {
    if (type.kind === 'object') type.fields.forEach((f) => visit(f.type));
    else if (type.kind === 'element') visit(type.type);
  }
}

/** Every document codec that a `cg:document` link needs, by key, in discovery order. */
export function documentCodecs(api: ApiModel): Map<string, DocumentCodec> {
  const out = new Map<string, DocumentCodec>();
  forEachDocumentRef(api, (ref) => {
    if (ref.roots.length === 1) out.set(documentKey(ref.roots[0]!, ref.contentType), { element: ref.roots[0]!, content: ref.contentType });
    else for (const root of ref.roots) out.set(root, { element: root });
  });
  return out;
}

/** The runtime document readers (runtime/documents.ts) the codec calls, so it imports exactly those. */
export function documentReaders(api: ApiModel): string[] {
  const used = new Set<string>();
  forEachDocumentRef(api, (ref) => {
    used.add('expectRoot');
    if (ref.orText) used.add(ref.list ? 'readDocumentListOrText' : 'readDocumentOrText');
    else used.add(ref.list ? 'parseFragment' : ref.carrier === 'string' ? 'parseDocument' : 'firstElement');
  });
  return [...used].sort();
}

/** Types reachable from rpc/encoded messages: their encoders write `xsi:type`. */
export function encodedTypes(api: ApiModel, index: ModelIndex): Set<string> {
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
      for (const derived of type.polymorphism?.derived ?? []) visit({ kind: 'named', name: derived });
    } else if (type.kind === 'array') visit(type.type.items);
  };
  for (const op of soapOperations(api)) {
    if (op.use !== 'encoded') continue;
    visit(op.input.type);
    if (op.output) visit(op.output.type);
  }
  return out;
}
