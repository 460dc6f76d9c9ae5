/** Decoders and encoders of object types (complexTypes): attributes, child elements in sequence order, text, maps and wildcards. */
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';
import type { ElementType, Field, ObjectType, TypeRef } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { ANY_PROPERTY, ENTRIES_PROPERTY, TEXT_PROPERTY, TYPE_PROPERTY } from '../../types.ts';
import { propertyAccess, stringLiteral } from '../../ts.ts';
import { CodecContext } from './context.ts';
import { codecNames } from './names.ts';
import { mapEntryRead, elementRead, scalarRead } from './read.ts';
import { mapEntryWrite, openVar, childOpen, elementWrite, needsEscape, escapedScalar, scalarText } from './write.ts';

/** All fields of an object including inherited ones, base first (sequence order). */
function allFields(type: ObjectType, index: ModelIndex): Field[] {
  const base = type.base ? index.type(type.base) : undefined;
  return [...(base?.kind === 'object' ? allFields(base, index) : []), ...type.fields];
}

/** An element name a field is read from: its own, or a substitution group member's (`member`). */
interface Slot {
  field: Field;
  local: string;
  ns: string;
  member?: ElementType;
}

/**
 * The element names each element field is read from: its own and its substitution group's. An
 * abstract head is read too (with its xsi:type): zeep, which has no substitution groups, sends it.
 */
function slots(fields: Field[], index: ModelIndex): Slot[] {
  return fields.flatMap((field) => [
    { field, local: field.xml?.local ?? field.name, ns: field.xml?.ns ?? '' },
    ...index.substitutes(field).map((member) => ({ field, local: member.element.local, ns: member.element.ns, member })),
  ]);
}

/**
 * Reads a substitution group member where its head stands: as the member's type, tagged with `$type`
 * when the head's type is a variant union and the member's type has no variants of its own.
 */
function memberRead(member: ElementType, field: Field, el: string, path: string, index: ModelIndex, ns: CodecContext): string {
  const type = member.type;
  const tagged = field.type.kind === 'named' && index.polymorphic(field.type.name) !== undefined;
  if (tagged && type.kind === 'named' && index.type(type.name).kind === 'object' && !index.polymorphic(type.name)) {
    return `{ ...${codecNames.decode(type.name)}(${el}, ${path}), ${TYPE_PROPERTY}: ${stringLiteral(type.name)} as const }`;
  }
  return elementRead(type, el, path, index, ns);
}

export function objectDecoder(type: ObjectType, index: ModelIndex, ns: CodecContext): WriterFunction {
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
      const elements = slots(fields.filter((f) => f.xml?.node !== 'attribute'), index);
      const catchAll = type.mapEntry ? 'map' : type.rest ? 'any' : undefined;
      if (elements.length || catchAll) {
        w.write('for (const child of el.children)').block(() => {
          if (elements.length) {
            const namespaces = new Set(elements.map((f) => f.ns));
            // Usually every child shares one namespace: test it once, then switch on the name.
            // Unqualified children are also accepted qualified: stacks differ (node-soap qualifies rpc accessors).
            const only = namespaces.size === 1 && !catchAll ? [...namespaces][0]! : undefined;
            const shared = only !== undefined ? ns.constant(only) : undefined;
            if (only) w.writeLine(`if (child.ns !== ${shared}) continue;`);
            w.write('switch (child.local)').block(() => {
              const byLocal = new Map<string, Slot[]>();
              for (const f of elements) byLocal.set(f.local, [...(byLocal.get(f.local) ?? []), f]);
              for (const [local, group] of byLocal) {
                w.writeLine(`case ${stringLiteral(local)}:`);
                w.indent(() => {
                  if (shared) {
                    assignField(w, group[0]!, index, ns);
                    w.writeLine('continue;');
                    return;
                  }
                  for (const f of group) {
                    if (group.length === 1 && !f.ns) {
                      assignField(w, f, index, ns);
                      w.writeLine('continue;');
                      return;
                    }
                    w.write(`if (child.ns === ${ns.constant(f.ns)})`).block(() => {
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
function assignField(w: CodeBlockWriter, slot: Slot, index: ModelIndex, ns: CodecContext): void {
  const field = slot.field;
  const target = propertyAccess('out', field.name);
  const childPath = field.repeated ? `${pathExpr(field)} + '/' + (${target}?.length ?? 0)` : pathExpr(field);
  let value = slot.member ? memberRead(slot.member, field, 'child', childPath, index, ns) : elementRead(field.type, 'child', childPath, index, ns);
  if (field.nullable) value = `isNil(child) ? null : ${value}`;
  if (field.xml?.emptyIsAbsent) w.writeLine('if (isBlankElement(child)) continue; // cg:emptyIsAbsent');
  if (field.repeated) w.writeLine(`(${target} ??= []).push(${value});`);
  else w.writeLine(`${target} = ${value};`);
}

export function objectEncoder(type: ObjectType, index: ModelIndex, ns: CodecContext, typed: boolean): WriterFunction {
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
      for (const childNs of new Set(slots(elementFields, index).map((f) => f.ns))) w.writeLine(`const ${openVar(ns, childNs)} = ${childOpen(ns, childNs)};`);
      for (const field of elementFields) writeField(w, field, index, ns, typed);
      if (type.mapEntry) {
        w.writeLine(`const entries = ${propertyAccess('v', ENTRIES_PROPERTY)};`);
        w.writeLine(`if (entries) for (const key of Object.keys(entries)) s += ${mapEntryWrite(type.mapEntry, 'entries[key]!', index)};`);
      } else if (type.rest) w.writeLine(`for (const child of ${propertyAccess('v', ANY_PROPERTY)} ?? []) s += serializeElement(child, dns);`); // inside this element, whose default namespace is dns
      w.writeLine(`return s + '</' + tag + '>';`);
    });
  };
}

/**
 * Writes a value where a substitution group head stands: as the first member element whose type the
 * value's `$type` names (or one derived from it), else as the head itself (an abstract head throws).
 */
function substituteWrite(field: Field, item: string, head: (item: string) => string, index: ModelIndex, ns: CodecContext, typed: boolean): string {
  const claimed = new Set<string>();
  const branches: string[] = [];
  for (const member of index.substitutes(field)) {
    const type = member.type.kind === 'named' ? index.type(member.type.name) : undefined;
    if (type?.kind !== 'object') continue;
    const names = index.polymorphic(type.name) ? index.variants(type).map((v) => v.name) : [type.name];
    const mine = names.filter((n) => !claimed.has(n));
    if (mine.length === 0) continue;
    mine.forEach((n) => claimed.add(n));
    const test = mine.map((n) => `${item}.${TYPE_PROPERTY} === ${stringLiteral(n)}`).join(' || ');
    const q = member.element;
    branches.push(`${mine.length > 1 ? `(${test})` : test} ? ${elementWrite(member.type, item, q.local, openVar(ns, q.ns), ns.constant(q.ns), index, ns, typed)}`);
  }
  const headElement = field.xml?.element ? index.element(field.xml.element) : undefined;
  const fallback = headElement?.abstract
    ? `substitutionMissing(${stringLiteral(headElement.element.local)}, (${item} as { ${TYPE_PROPERTY}?: unknown }).${TYPE_PROPERTY})`
    : head(item);
  return `(${[...branches, fallback].join(' : ')})`;
}

/** Appends one element field (all occurrences) to `s`. */
function writeField(w: CodeBlockWriter, field: Field, index: ModelIndex, ns: CodecContext, typed: boolean): void {
  const value = propertyAccess('v', field.name);
  const local = field.xml?.local ?? field.name;
  const childNs = field.xml?.ns ?? '';
  const open = openVar(ns, childNs);
  const head = (item: string) => elementWrite(field.type, item, local, open, ns.constant(childNs), index, ns, typed);
  const one = index.substitutes(field).length ? (item: string) => substituteWrite(field, item, head, index, ns, typed) : head;
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
