/** Decoders and encoders of object types (complexTypes): attributes, child elements in sequence order, text, maps and wildcards. */
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';
import type { Field, ObjectType, TypeRef } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { ANY_PROPERTY, ENTRIES_PROPERTY, TEXT_PROPERTY } from '../../types.ts';
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
      for (const childNs of new Set(elementFields.map((f) => f.xml?.ns ?? ''))) w.writeLine(`const ${openVar(ns, childNs)} = ${childOpen(ns, childNs)};`);
      for (const field of elementFields) writeField(w, field, index, ns, typed);
      if (type.mapEntry) {
        w.writeLine(`const entries = ${propertyAccess('v', ENTRIES_PROPERTY)};`);
        w.writeLine(`if (entries) for (const key of Object.keys(entries)) s += ${mapEntryWrite(type.mapEntry, 'entries[key]!', index)};`);
      } else if (type.rest) w.writeLine(`for (const child of ${propertyAccess('v', ANY_PROPERTY)} ?? []) s += serializeElement(child, dns);`); // inside this element, whose default namespace is dns
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
