/**
 * The SOAP client emitter: one class per service port, one async method per
 * operation, speaking the port's SOAP version. No WSDL is read at run time.
 */
import type { WriterFunction } from 'ts-morph';
import type { ApiModel, SoapOperation, SoapPort, SoapService } from '../../model/model.ts';
import { TRANSPORT_EXPORTS } from '../ts.ts';
import { cleanDoc, generatedHeader, printSourceFile, stringLiteral, typeIdentifier, valueIdentifier, type EmittedFile } from '../ts.ts';
import { codecNames } from './codec/names.ts';
import { qualifiedTypeExpr as tsTypeFromModule, usesXmlElement } from '../type-expr.ts';
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
    `import { callSoap, type SoapCallOptions, type SoapClientOptions } from '../runtime/soap-client.js';`,
    ...(usesXmlElement(signatures) ? [`import type { XmlElement } from '../runtime/xml.js';`] : []),
    `import * as codec from './codec.js';`,
    `import type * as T from './types.js';`,
    `export { SoapHttpError, type SoapCallOptions, type SoapClientOptions } from '../runtime/soap-client.js';`,
    `export { SoapFault } from '../runtime/soap.js';`,
    TRANSPORT_EXPORTS,
    ...classes,
  ]);
}

function clientClass(service: SoapService, port: SoapPort, name: string, index: ModelIndex): WriterFunction {
  return (w) => {
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
      w.writeLine('readonly options: SoapClientOptions;');
      w.blankLine();
      w.writeLine('constructor(options: SoapClientOptions = {}) {');
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
  w.writeLine(' * @throws SoapFault when the service answers with a Fault.');
  w.writeLine(' */');
  w.write(`async ${valueIdentifier(operation.name)}(input: ${input}, callOptions?: SoapCallOptions): Promise<${output}>`).block(() => {
    w.write(`const payload = await callSoap(this.options, ${className}.defaultEndpoint, `).inlineBlock(() => {
      w.writeLine(`version: '${port.binding.version}',`);
      w.writeLine(`soapAction: ${stringLiteral(operation.soapAction)},`);
      w.writeLine(`body: codec.${codecNames.encodeInput(operation.name)}(input),`);
      if (operation.use === 'encoded') {
        w.writeLine('namespaces: codec.ENCODED_NAMESPACES,');
        if (operation.encodingStyle) w.writeLine(`encodingStyle: ${stringLiteral(operation.encodingStyle)},`);
        w.writeLine('encoded: true,');
      }
    });
    w.write(', callOptions);');
    w.newLine();
    if (operation.output) w.writeLine(`return codec.${codecNames.decodeOutput(operation.name)}(payload);`);
    else w.writeLine('void payload;');
  });
}

