/** Expressions that write a value of a model type as XML text. */
import type { DocumentRef, ScalarRef, TypeRef } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { stringLiteral } from '../../ts.ts';
import { CodecContext, documentKey } from './context.ts';
import { codecNames } from './names.ts';

/** Writes one map entry as an element named by its key (no namespace, like the container's children). */
export function mapEntryWrite(entry: string, value: string, index: ModelIndex): string {
  const open = `(dns === '' ? '' : ' xmlns=""')`;
  if (index.scalar({ kind: 'named', name: entry })) return `'<' + key + ${open} + '>' + ${escapedScalar({ kind: 'named', name: entry }, value, index)} + '</' + key + '>'`;
  return `${codecNames.encode(entry)}(${value}, key, ${open}, '')`;
}

/** The local variable holding {@link childOpen} for a namespace inside an encoder. */
export function openVar(ns: CodecContext, childNs: string): string {
  return `open${ns.constant(childNs)}`;
}

/** Start-tag text that switches the default namespace when the child's differs from the parent's (`dns`). */
export function childOpen(ns: CodecContext, childNs: string, parentDns = 'dns'): string {
  return `(${parentDns} === ${ns.constant(childNs)} ? '' : ${stringLiteral(` xmlns="${childNs}"`)})`;
}

/**
 * An expression producing the XML of one element `local` holding `value`;
 * `open` is start-tag text and `innerDns` the default namespace inside it.
 */
export function elementWrite(type: TypeRef, value: string, local: string, open: string, innerDns: string, index: ModelIndex, ns: CodecContext, typed: boolean): string {
  const scalar = index.scalar(type);
  if (scalar) {
    const xsiType = typed && scalar.xsdType ? stringLiteral(` xsi:type="xsd:${scalar.xsdType}"`) + ' + ' : '';
    return `'<${local}' + ${open} + ${xsiType}'>' + ${escapedScalar(type, value, index)} + '</${local}>'`;
  }
  switch (type.kind) {
    case 'named': {
      const named = index.type(type.name);
      if (named.kind === 'union') return `'<${local}' + ${open} + '>' + ${codecNames.encode(type.name)}(${value}) + '</${local}>'`;
      const polymorphic = index.polymorphic(type.name);
      if (polymorphic) return `${codecNames.encode(polymorphic.polymorphism.union)}(${value}, '${local}', ${open}, ${innerDns})`;
      return `${codecNames.encode(type.name)}(${value}, '${local}', ${open}, ${innerDns})`;
    }
    case 'document': {
      const content = type.orText ? `${value}.document` : value;
      let doc = type.list ? `${content}.map(${documentWriter(type)}).join('')` : `${documentWriter(type)}(${content})`;
      // cg:documentOrText (strings only, so always inside escapeText): the text variant is written as it is, escaped like the document.
      if (type.orText) doc = `'text' in ${value} ? ${value}.text : ${doc}`;
      return `'<${local}' + ${open} + '>' + ${type.carrier === 'string' ? `escapeText(${doc})` : doc} + '</${local}>'`;
    }
    case 'unknown': { // xs:anyType: the caller gives the content (see ANY_CONTENT); the element is ours to write
      const content = `(typeof ${value} === 'string' ? escapeText(${value}) : ${value}.map((child) => serializeElement(child, ${innerDns})).join(''))`;
      return `'<${local}' + ${open} + '>' + ${content} + '</${local}>'`;
    }
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

/** Numbers and booleans never contain markup characters; everything else is escaped. */
export function needsEscape(type: TypeRef, index: ModelIndex): boolean {
  if (type.kind === 'named' && index.type(type.name).kind === 'union') return false; // the union's writer escapes
  const kind = index.scalar(type)?.scalar;
  return kind !== 'int' && kind !== 'double' && kind !== 'boolean';
}

export function escapedScalar(type: TypeRef, value: string, index: ModelIndex): string {
  const text = scalarText(type, value, index);
  return needsEscape(type, index) ? `escapeText(${text})` : text;
}

/** An expression turning a scalar value into its lexical form. */
export function scalarText(type: TypeRef, value: string, index: ModelIndex): string {
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
