/**
 * TypeScript type expressions for model type references; every emitter that
 * writes a type annotation uses these, so types agree across files.
 */
import type { DocumentRef, Field, ScalarKind, ScalarRef, TypeRef } from '../model/model.ts';
import type { ModelIndex } from '../model/lookup.ts';
import { propertyKey } from './ts.ts';

/**
 * The TypeScript type of xs:anyType content (and other untyped content): the element's child
 * elements as parsed, or its text when it has none. The content only: the codec writes the
 * element around it, named as the schema says.
 */
export const ANY_CONTENT = 'string | XmlElement[]';

/** What {@link ANY_CONTENT} means, for the TSDoc of a field that has it. */
export const ANY_CONTENT_DOC = 'Any content (xs:anyType): pass the child elements (`XmlElement[]`, e.g. from `parseXml`) or a text; not a wrapper element, the codec writes this field\'s own element around them. Decoded as the child elements, or the text when there are none.';

/** The TypeScript type of a scalar kind. Big and exact numbers stay strings. */
export function scalarTsType(kind: ScalarKind): string {
  switch (kind) {
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'double':
      return 'number';
    default:
      return 'string';
  }
}

function literal(value: string | number | boolean | null): string {
  return typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(value);
}

/** A scalar with an enumeration becomes a union of literals. */
export function scalarExpr(ref: ScalarRef): string {
  const values = ref.facets?.enumeration;
  const base = scalarTsType(ref.scalar);
  if (!values?.length) return base;
  return values.map((v) => (base === 'number' ? String(Number(v.value)) : base === 'boolean' ? String(v.value === 'true' || v.value === true) : literal(String(v.value)))).join(' | ');
}

/**
 * The TypeScript type of a reference. `qualify` turns a named type into the
 * expression that reaches it (e.g. `T.Usage` from a module importing `* as T`).
 */
export function typeExpr(ref: TypeRef, index: ModelIndex, qualify: (name: string) => string = (name) => name): string {
  switch (ref.kind) {
    case 'scalar':
      return scalarExpr(ref);
    case 'named':
      // Where a type others derive from is declared, a value may be any of them: its variant union.
      return qualify(index.polymorphic(ref.name)?.polymorphism.union ?? ref.name);
    case 'array': {
      const items = typeExpr(ref.items, index, qualify);
      return /[|&\s]/.test(items) ? `(${items})[]` : `${items}[]`;
    }
    case 'union':
      return ref.members.map((m) => typeExpr(m, index, qualify)).join(' | ');
    case 'literal':
      return literal(ref.value);
    case 'unknown':
      return ANY_CONTENT;
    case 'document':
      return documentExpr(ref, index, qualify);
  }
}

/**
 * One root: its content type. Several: a single-key object naming the root. A list: an array of those.
 * `cg:documentOrText`: `{ document: … } | { text: string }`, told apart with `'text' in value`.
 */
export function documentExpr(ref: DocumentRef, index: ModelIndex, qualify: (name: string) => string = (name) => name): string {
  if (ref.orText) return `{ document: ${documentExpr({ ...ref, orText: false }, index, qualify)} } | { text: string }`;
  if (ref.list) {
    const item = documentExpr({ ...ref, list: false }, index, qualify);
    return /[|&\s]/.test(item) ? `(${item})[]` : `${item}[]`;
  }
  if (ref.roots.length === 1) return typeExpr(ref.contentType ?? index.element(ref.roots[0]!).type, index, qualify);
  return ref.roots
    .map((root) => {
      const element = index.element(root);
      return `{ ${propertyKey(element.element.local)}: ${typeExpr(element.type, index, qualify)} }`;
    })
    .join(' | ');
}

/** A field's property type: repeated fields are arrays, nillable ones admit null. */
export function fieldExpr(field: Field, index: ModelIndex): string {
  let expr = typeExpr(field.type, index);
  if (field.nullable) expr = `${expr} | null`;
  // In XML each occurrence of a repeated element can be nil on its own.
  if (field.repeated) expr = /[|&\s]/.test(expr) ? `(${expr})[]` : `${expr}[]`;
  return expr;
}

/** Whether a type expression mentions the runtime's XmlElement (so the file must import it). */
export function usesXmlElement(expressions: string[]): boolean {
  return expressions.some((e) => /\bXmlElement\b/.test(e));
}

/** A type expression for use in another generated module, where named types come from `import type * as alias`. */
export function qualifiedTypeExpr(ref: TypeRef, index: ModelIndex, alias: string): string {
  return typeExpr(ref, index, (name) => `${alias}.${name}`);
}
