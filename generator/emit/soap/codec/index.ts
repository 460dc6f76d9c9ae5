/**
 * The codec emitter: schema-directed XML encode/decode functions, one pair per
 * named type, per inner-document root and per SOAP message.
 *
 * Encoders build strings in xs:sequence order and declare only the default
 * namespace (`xmlns="…"`) when a child's namespace differs from its parent's,
 * so output matches what asmx and most stacks send. rpc/encoded messages add
 * `xsi:type` and `SOAP-ENC:arrayType` with prefixes the envelope declares.
 * Decoders walk the parsed tree once, ignore unknown children (vendors add
 * fields) and leave presence and facet checks to the validators.
 */
import type { WriterFunction } from 'ts-morph';
import type { ApiModel, NamedType } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { generatedHeader, printSourceFile, stringLiteral, type EmittedFile } from '../../ts.ts';
import { soapOperations } from '../operations.ts';
import { arrayDecoder, arrayEncoder } from './arrays.ts';
import { CodecContext, documentCodecs, documentReaders, encodedTypes } from './context.ts';
import { multiRootCodec, documentDecoder, documentEncoder } from './documents.ts';
import { messageCodec } from './messages.ts';
import { XSD_NS } from './names.ts';
import { objectDecoder, objectEncoder } from './objects.ts';
import { unionCodec } from './unions.ts';
import { variantDecoder, variantEncoder } from './variants.ts';

/** Emits `codec.ts` for a SOAP API. */
export function emitCodec(api: ApiModel): EmittedFile {
  const index = new ModelIndex(api);
  const encoded = encodedTypes(api, index);
  const documents = documentCodecs(api);
  const readers = documentReaders(api);
  const blanks = api.types.some((t) => t.kind === 'object' && t.fields.some((f) => f.xml?.emptyIsAbsent));
  const polymorphic = api.types.some((t) => index.polymorphic(t.name));
  const abstractHeads = api.types.some((t) => t.kind === 'object' && t.fields.some((f) => f.xml?.element && index.element(f.xml.element).abstract && index.substitutes(f).length));
  // Writers run when the file is printed, after the constants: register every name they will use first.
  const ns = new CodecContext(api, encoded);
  const functions: WriterFunction[] = [];
  for (const type of api.types) functions.push(...typeCodec(type, index, ns, encoded));
  for (const [key, codec] of documents) functions.push(documentDecoder(key, codec, index, ns), documentEncoder(key, codec, index, ns));
  for (const operation of soapOperations(api)) functions.push(...messageCodec(operation, index, ns));
  for (const [key, roots] of [...ns.multiRoots].sort(([a], [b]) => a.localeCompare(b))) functions.push(multiRootCodec(key, roots, index));
  const prefixes = [...ns.prefixes].sort((a, b) => a[1].localeCompare(b[1]));
  const prefixMap: WriterFunction = (w) => {
    w.writeLine('/** Prefixes that rpc envelopes declare for their wrappers, and rpc/encoded ones for `xsi:type` values. */');
    w.write('export const ENCODED_NAMESPACES: Record<string, string> = ').inlineBlock(() => {
      w.writeLine(`xsi: 'http://www.w3.org/2001/XMLSchema-instance',`);
      w.writeLine(`xsd: '${XSD_NS}',`);
      w.writeLine(`'SOAP-ENC': 'http://schemas.xmlsoap.org/soap/encoding/',`);
      for (const [uri, prefix] of prefixes) w.writeLine(`${prefix}: ${stringLiteral(uri)},`);
    });
    w.write(';');
  };
  return printSourceFile('codec.ts', generatedHeader(api.source, `XML encoders and decoders for the ${api.title} API.`), [
    `import { escapeAttr, escapeText, ${blanks ? 'isBlankElement, ' : ''}isNil, serializeElement, ${abstractHeads ? 'substitutionMissing, ' : ''}${polymorphic ? 'xsiType, ' : ''}type XmlElement } from '../runtime/xml.js';`,
    ...(readers.length ? [`import { ${readers.join(', ')} } from '../runtime/documents.js';`] : []),
    `import { DecodeError, readBoolean, readDate, readDateTime, readDecimal, readDouble, readInt, readLong, writeDouble } from '../runtime/values.js';`,
    `import type * as T from './types.js';`,
    ...ns.declarations(),
    prefixMap,
    ...functions,
  ]);
}

function typeCodec(type: NamedType, index: ModelIndex, ns: CodecContext, encoded: Set<string>): WriterFunction[] {
  switch (type.kind) {
    case 'object': {
      const codecs = [objectDecoder(type, index, ns), objectEncoder(type, index, ns, encoded.has(type.name))];
      const polymorphic = index.polymorphic(type.name);
      if (polymorphic) codecs.push(variantDecoder(polymorphic, index), variantEncoder(polymorphic, index, encoded.has(type.name)));
      return codecs;
    }
    case 'array':
      return [arrayDecoder(type.name, type.type.items, index, ns), arrayEncoder(type, index, ns)];
    case 'union':
      return [unionCodec(type, index)];
    case 'element': // elements get codecs only as documents (documentCodecs) or message wrappers
    case 'scalar':
      return []; // scalars are read and written inline where they are used
  }
}
