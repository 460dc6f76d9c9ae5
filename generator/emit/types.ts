/**
 * The types emitter: one TypeScript declaration per named model type, with
 * TSDoc from the spec. Required fields are `T`, optional ones `T | undefined`
 * (`?:`), nillable ones `T | null`.
 */
import { StructureKind, type InterfaceDeclarationStructure, type OptionalKind, type PropertySignatureStructure, type TypeAliasDeclarationStructure } from 'ts-morph';
import type { ApiModel, Facets, Field, NamedType, ObjectType } from '../model/model.ts';
import { ModelIndex } from '../model/lookup.ts';
import { isBuiltinRange } from '../model/xsd-builtins.ts';
import { ANY_CONTENT_DOC, fieldExpr, scalarExpr, typeExpr, usesXmlElement } from './type-expr.ts';
import { cleanDoc, generatedHeader, printSourceFile, propertyKey, tsDoc, type EmittedFile } from './ts.ts';

/** Property holding simple content (the element's text) next to its attributes. */
export const TEXT_PROPERTY = '$value';
/** Property holding the entries of a map-like element whose child names are data (`cg:map`). */
export const ENTRIES_PROPERTY = '$entries';
/** Property holding wildcard (xs:any) child elements, passed through untyped. */
export const ANY_PROPERTY = '$any';
/** Property naming which type of a variant union a value has (`xsi:type` on the wire). */
export const TYPE_PROPERTY = '$type';

export function emitTypes(api: ApiModel): EmittedFile {
  const index = new ModelIndex(api);
  const statements = api.types.flatMap((type) => declaration(type, index));
  const expressions = statements.map((s) => JSON.stringify(s));
  const imports = usesXmlElement(expressions) ? [`import type { XmlElement } from '../runtime/xml.js';`] : [];
  return printSourceFile('types.ts', generatedHeader(api.source, `Types of the ${api.title} API.`), [...imports, ...statements]);
}

function declaration(type: NamedType, index: ModelIndex): (InterfaceDeclarationStructure | TypeAliasDeclarationStructure)[] {
  const docs = (extra: { tagName: string; text?: string }[] = []) => tsDoc(type.doc, extra);
  switch (type.kind) {
    case 'element':
      return []; // an element's TypeScript type is its content type
    case 'scalar':
      return [alias(type.name, scalarExpr(type.type), docs(facetTags(type.type.facets, type.type.xsdType)))];
    case 'array':
      return [alias(type.name, typeExpr(type.type, index), docs())];
    case 'union':
      return [alias(type.name, type.members.map((m) => typeExpr(m, index)).join(' | ') || 'never', docs())];
    case 'object':
      return index.polymorphic(type.name) ? [objectDeclaration(type, index), variantDeclaration(type, index)] : [objectDeclaration(type, index)];
  }
}

/**
 * The union that stands for a type others derive from: each variant tagged with its type name in
 * `$type` (optional on the base itself, which may be sent without `xsi:type`).
 */
function variantDeclaration(type: ObjectType, index: ModelIndex): TypeAliasDeclarationStructure {
  const members = index.variants(type).map((v) => `(${v.name} & { readonly ${TYPE_PROPERTY}${v === type ? '?' : ''}: '${v.name}' })`);
  const text = `A \`${type.name}\` value of any known type derived from it${type.abstract ? ` (\`${type.name}\` is abstract: never bare)` : ''}, told apart by \`${TYPE_PROPERTY}\` (\`xsi:type\` on the wire).`;
  return alias(type.polymorphism!.union, members.join(' | ') || 'never', tsDoc(text));
}

/**
 * A map whose documented keys are typed: an intersection rather than an interface with an index
 * signature, because optional properties conflict with a string index signature unless the
 * consumer compiles with `exactOptionalPropertyTypes`.
 */
function mapExpr(entry: string, keys: ObjectType['mapKeys']): string {
  const record = `Record<string, ${entry}>`;
  if (!keys?.length) return record;
  const members = keys.map((k) => `${k.doc ? `/** ${cleanDoc(k.doc).replace(/\n+/g, ' ')} */\n` : ''}${propertyKey(k.name)}?: ${entry};`);
  return `${record} & {\n${members.join('\n')}\n}`;
}

function alias(name: string, type: string, docs: ReturnType<typeof tsDoc>): TypeAliasDeclarationStructure {
  return { kind: StructureKind.TypeAlias, name, type, isExported: true, docs };
}

function objectDeclaration(type: ObjectType, index: ModelIndex): InterfaceDeclarationStructure | TypeAliasDeclarationStructure {
  if (type.mapEntry && type.fields.length === 0 && !type.base) {
    return alias(type.name, mapExpr(type.mapEntry, type.mapKeys), tsDoc(type.doc, [{ tagName: 'remarks', text: 'Element names are data: each child element is an entry keyed by its name.' }]));
  }
  const properties: OptionalKind<PropertySignatureStructure>[] = type.fields.map((field) => property(field, index));
  if (type.text) properties.push({ name: propertyKey(TEXT_PROPERTY), type: typeExpr(type.text, index), hasQuestionToken: type.xml?.mixed === true, docs: tsDoc(type.xml?.mixed ? 'Text between the child elements (mixed content).' : 'The element\'s text content.') });
  if (type.mapEntry) properties.push({ name: propertyKey(ENTRIES_PROPERTY), type: `Record<string, ${type.mapEntry}>`, hasQuestionToken: true, docs: tsDoc('Child elements whose names are data, keyed by name.') });
  else if (type.rest) properties.push({ name: propertyKey(ANY_PROPERTY), type: 'XmlElement[]', hasQuestionToken: true, docs: tsDoc('Wildcard (xs:any) content, passed through as parsed elements.') });
  const tags = type.choices?.map((group) => ({ tagName: 'remarks', text: `Exactly one of ${group.map((n) => `\`${n}\``).join(', ')} is present (xs:choice).` })) ?? [];
  return {
    kind: StructureKind.Interface,
    name: type.name,
    isExported: true,
    extends: type.base ? [type.base] : [],
    properties,
    docs: tsDoc(type.doc, tags),
  };
}

function property(field: Field, index: ModelIndex): OptionalKind<PropertySignatureStructure> {
  const tags: { tagName: string; text?: string }[] = [];
  if (field.xml?.node === 'attribute') tags.push({ tagName: 'remarks', text: 'XML attribute.' });
  if (field.repeated) tags.push({ tagName: 'remarks', text: `Occurs ${field.repeated.min} to ${field.repeated.max} times.` });
  if (field.default !== undefined) tags.push({ tagName: 'defaultValue', text: `\`${field.default}\`` });
  if (field.fixed !== undefined) tags.push({ tagName: 'remarks', text: `Fixed value \`${field.fixed}\`.` });
  if (field.type.kind === 'document' && field.type.orText) tags.push({ tagName: 'remarks', text: "The document, or the service's plain text sent in its place: test `'text' in value`." });
  const scalar = index.scalar(field.type);
  if (field.type.kind === 'scalar') tags.push(...facetTags(scalar?.facets, scalar?.xsdType));
  if (field.type.kind === 'unknown') tags.push({ tagName: 'remarks', text: ANY_CONTENT_DOC });
  return {
    name: propertyKey(field.name),
    type: fieldExpr(field, index),
    hasQuestionToken: !field.required,
    docs: tsDoc(field.doc, tags),
  };
}

/** Facets worth telling a reader: enumeration meanings, patterns, lengths, ranges. */
function facetTags(facets: Facets | undefined, xsdType?: string): { tagName: string; text?: string }[] {
  if (!facets) return [];
  const lines: string[] = [];
  for (const value of facets.enumeration ?? []) if (value.doc) lines.push(`- \`${String(value.value)}\`: ${value.doc.replace(/\s+/g, ' ').trim()}`);
  if (facets.patterns?.length) lines.push(`Pattern: \`${facets.patterns.join('` and `')}\``);
  const range = [
    facets.minInclusive !== undefined ? `≥ ${facets.minInclusive}` : '',
    facets.minExclusive !== undefined ? `> ${facets.minExclusive}` : '',
    facets.maxInclusive !== undefined ? `≤ ${facets.maxInclusive}` : '',
    facets.maxExclusive !== undefined ? `< ${facets.maxExclusive}` : '',
  ].filter(Boolean);
  const implied = facets.minExclusive === undefined && facets.maxExclusive === undefined && isBuiltinRange(xsdType, facets.minInclusive, facets.maxInclusive);
  if (range.length && !implied) lines.push(`Range: ${range.join(', ')}`);
  const length = facets.length !== undefined ? `exactly ${facets.length}` : [facets.minLength !== undefined ? `at least ${facets.minLength}` : '', facets.maxLength !== undefined ? `at most ${facets.maxLength}` : ''].filter(Boolean).join(', ');
  if (length) lines.push(`Length: ${length}`);
  if (facets.totalDigits !== undefined || facets.fractionDigits !== undefined) lines.push(`Digits: ${facets.totalDigits ?? '—'} total, ${facets.fractionDigits ?? '—'} after the point`);
  // A list starts on its own line under the tag.
  return lines.length ? [{ tagName: 'remarks', text: lines.length > 1 || lines[0]!.startsWith('- ') ? `\n${lines.join('\n')}` : lines[0] }] : [];
}
