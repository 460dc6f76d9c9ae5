/**
 * Variant unions of types others derive from (xs:extension, xs:restriction): `xsi:type` names the
 * derived type on the wire, `$type` in TypeScript. Reading dispatches on the resolved QName,
 * writing on `$type`, each to the derived type's own codec (base fields first, then its own).
 */
import type { WriterFunction } from 'ts-morph';
import type { ObjectType } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { stringLiteral } from '../../ts.ts';
import { TYPE_PROPERTY } from '../../types.ts';
import { codecNames } from './names.ts';

/** The prefix `xsi:type` values are written with, declared on the element itself (no generated name uses it). */
const TYPE_PREFIX = 'xt';

type Polymorphic = ObjectType & { polymorphism: NonNullable<ObjectType['polymorphism']> };

/** `{uri}local` of a type, as the runtime's `xsiType` gives it. */
function clark(type: ObjectType): string {
  const q = type.xml?.typeName;
  return q ? `{${q.ns}}${q.local}` : type.name;
}

function expected(type: Polymorphic, index: ModelIndex): string {
  return index.variants(type).map((v) => v.xml?.typeName?.local ?? v.name).join(', ');
}

export function variantDecoder(type: Polymorphic, index: ModelIndex): WriterFunction {
  const union = type.polymorphism.union;
  return (w) => {
    w.writeLine(`/** Reads a \`${union}\`: the type the element's \`xsi:type\` names${type.abstract ? ` (required: \`${type.name}\` is abstract)` : `, else \`${type.name}\``}. */`);
    w.write(`export function ${codecNames.decode(union)}(el: XmlElement, path: string): T.${union}`).block(() => {
      w.writeLine('const named = xsiType(el);');
      w.write('switch (named)').block(() => {
        for (const variant of index.variants(type)) {
          if (variant === type) w.writeLine('case undefined:');
          // Tagging the decoded object in place: a spread copy would double the decode time.
          w.write(`case ${stringLiteral(clark(variant))}:`).block(() => {
            w.writeLine(`const out: T.${variant.name} & { ${TYPE_PROPERTY}?: ${stringLiteral(variant.name)} } = ${codecNames.decode(variant.name)}(el, path);`);
            w.writeLine(`out.${TYPE_PROPERTY} = ${stringLiteral(variant.name)};`);
            w.writeLine(`return out as T.${union};`);
          });
        }
        if (type.abstract) {
          w.writeLine('case undefined:');
          w.indent(() => w.writeLine(`throw new DecodeError(path, ${stringLiteral(`${type.name} is abstract: xsi:type must name one of ${expected(type, index)}`)});`));
        }
      });
      w.writeLine(`throw new DecodeError(path, 'xsi:type ' + named + ${stringLiteral(` is not a type a ${type.name} may have (${expected(type, index)})`)});`);
    });
  };
}

export function variantEncoder(type: Polymorphic, index: ModelIndex, typed: boolean): WriterFunction {
  const union = type.polymorphism.union;
  return (w) => {
    w.writeLine(`/** Writes a \`${union}\` as element \`tag\`: a derived type with \`xsi:type\` naming it. */`);
    w.write(`export function ${codecNames.encode(union)}(v: T.${union}, tag: string, open: string, dns: string): string`).block(() => {
      w.write(`switch (v.${TYPE_PROPERTY})`).block(() => {
        for (const variant of index.variants(type)) {
          const q = variant.xml?.typeName;
          // rpc/encoded encoders write their own xsi:type; the base needs none.
          let extra = '';
          if (!typed && variant !== type && q) extra = q.ns ? ` xmlns:${TYPE_PREFIX}="${q.ns}" xsi:type="${TYPE_PREFIX}:${q.local}"` : ` xsi:type="${q.local}"`;
          if (variant === type) w.writeLine('case undefined:');
          w.writeLine(`case ${stringLiteral(variant.name)}:`);
          w.indent(() => w.writeLine(`return ${codecNames.encode(variant.name)}(v, tag, ${extra ? `open + ${stringLiteral(extra)}` : 'open'}, dns);`));
        }
      });
      w.writeLine(`throw new TypeError(${stringLiteral(`${union}: $type must be one of ${index.variants(type).map((v) => v.name).join(', ')}, got `)} + String((v as { ${TYPE_PROPERTY}?: unknown }).${TYPE_PROPERTY}));`);
    });
  };
}
