/** SOAP-ENC arrays: items by position whatever their names; `SOAP-ENC:arrayType` on write. */
import type { WriterFunction } from 'ts-morph';
import type { NamedType, QName, TypeRef } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { stringLiteral } from '../../ts.ts';
import { CodecContext } from './context.ts';
import { codecNames } from './names.ts';
import { elementRead } from './read.ts';
import { childOpen, elementWrite } from './write.ts';

export function arrayDecoder(name: string, items: TypeRef, index: ModelIndex, ns: CodecContext): WriterFunction {
  return (w) => {
    w.writeLine(`/** Reads a \`${name}\` (SOAP-ENC array): every child element is an item, whatever its name. */`);
    w.write(`export function ${codecNames.decode(name)}(el: XmlElement, path: string): T.${name}`).block(() => {
      w.writeLine(`return el.children.map((item, i) => ${elementRead(items, 'item', "path + '/' + i", index, ns)});`);
    });
  };
}

export function arrayEncoder(type: Extract<NamedType, { kind: 'array' }>, index: ModelIndex, ns: CodecContext): WriterFunction {
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
