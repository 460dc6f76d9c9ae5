/**
 * The SOAP client emitter: one class per service port, one async method per
 * operation, speaking the port's SOAP version. No WSDL is read at run time.
 */
import type { WriterFunction } from 'ts-morph';
import type { ApiModel, ObjectType, SoapOperation, SoapPort, SoapService } from '../../model/model.ts';
import { cleanDoc, TRANSPORT_EXPORTS, generatedHeader, printSourceFile, stringLiteral, typeIdentifier, valueIdentifier, type EmittedFile } from '../ts.ts';
import { codecNames } from './codec/names.ts';
import { ANY_CONTENT_DOC, qualifiedTypeExpr as tsTypeFromModule, usesXmlElement } from '../type-expr.ts';
import { ModelIndex } from '../../model/lookup.ts';

/**
 * The class name of each port's client: `WsSoapClient`, `WsSoap12Client`. A port name that several
 * services share is qualified by its service (`BillingApplicationClient`, `OrdersApplicationClient`).
 */
export function clientClassNames(api: ApiModel): Map<SoapPort, string> {
  const services = api.soap?.services ?? [];
  const uses = new Map<string, number>();
  for (const service of services) for (const port of service.ports) uses.set(port.name, (uses.get(port.name) ?? 0) + 1);
  const names = new Map<SoapPort, string>();
  for (const service of services) {
    for (const port of service.ports) names.set(port, `${(uses.get(port.name) ?? 0) > 1 ? typeIdentifier(service.name) : ''}${typeIdentifier(port.name)}Client`);
  }
  return names;
}

export function emitClient(api: ApiModel): EmittedFile {
  const index = new ModelIndex(api);
  const names = clientClassNames(api);
  const classes: WriterFunction[] = [];
  const signatures: string[] = [];
  for (const service of api.soap?.services ?? []) {
    for (const port of service.ports) {
      classes.push(clientClass(service, port, names.get(port)!, index));
      for (const op of port.binding.operations) signatures.push(tsTypeFromModule(op.input.type, index, 'T'), op.output ? tsTypeFromModule(op.output.type, index, 'T') : '');
    }
  }
  return printSourceFile('client.ts', generatedHeader(api.source, `Typed SOAP clients for the ${api.title} API.`), [
    `import { callSoap, headerWriter, type SoapCallOptions, type SoapClientOptions } from '../runtime/soap-client.js';`,
    ...(usesXmlElement(signatures) ? [`import type { XmlElement } from '../runtime/xml.js';`] : []),
    `import * as codec from './codec.js';`,
    `import type * as T from './types.js';`,
    `export { SoapHttpError, type SoapCallOptions, type SoapClientOptions, type WsSecurityOptions } from '../runtime/soap-client.js';`,
    `export { SoapFault } from '../runtime/soap.js';`,
    TRANSPORT_EXPORTS,
    ...classes,
  ]);
}

/** The request header types of a port's operations, once each (`T.X` expressions). */
function requestHeaderTypes(port: SoapPort, index: ModelIndex): string[] {
  return [...new Set(port.binding.operations.flatMap((op) => (op.input.header ? [tsTypeFromModule(op.input.header, index, 'T')] : [])))];
}

function clientClass(service: SoapService, port: SoapPort, name: string, index: ModelIndex): WriterFunction {
  const headers = requestHeaderTypes(port, index);
  const options = headers.length ? `SoapClientOptions<${name}Header>` : 'SoapClientOptions';
  return (w) => {
    if (headers.length) {
      w.writeLine(`/** The SOAP header blocks the operations of port \`${port.name}\` declare: defaults for every call go in the client's \`header\` option. */`);
      w.writeLine(`export type ${name}Header = ${headers.join(' & ')};`);
      w.blankLine();
    }
    w.writeLine('/**');
    w.writeLine(` * Client for port \`${port.name}\` of service \`${service.name}\` (SOAP ${port.binding.version}).`);
    if (service.doc) w.writeLine(` *\n * ${cleanDoc(service.doc).replace(/\n/g, '\n * ')}`);
    w.writeLine(' *');
    w.writeLine(' * @example');
    w.writeLine(' * ```ts');
    w.writeLine(` * const client = new ${name}({ endpoint: 'http://127.0.0.1:8080/…' });`);
    const first = port.binding.operations[0];
    if (first) w.writeLine(` * const result = await client.${valueIdentifier(first.name)}({ … });`);
    w.writeLine(' * ```');
    w.writeLine(' */');
    w.write(`export class ${name}`).block(() => {
      w.writeLine('/** The address the WSDL gives for this port. */');
      w.writeLine(`static readonly defaultEndpoint = ${stringLiteral(port.address ?? '')};`);
      w.blankLine();
      // A plain field, not a parameter property: consumers may compile with `erasableSyntaxOnly`.
      w.writeLine('/** The options the client was created with. */');
      w.writeLine(`readonly options: ${options};`);
      w.blankLine();
      w.writeLine(`constructor(options: ${options} = {}) {`);
      w.indent(() => w.writeLine('this.options = options;'));
      w.writeLine('}');
      for (const operation of port.binding.operations) {
        w.blankLine();
        method(w, name, port, operation, index);
      }
    });
  };
}

function method(w: Parameters<WriterFunction>[0], className: string, port: SoapPort, operation: SoapOperation, index: ModelIndex): void {
  const input = tsTypeFromModule(operation.input.type, index, 'T');
  const output = operation.output ? tsTypeFromModule(operation.output.type, index, 'T') : 'void';
  w.writeLine('/**');
  if (operation.doc) w.writeLine(` * ${cleanDoc(operation.doc).replace(/\n/g, '\n * ')}\n *`);
  w.writeLine(` * SOAP operation \`${operation.name}\`${operation.soapAction ? ` (SOAPAction \`${operation.soapAction}\`)` : ''}, ${operation.style}/${operation.use}.`);
  if (operation.input.type.kind === 'unknown' || operation.output?.type.kind === 'unknown') w.writeLine(` * ${ANY_CONTENT_DOC.replace("this field's own element", 'the message element')}`);
  if (!operation.output) w.writeLine(' * One-way: resolves once the service accepts the request (HTTP 202 or 200, no response envelope).');
  w.writeLine(' * @throws SoapFault when the service answers with a Fault.');
  w.writeLine(' */');
  const requestHeader = operation.input.header && tsTypeFromModule(operation.input.header, index, 'T');
  const responseHeader = operation.output?.header && tsTypeFromModule(operation.output.header, index, 'T');
  const callOptions = requestHeader || responseHeader ? `SoapCallOptions<${requestHeader ?? 'never'}, ${responseHeader ?? 'never'}>` : 'SoapCallOptions';
  // A message without parts takes no input: `{}` is its only value.
  const noInput = !operation.input.element && !(index.type((operation.input.type as { name: string }).name) as ObjectType).fields.length;
  w.write(`async ${valueIdentifier(operation.name)}(input: ${input}${noInput ? ' = {}' : ''}, callOptions?: ${callOptions}): Promise<${output}>`).block(() => {
    if (responseHeader) w.writeLine('const onHeader = callOptions?.onHeader;');
    w.write(operation.output ? `const payload = await callSoap(this.options, ${className}.defaultEndpoint, ` : `await callSoap(this.options, ${className}.defaultEndpoint, `).inlineBlock(() => {
      w.writeLine(`version: '${port.binding.version}',`);
      w.writeLine(`soapAction: ${stringLiteral(operation.soapAction)},`);
      w.writeLine(`body: codec.${codecNames.encodeInput(operation.name)}(input),`);
      // rpc wrappers are prefixed: the envelope declares the prefix (rpc/literal as well as encoded).
      if (operation.style === 'rpc' || operation.use === 'encoded') w.writeLine('namespaces: codec.ENCODED_NAMESPACES,');
      if (operation.use === 'encoded') {
        if (operation.encodingStyle) w.writeLine(`encodingStyle: ${stringLiteral(operation.encodingStyle)},`);
        w.writeLine('encoded: true,');
      }
      if (!operation.output) w.writeLine("reply: 'none',");
      else if (!operation.output.element) w.writeLine("reply: 'body',");
      if (requestHeader) w.writeLine(`header: headerWriter(codec.${codecNames.encode(operation.input.header!.name)}, this.options.header, callOptions?.header),`);
      if (responseHeader) w.writeLine(`readHeader: onHeader && ((header) => onHeader(codec.${codecNames.decode(operation.output!.header!.name)}(header, '/Header'))),`);
    });
    w.write(', callOptions);');
    w.newLine();
    if (operation.output) w.writeLine(`return codec.${codecNames.decodeOutput(operation.name)}(payload);`);
  });
}

