/**
 * The SOAP server-stub emitter: a typed handler interface per service and the
 * wiring (routes) that decodes, validates, calls the handler and encodes,
 * served by the runtime's node:http listener in the request's SOAP version.
 */
import type { WriterFunction } from 'ts-morph';
import type { ApiModel, ObjectType, SoapOperation, SoapService } from '../../model/model.ts';
import { ModelIndex } from '../../model/lookup.ts';
import { qualifiedTypeExpr, usesXmlElement } from '../type-expr.ts';
import { cleanDoc, generatedHeader, printSourceFile, stringLiteral, typeIdentifier, valueIdentifier, type EmittedFile } from '../ts.ts';
import { codecNames } from './codec/names.ts';
import { firstBodyElement } from './operations.ts';
import { validatorNames } from '../validators.ts';

export function handlersInterfaceName(service: SoapService): string {
  return `${typeIdentifier(service.name)}Handlers`;
}

export function emitServer(api: ApiModel): EmittedFile {
  const index = new ModelIndex(api);
  const services = api.soap?.services ?? [];
  const validatorOf = validatorNames(api);
  const parts: WriterFunction[] = services.flatMap((service) => [handlersInterface(service, index), routesFunction(service, validatorOf, index), listenerFunction(service)]);
  const signatures = services.flatMap((s) => serviceOperations(s).flatMap((op) => [qualifiedTypeExpr(op.input.type, index, 'T'), op.output ? qualifiedTypeExpr(op.output.type, index, 'T') : '']));
  return printSourceFile('server.ts', generatedHeader(api.source, `Server stubs for the ${api.title} API: implement the handler interface, mount the listener.`), [
    `import { createSoapListener, readInput, type InvalidInputHook, type SoapCallContext, type SoapListenerOptions, type SoapRoute } from '../runtime/soap-server.js';`,
    ...(services.some((s) => serviceOperations(s).some((op) => op.use === 'encoded')) ? [`import { resolveMultiRefs } from '../runtime/soap.js';`] : []),
    ...(usesXmlElement(signatures) ? [`import type { XmlElement } from '../runtime/xml.js';`] : []),
    `import * as codec from './codec.js';`,
    `import type * as T from './types.js';`,
    `import * as validators from './validators.js';`,
    `import { DOCUMENTS, WSDL } from './wsdl.js';`,
    `export { SoapFault } from '../runtime/soap.js';`,
    `export { createBoundedServer, DEFAULT_SERVER_LIMITS, type ServerLimits } from '../runtime/http-server.js';`,
    `export type { InvalidInput, InvalidInputHook, SoapCallContext, SoapListenerOptions, UsernameToken, WsSecurityIdentity, WsSecurityPolicy } from '../runtime/soap-server.js';`,
    ...parts,
  ]);
}

/** Operations of a service, once each across its ports (SOAP 1.1 and 1.2 share them). */
function serviceOperations(service: SoapService): SoapOperation[] {
  const seen = new Map<string, SoapOperation>();
  for (const port of service.ports) for (const op of port.binding.operations) if (!seen.has(op.name)) seen.set(op.name, op);
  return [...seen.values()];
}

function handlersInterface(service: SoapService, index: ModelIndex): WriterFunction {
  return (w) => {
    w.writeLine('/**');
    w.writeLine(` * What an implementation of service \`${service.name}\` provides: one method per operation.`);
    w.writeLine(' * Inputs arrive decoded and validated; throw a `SoapFault` to answer with a Fault.');
    w.writeLine(' */');
    w.write(`export interface ${handlersInterfaceName(service)}`).block(() => {
      for (const op of serviceOperations(service)) {
        const input = qualifiedTypeExpr(op.input.type, index, 'T');
        const output = op.output ? qualifiedTypeExpr(op.output.type, index, 'T') : 'void';
        if (op.doc) w.writeLine(`/** ${cleanDoc(op.doc).replace(/\n/g, '\n * ')} */`);
        w.writeLine(`${valueIdentifier(op.name)}(input: ${input}, context: ${contextType(op, index)}): ${output} | Promise<${output}>;`);
      }
      const answered = serviceOperations(service).filter((op) => op.output);
      if (answered.length) {
        w.writeLine('/**');
        w.writeLine(' * Optional, per operation: answer a request whose input does not decode or validate with the');
        w.writeLine(" * operation's own response (a vendor's in-band result code) instead of a Client fault.");
        w.writeLine(' */');
        w.write('invalidInput?: ').inlineBlock(() => {
          for (const op of answered) {
            w.writeLine(`${valueIdentifier(op.name)}?: InvalidInputHook<${qualifiedTypeExpr(op.input.type, index, 'T')}, ${qualifiedTypeExpr(op.output!.type, index, 'T')}>;`);
          }
        });
        w.write(';');
        w.newLine();
      }
    });
  };
}

/** The handler's context: typed header blocks when the binding declares soap:header. */
function contextType(op: SoapOperation, index: ModelIndex): string {
  const request = op.input.header ? qualifiedTypeExpr(op.input.header, index, 'T') : undefined;
  const response = op.output?.header ? qualifiedTypeExpr(op.output.header, index, 'T') : undefined;
  return request || response ? `SoapCallContext<${request ?? 'undefined'}, ${response ?? 'undefined'}>` : 'SoapCallContext';
}

function routesFunction(service: SoapService, validatorOf: Map<string, string>, index: ModelIndex): WriterFunction {
  const name = typeIdentifier(service.name);
  return (w) => {
    w.writeLine(`/** The routes of service \`${service.name}\`, for mounting beside other services on one listener. */`);
    w.write(`export function create${name}Routes(handlers: ${handlersInterfaceName(service)}): SoapRoute[]`).block(() => {
      w.write('return [').indent(() => {
        for (const op of serviceOperations(service)) route(w, op, validatorOf, index);
      });
      w.writeLine('];');
    });
  };
}

function route(w: Parameters<WriterFunction>[0], op: SoapOperation, validatorOf: Map<string, string>, index: ModelIndex): void {
  const validator = op.input.type.kind === 'named' ? `validators.${validatorOf.get(op.input.type.name)}` : undefined;
  w.write('').inlineBlock(() => {
    w.writeLine(`operation: ${stringLiteral(op.name)},`);
    w.writeLine(`soapAction: ${stringLiteral(op.soapAction)},`);
    const first = firstBodyElement(op.input, index);
    if (first) w.writeLine(`element: { ns: ${stringLiteral(first.ns)}, local: ${stringLiteral(first.local)} },`);
    if (!op.output) w.writeLine('oneWay: true,');
    if (op.style === 'rpc' || op.use === 'encoded') w.writeLine('responseNamespaces: codec.ENCODED_NAMESPACES,');
    if (op.use === 'encoded') {
      if (op.encodingStyle) w.writeLine(`responseEncodingStyle: ${stringLiteral(op.encodingStyle)},`);
    }
    const requestHeader = op.input.header;
    const responseHeader = op.output?.header;
    if (requestHeader) {
      const blocks = (index.type(requestHeader.name) as ObjectType).fields.map((f) => `{ ns: ${stringLiteral(f.xml?.ns ?? '')}, local: ${stringLiteral(f.xml?.local ?? f.name)} }`);
      w.writeLine(`understands: [${blocks.join(', ')}],`);
    }
    const headed = requestHeader || responseHeader;
    w.write(`async invoke(envelope, ${headed ? 'received' : 'context'})`).block(() => {
      if (op.use === 'encoded') w.writeLine('resolveMultiRefs(envelope.body);');
      if (headed) {
        const header = requestHeader ? `envelope.header ? codec.${codecNames.decode(requestHeader.name)}(envelope.header, '/Header') : {}` : 'undefined';
        w.writeLine(`const context: ${contextType(op, index)} = { ...received, header: ${header} };`);
      }
      const method = valueIdentifier(op.name);
      const hook = op.output ? `handlers.invalidInput?.${method}` : 'undefined';
      // A message of parts (or none) is read from the Body itself.
      const payload = op.input.element ? 'envelope.payload!' : 'envelope.body';
      w.writeLine(`const read = await readInput(() => codec.${codecNames.decodeInput(op.name)}(${payload}), ${validator ?? 'undefined'}, ${hook}, ${payload}, context);`);
      const body = op.output ? `codec.${codecNames.encodeOutput(op.name)}('answer' in read ? read.answer : await handlers.${method}(read.input, context))` : "''";
      if (!op.output) w.writeLine(`if ('input' in read) await handlers.${method}(read.input, context);`);
      if (responseHeader) {
        w.writeLine(`const body = ${body};`);
        w.writeLine('const answered = context.responseHeader;');
        w.writeLine(`return { body, header: answered && ((tag) => codec.${codecNames.encode(responseHeader.name)}(answered, tag, '', '')) };`);
      } else w.writeLine(`return ${body};`);
    });
  });
  w.write(',');
  w.newLine();
}

function listenerFunction(service: SoapService): WriterFunction {
  const name = typeIdentifier(service.name);
  const versions = [...new Set(service.ports.map((p) => p.binding.version))].sort();
  return (w) => {
    w.writeLine('/**');
    w.writeLine(` * A node:http request listener serving service \`${service.name}\` (SOAP ${versions.join(' and ')}), the WSDL at \`?wsdl\``);
    w.writeLine(' * and its schemas at `?xsd=<name>`. Works with `http.createServer(listener)` and frameworks that pass node\'s req/res.');
    w.writeLine(' */');
    w.write(`export function create${name}Listener(handlers: ${handlersInterfaceName(service)}, options: Omit<SoapListenerOptions, 'wsdl' | 'documents'> = {})`).block(() => {
      w.writeLine(`return createSoapListener(create${name}Routes(handlers), { versions: [${versions.map((v) => `'${v}'`).join(', ')}], ...options, wsdl: WSDL, documents: DOCUMENTS });`);
    });
  };
}
