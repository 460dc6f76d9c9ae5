/** Messages: the content of soap:Body for each operation's input and output. */
import type { WriterFunction } from 'ts-morph';
import type { SoapMessage, SoapOperation } from '../../../model/model.ts';
import { ModelIndex } from '../../../model/lookup.ts';
import { qualifiedTypeExpr } from '../../type-expr.ts';
import { stringLiteral } from '../../ts.ts';
import { CodecContext } from './context.ts';
import { codecNames } from './names.ts';
import { elementRead } from './read.ts';
import { elementWrite } from './write.ts';

export function messageCodec(operation: SoapOperation, index: ModelIndex, ns: CodecContext): WriterFunction[] {
  const out: WriterFunction[] = [messageDecoder(operation, operation.input, 'input', index, ns), messageEncoder(operation, operation.input, 'input', index, ns)];
  if (operation.output) out.push(messageDecoder(operation, operation.output, 'output', index, ns), messageEncoder(operation, operation.output, 'output', index, ns));
  return out;
}

function messageDecoder(operation: SoapOperation, message: SoapMessage, direction: 'input' | 'output', index: ModelIndex, ns: CodecContext): WriterFunction {
  const name = direction === 'input' ? codecNames.decodeInput(operation.name) : codecNames.decodeOutput(operation.name);
  const q = message.element;
  return (w) => {
    w.writeLine(`/** Reads the ${direction} of \`${operation.name}\` from the first element of soap:Body. */`);
    w.write(`export function ${name}(payload: XmlElement): ${qualifiedTypeExpr(message.type, index, 'T')}`).block(() => {
      w.write(`if (payload.local !== ${stringLiteral(q.local)}${operation.style === 'document' ? ` || payload.ns !== ${ns.constant(q.ns)}` : ''})`).block(() => {
        w.writeLine(`throw new DecodeError('/', ${stringLiteral(`expected {${q.ns}}${q.local}, found {`)} + payload.ns + '}' + payload.local);`);
      });
      w.writeLine(`return ${elementRead(message.type, 'payload', `''`, index, ns)};`);
    });
  };
}

function messageEncoder(operation: SoapOperation, message: SoapMessage, direction: 'input' | 'output', index: ModelIndex, ns: CodecContext): WriterFunction {
  const name = direction === 'input' ? codecNames.encodeInput(operation.name) : codecNames.encodeOutput(operation.name);
  const q = message.element;
  // rpc wrappers are prefixed (the envelope declares the prefix) so their unqualified parts need no xmlns="".
  const rpc = operation.style === 'rpc';
  const tag = rpc && q.ns ? `${ns.prefix(q.ns)}:${q.local}` : q.local;
  const open = rpc ? "''" : stringLiteral(q.ns ? ` xmlns="${q.ns}"` : '');
  const dns = rpc ? "''" : ns.constant(q.ns);
  return (w) => {
    w.writeLine(`/** Writes the ${direction} of \`${operation.name}\` as the content of soap:Body. */`);
    w.write(`export function ${name}(v: ${qualifiedTypeExpr(message.type, index, 'T')}): string`).block(() => {
      w.writeLine(`return ${elementWrite(message.type, 'v', tag, open, dns, index, ns, operation.use === 'encoded')};`);
    });
  };
}
