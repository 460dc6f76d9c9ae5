/** Unions of simple types (xs:union): the first member whose lexical space holds the text wins. */
import type { WriterFunction } from 'ts-morph';
import type { NamedType } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { stringLiteral } from '../../ts.ts';
import { codecNames } from './names.ts';
import { scalarRead } from './read.ts';

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

export function unionCodec(type: Extract<NamedType, { kind: 'union' }>, index: ModelIndex): WriterFunction {
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
