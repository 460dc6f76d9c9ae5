/** Expressions that read a value of a model type from a parsed element or its text. */
import type { DocumentRef, ScalarRef, TypeRef } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { typeExpr } from '../../type-expr.ts';
import { stringLiteral } from '../../ts.ts';
import { CodecContext, documentKey } from './context.ts';
import { codecNames } from './names.ts';

/** Reads one map entry (element `child`, keyed by its name): an object entry or a scalar one. */
export function mapEntryRead(entry: string, index: ModelIndex, ns: CodecContext): string {
  return elementRead({ kind: 'named', name: entry }, 'child', "path + '/' + child.local", index, ns);
}

/** An expression reading a value of `type` from element `el`. */
export function elementRead(type: TypeRef, el: string, path: string, index: ModelIndex, ns: CodecContext): string {
  const scalar = index.scalar(type);
  if (scalar) return scalarRead(type, `${el}.text`, path, index);
  switch (type.kind) {
    case 'named': {
      const named = index.type(type.name);
      if (named.kind === 'union') return `${codecNames.decode(type.name)}(${el}.text, ${path})`;
      const polymorphic = index.polymorphic(type.name);
      if (polymorphic) return `${codecNames.decode(polymorphic.polymorphism.union)}(${el}, ${path})`;
      return `${codecNames.decode(type.name)}(${el}, ${path})`;
    }
    case 'array':
      return `${el}.children.map((item, i) => ${elementRead(type.items, 'item', `${path} + '/' + i`, index, ns)})`;
    case 'document': {
      if (type.orText) return `${type.list ? 'readDocumentListOrText' : 'readDocumentOrText'}(${el}.text, ${path}, ${documentRoots(type, index, ns)}, ${documentReader(type)})`;
      if (type.list) return `parseFragment(${el}.text, ${path}).map((root, i) => ${documentReader(type)}(root, ${path} + '/' + i))`;
      const source = type.carrier === 'string' ? `parseDocument(${el}.text, ${path})` : `firstElement(${el}, ${path})`;
      return `${documentReader(type)}(${source}, ${path})`;
    }
    case 'unknown': // xs:anyType: the content, not the element (see ANY_CONTENT)
      return `(${el}.children.length ? ${el}.children : ${el}.text)`;
    case 'union':
    case 'literal':
      return `${el}.text as never`;
    case 'scalar':
      return scalarRead(type, `${el}.text`, path, index);
  }
}

/** The roots a `cg:documentOrText` string may have, as `[namespace, local]` pairs. */
function documentRoots(ref: DocumentRef, index: ModelIndex, ns: CodecContext): string {
  return `[${ref.roots.map((r) => index.element(r).element).map((q) => `[${ns.constant(q.ns)}, ${stringLiteral(q.local)}]`).join(', ')}]`;
}

function documentReader(ref: DocumentRef): string {
  if (ref.roots.length === 1) return codecNames.decodeDocument(documentKey(ref.roots[0]!, ref.contentType));
  return `decodeDocumentOf${ref.roots.join('Or')}`;
}

/** Integer built-ins whose range is not xs:long's (the runtime's readLong kinds). */
const UNBOUNDED_INTEGERS = new Set(['integer', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger', 'negativeInteger', 'unsignedLong']);

/** An expression converting lexical text to the scalar's TypeScript value. */
export function scalarRead(type: TypeRef, text: string, path: string, index: ModelIndex): string {
  if (type.kind === 'named' && index.type(type.name).kind === 'union') return `${codecNames.decode(type.name)}(${text}, ${path})`;
  const scalar = index.scalar(type) as ScalarRef;
  const cast = type.kind === 'named' || scalar.facets?.enumeration ? ` as ${type.kind === 'named' ? `T.${type.name}` : typeExpr(scalar, index)}` : '';
  switch (scalar.scalar) {
    case 'int':
      return `readInt(${text}, ${path})${cast}`;
    case 'double':
      return `readDouble(${text}, ${path})${cast}`;
    case 'long':
      // xs:integer and its unbounded or wider kinds are read as decimal strings with their own range.
      return `readLong(${text}, ${path}${scalar.xsdType && UNBOUNDED_INTEGERS.has(scalar.xsdType) ? `, '${scalar.xsdType}'` : ''})${cast}`;
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
