/** Inner documents (`cg:document`): roots checked by name, carried in strings or as element content. */
import type { WriterFunction } from 'ts-morph';
import { ModelIndex } from '../../../model/lookup.ts';
import { qualifiedTypeExpr, typeExpr } from '../../type-expr.ts';
import { stringLiteral } from '../../ts.ts';
import { CodecContext, type DocumentCodec } from './context.ts';
import { XSD_NS, codecNames } from './names.ts';
import { elementRead } from './read.ts';
import { elementWrite } from './write.ts';

/** Reader and writer for a document that may have one of several roots: a single-key object names the root. */
export function multiRootCodec(key: string, roots: string[], index: ModelIndex): WriterFunction {
  const elements = roots.map((r) => index.element(r));
  const union = elements.map((e) => `{ ${stringLiteral(e.element.local)}: ${qualifiedTypeExpr(e.type, index, 'T')} }`).join(' | ');
  return (w) => {
    w.writeLine(`/** Reads a document whose root is one of ${elements.map((e) => `\`${e.element.local}\``).join(', ')}. */`);
    w.write(`function decodeDocumentOf${key}(root: XmlElement, path: string): ${union}`).block(() => {
      w.write('switch (root.local)').block(() => {
        for (const e of elements) w.writeLine(`case ${stringLiteral(e.element.local)}: return { ${stringLiteral(e.element.local)}: ${codecNames.decodeDocument(e.name)}(root, path) };`);
      });
      w.writeLine(`throw new DecodeError(path, ${stringLiteral(`expected one of ${elements.map((e) => e.element.local).join(', ')}, found `)} + root.local);`);
    });
    w.blankLine();
    w.writeLine('/** Writes whichever root the single key names. */');
    w.write(`function encodeDocumentOf${key}(v: ${union}): string`).block(() => {
      for (const e of elements) w.writeLine(`if (${stringLiteral(e.element.local)} in v) return ${codecNames.encodeDocument(e.name)}(v[${stringLiteral(e.element.local)}]);`);
      w.writeLine(`throw new TypeError('document value names no known root element');`);
    });
  };
}

export function documentDecoder(key: string, codec: DocumentCodec, index: ModelIndex, ns: CodecContext): WriterFunction {
  const element = index.element(codec.element);
  const q = element.element;
  const content = codec.content ?? element.type;
  return (w) => {
    w.writeLine(`/** Reads the \`${q.local}\` document${codec.content ? ` as \`${typeExpr(content, index)}\`` : ''} from its root element, checking the root's name. */`);
    w.write(`export function ${codecNames.decodeDocument(key)}(root: XmlElement, path: string): ${qualifiedTypeExpr(content, index, 'T')}`).block(() => {
      w.writeLine(`expectRoot(root, ${ns.constant(q.ns)}, ${stringLiteral(q.local)}, path);`);
      w.writeLine(`return ${elementRead(content, 'root', 'path', index, ns)};`);
    });
  };
}

export function documentEncoder(key: string, codec: DocumentCodec, index: ModelIndex, ns: CodecContext): WriterFunction {
  const element = index.element(codec.element);
  const q = element.element;
  const content = codec.content ?? element.type;
  // The root always states its namespace (xmlns="" too: a document carried as element content must not
  // inherit the service's). Declaring xsi/xsd, as .NET's serializer does, keeps xsi:nil inside valid.
  const open = ` xmlns="${q.ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="${XSD_NS}"`;
  return (w) => {
    w.writeLine(`/** Writes the \`${q.local}\` document (no XML declaration). */`);
    w.write(`export function ${codecNames.encodeDocument(key)}(v: ${qualifiedTypeExpr(content, index, 'T')}): string`).block(() => {
      w.writeLine(`return ${elementWrite(content, 'v', q.local, stringLiteral(open), ns.constant(q.ns), index, ns, false)};`);
    });
  };
}
