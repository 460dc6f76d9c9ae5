/** Messages: the content of soap:Body for each operation's input and output. */
import type { WriterFunction } from 'ts-morph';
import type { ObjectType, SoapMessage, SoapOperation } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { qualifiedTypeExpr } from '../../type-expr.ts';
import { propertyAccess, stringLiteral } from '../../ts.ts';
import { CodecContext } from './context.ts';
import { codecNames } from './names.ts';
import { elementRead } from './read.ts';
import { elementWrite } from './write.ts';

export function messageCodec(operation: SoapOperation, index: ModelIndex, ns: CodecContext): WriterFunction[] {
  const out: WriterFunction[] = [messageDecoder(operation, operation.input, 'input', index, ns), messageEncoder(operation, operation.input, 'input', index, ns)];
  if (operation.output) out.push(messageDecoder(operation, operation.output, 'output', index, ns), messageEncoder(operation, operation.output, 'output', index, ns));
  return out;
}

/** The synthesized object of a `parts` message (a field per part). */
function partsType(message: SoapMessage, index: ModelIndex): ObjectType {
  return index.type((message.type as { name: string }).name) as ObjectType;
}

function messageDecoder(operation: SoapOperation, message: SoapMessage, direction: 'input' | 'output', index: ModelIndex, ns: CodecContext): WriterFunction {
  const name = direction === 'input' ? codecNames.decodeInput(operation.name) : codecNames.decodeOutput(operation.name);
  const q = message.element;
  const type = qualifiedTypeExpr(message.type, index, 'T');
  if (!q) {
    return (w) => {
      w.writeLine(`/** Reads the ${direction} of \`${operation.name}\` from soap:Body itself: its children are the message's parts. */`);
      w.write(`export function ${name}(body: XmlElement): ${type}`).block(() => {
        w.writeLine(`return ${elementRead(message.type, 'body', `''`, index, ns)};`);
      });
    };
  }
  // An rpc response wrapper is read by position: stacks name it otherwise than `<op>Response`
  // (`<op>Result`, another case). Requests stay strict: the server dispatches on the name.
  const byPosition = operation.style === 'rpc' && direction === 'output';
  return (w) => {
    w.writeLine(`/** Reads the ${direction} of \`${operation.name}\` from the first element of soap:Body${byPosition ? ', whatever its name (rpc responses are read by position)' : ''}. */`);
    w.write(`export function ${name}(payload: XmlElement): ${type}`).block(() => {
      if (!byPosition) {
        w.write(`if (payload.local !== ${stringLiteral(q.local)}${operation.style === 'document' ? ` || payload.ns !== ${ns.constant(q.ns)}` : ''})`).block(() => {
          w.writeLine(`throw new DecodeError('/', ${stringLiteral(`expected {${q.ns}}${q.local}, found {`)} + payload.ns + '}' + payload.local);`);
        });
      }
      w.writeLine(`return ${elementRead(message.type, 'payload', `''`, index, ns)};`);
    });
  };
}

function messageEncoder(operation: SoapOperation, message: SoapMessage, direction: 'input' | 'output', index: ModelIndex, ns: CodecContext): WriterFunction {
  const name = direction === 'input' ? codecNames.encodeInput(operation.name) : codecNames.encodeOutput(operation.name);
  const q = message.element;
  const type = qualifiedTypeExpr(message.type, index, 'T');
  if (!q) {
    const fields = partsType(message, index).fields;
    return (w) => {
      w.writeLine(`/** Writes the ${direction} of \`${operation.name}\` as the content of soap:Body: ${fields.length ? 'one element per part, in order' : 'nothing (the message has no parts)'}. */`);
      w.write(`export function ${name}(${fields.length ? 'v' : '_v'}: ${type}): string`).block(() => {
        // Body declares no default namespace: each part declares its own.
        const parts = fields.map((f) => {
          const fieldNs = f.xml?.ns ?? '';
          const local = f.xml?.local ?? f.name;
          const open = stringLiteral(fieldNs ? ` xmlns="${fieldNs}"` : '');
          const value = propertyAccess('v', f.name);
          const one = elementWrite(f.type, value, local, open, ns.constant(fieldNs), index, ns, false);
          return f.nullable ? `(${value} === null ? ${stringLiteral(`<${local}${fieldNs ? ` xmlns="${fieldNs}"` : ''} xsi:nil="true"/>`)} : ${one})` : one;
        });
        w.writeLine(`return ${parts.length ? parts.join(' + ') : "''"};`);
      });
    };
  }
  // rpc wrappers are prefixed (the envelope declares the prefix) so their unqualified parts need no xmlns="".
  const rpc = operation.style === 'rpc';
  const tag = rpc && q.ns ? `${ns.prefix(q.ns)}:${q.local}` : q.local;
  const open = rpc ? "''" : stringLiteral(q.ns ? ` xmlns="${q.ns}"` : '');
  const dns = rpc ? "''" : ns.constant(q.ns);
  return (w) => {
    w.writeLine(`/** Writes the ${direction} of \`${operation.name}\` as the content of soap:Body. */`);
    w.write(`export function ${name}(v: ${type}): string`).block(() => {
      w.writeLine(`return ${elementWrite(message.type, 'v', tag, open, dns, index, ns, operation.use === 'encoded')};`);
    });
  };
}
