/**
 * The WSDL 1.1 loader: definitions (with wsdl:import), types, messages,
 * portTypes, SOAP 1.1/1.2 bindings and services → an {@link ApiModel}.
 */
import path from 'node:path';
import type { ApiModel, Diagnostic, Field, NamedRef, ObjectType, QName, SoapBinding, SoapMessage, SoapOperation, SoapPort, SoapService, TypeRef } from '../model/model.ts';
import { typeIdentifier } from '../emit/ts.ts';
import type { XmlElement } from '../runtime/xml.ts';
import { SchemaSet, TypeCompiler } from './xsd.ts';
import { attr, childrenOf, documentation, firstChild, HTTP_BINDING_NS, locate, qnameAttr, readXmlSource, SOAP11_BINDING_NS, SOAP12_BINDING_NS, SpecError, WSDL_NS, XSD_NS, type XmlSource } from './xml-source.ts';

interface Located {
  source: XmlSource;
  el: XmlElement;
}

interface MessageDecl extends Located {
  parts: { name: string; element?: QName; type?: QName; el: XmlElement }[];
}

interface Definitions {
  messages: Map<string, MessageDecl>;
  portTypes: Map<string, Located>;
  bindings: Map<string, Located>;
  services: Located[];
}

const clark = (q: QName): string => `{${q.ns}}${q.local}`;

/** Loads a WSDL file (and everything it imports) into the model. Throws SpecError on errors. */
export function loadWsdl(file: string, name: string, displayRoot = process.cwd()): ApiModel {
  const diagnostics: Diagnostic[] = [];
  const display = path.relative(displayRoot, file) || file;
  const main = readXmlSource(file, display);
  if (main.root.ns !== WSDL_NS || main.root.local !== 'definitions') {
    throw new SpecError([{ severity: 'error', message: `not a WSDL 1.1 document: the root element is <${main.root.local}> in '${main.root.ns}', expected wsdl:definitions`, location: locate(main, main.root) }]);
  }
  const schemas = new SchemaSet(diagnostics, displayRoot);
  const defs: Definitions = { messages: new Map(), portTypes: new Map(), bindings: new Map(), services: [] };
  collectDefinitions(main, file, defs, schemas, new Set([file]), diagnostics);

  const compiler = new TypeCompiler(schemas);
  compiler.compileAll();
  const services = compileServices(defs, compiler, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  // The warnings go along: one of them (a remote schemaLocation not fetched, say) often explains the error.
  if (errors.length) throw new SpecError(diagnostics);

  const targetNamespace = attr(main.root, 'targetNamespace') ?? '';
  const files = [...schemas.files.entries()]
    .filter(([onDisk]) => onDisk !== file)
    .map(([onDisk, source]) => ({ name: path.relative(path.dirname(file), onDisk).split(path.sep).join('/'), text: source.text }));
  return {
    name,
    source: display,
    title: attr(main.root, 'name') ?? services[0]?.name ?? name,
    doc: documentation(main.root) ?? services.map((s) => s.doc).find(Boolean),
    types: compiler.types,
    soap: { targetNamespace, location: locate(main, main.root), services, documents: { main: main.text, files } },
    diagnostics,
    inputs: [file, ...[...schemas.files.keys()].filter((f) => f !== file)],
  };
}

/** Drafts of XML Schema that predate the 2001 Recommendation; schemas in them are refused by name. */
const OLD_XSD_NAMESPACES = new Set(['http://www.w3.org/1999/XMLSchema', 'http://www.w3.org/2000/10/XMLSchema']);

/** A `style` or `use` attribute value, checked against the values WSDL 1.1 allows; an unknown one is a located error. */
function enumAttr<V extends string>(source: XmlSource, el: XmlElement | undefined, name: string, allowed: readonly V[], diagnostics: Diagnostic[]): V | undefined {
  const value = el && attr(el, name);
  if (value === undefined || !el) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as V;
  diagnostics.push({ severity: 'error', message: `${name}="${value}" is not one of ${allowed.map((a) => `"${a}"`).join(', ')}`, location: locate(source, el) });
  return undefined;
}

/** Indexes a definitions element's messages, portTypes, bindings and services; follows wsdl:import. */
function collectDefinitions(source: XmlSource, fileOnDisk: string, defs: Definitions, schemas: SchemaSet, seen: Set<string>, diagnostics: Diagnostic[]): void {
  const tns = attr(source.root, 'targetNamespace') ?? '';
  for (const child of source.root.children) {
    if (child.ns !== WSDL_NS) continue;
    const name = attr(child, 'name');
    const key = name ? clark({ ns: tns, local: name }) : '';
    switch (child.local) {
      case 'import': {
        const location = attr(child, 'location');
        if (!location) break;
        const target = path.resolve(path.dirname(fileOnDisk), location);
        if (seen.has(target)) break;
        seen.add(target);
        if (/\.xsd$/i.test(location)) {
          schemas.addSchemaFile(target, undefined, source, child);
          break;
        }
        const imported = readXmlSource(target, path.relative(process.cwd(), target));
        schemas.files.set(target, imported);
        collectDefinitions(imported, target, defs, schemas, seen, diagnostics);
        break;
      }
      case 'types':
        for (const schema of child.children) {
          if (schema.local !== 'schema') continue;
          if (schema.ns === XSD_NS) schemas.addSchema(source, schema, fileOnDisk);
          else if (OLD_XSD_NAMESPACES.has(schema.ns)) diagnostics.push({ severity: 'error', message: `this schema uses the draft XML Schema namespace '${schema.ns}'; only the XSD 1.0 Recommendation's '${XSD_NS}' is supported`, location: locate(source, schema) });
        }
        break;
      case 'message':
        if (defs.messages.has(key)) diagnostics.push({ severity: 'error', message: `duplicate message '${name}'`, location: locate(source, child) });
        defs.messages.set(key, {
          source,
          el: child,
          parts: childrenOf(child, WSDL_NS, 'part').map((part) => ({
            name: attr(part, 'name') ?? '',
            element: resolveAttr(source, part, 'element', diagnostics),
            type: resolveAttr(source, part, 'type', diagnostics),
            el: part,
          })),
        });
        break;
      case 'portType':
        defs.portTypes.set(key, { source, el: child });
        break;
      case 'binding':
        defs.bindings.set(key, { source, el: child });
        break;
      case 'service':
        defs.services.push({ source, el: child });
        break;
    }
  }
}

function resolveAttr(source: XmlSource, el: XmlElement, name: string, diagnostics: Diagnostic[]): QName | undefined {
  const value = attr(el, name);
  if (value === undefined) return undefined;
  const q = qnameAttr(el, value);
  if (!q) diagnostics.push({ severity: 'error', message: `${name}="${value}" uses an undeclared namespace prefix`, location: locate(source, el) });
  return q;
}

function compileServices(defs: Definitions, compiler: TypeCompiler, diagnostics: Diagnostic[]): SoapService[] {
  const bindingCache = new Map<string, SoapBinding | null>();
  const services: SoapService[] = [];
  for (const { source, el } of defs.services) {
    const ports: SoapPort[] = [];
    for (const portEl of childrenOf(el, WSDL_NS, 'port')) {
      const bindingQ = resolveAttr(source, portEl, 'binding', diagnostics);
      if (!bindingQ) continue;
      const key = clark(bindingQ);
      if (!bindingCache.has(key)) {
        const decl = defs.bindings.get(key);
        if (!decl) {
          diagnostics.push({ severity: 'error', message: `port '${attr(portEl, 'name')}' refers to unknown binding '${bindingQ.local}'`, location: locate(source, portEl) });
          bindingCache.set(key, null);
          continue;
        }
        bindingCache.set(key, compileBinding(decl, defs, compiler, diagnostics));
      }
      const binding = bindingCache.get(key);
      if (!binding) continue;
      const address = portEl.children.find((c) => (c.ns === SOAP11_BINDING_NS || c.ns === SOAP12_BINDING_NS) && c.local === 'address');
      const port: SoapPort = { name: attr(portEl, 'name') ?? binding.name, binding, location: locate(source, portEl) };
      const location = address && attr(address, 'location');
      if (location) port.address = location;
      ports.push(port);
    }
    if (ports.length) services.push({ name: attr(el, 'name') ?? 'Service', doc: documentation(el), location: locate(source, el), ports });
  }
  return services;
}

/** PortTypes whose operations were checked for a name. */
const namedOnce = new WeakSet<XmlElement>();

/** A SOAP binding → its operations with styles, actions and messages. Non-SOAP bindings are skipped with a warning. */
function compileBinding(decl: Located, defs: Definitions, compiler: TypeCompiler, diagnostics: Diagnostic[]): SoapBinding | null {
  const { source, el } = decl;
  const name = attr(el, 'name') ?? 'Binding';
  const soapBinding = el.children.find((c) => (c.ns === SOAP11_BINDING_NS || c.ns === SOAP12_BINDING_NS) && c.local === 'binding');
  if (!soapBinding) {
    const http = firstChild(el, HTTP_BINDING_NS, 'binding');
    const what = http ? `HTTP ${attr(http, 'verb') ?? ''} binding` : 'binding without soap:binding';
    diagnostics.push({ severity: 'warning', message: `${what} '${name}' is not supported; its ports are skipped`, location: locate(source, el) });
    return null;
  }
  const bindingNs = soapBinding.ns;
  const version = bindingNs === SOAP12_BINDING_NS ? '1.2' : '1.1';
  const transport = attr(soapBinding, 'transport');
  if (transport && transport !== 'http://schemas.xmlsoap.org/soap/http') {
    diagnostics.push({ severity: 'warning', message: `binding '${name}' uses transport '${transport}'; the generated code speaks HTTP`, location: locate(source, soapBinding) });
  }
  const defaultStyle = enumAttr(source, soapBinding, 'style', ['document', 'rpc'], diagnostics) ?? 'document';
  const portTypeQ = resolveAttr(source, el, 'type', diagnostics);
  const portType = portTypeQ ? defs.portTypes.get(clark(portTypeQ)) : undefined;
  if (!portType) {
    diagnostics.push({ severity: 'error', message: `binding '${name}' refers to unknown portType '${portTypeQ?.local ?? ''}'`, location: locate(source, el) });
    return null;
  }
  // Checked once per portType (the SOAP 1.1 and 1.2 bindings usually share it).
  for (const o of namedOnce.has(portType.el) ? [] : childrenOf(portType.el, WSDL_NS, 'operation')) {
    namedOnce.add(portType.el);
    if (!attr(o, 'name')) diagnostics.push({ severity: 'error', message: `an operation of portType '${attr(portType.el, 'name')}' has no name`, location: locate(portType.source, o) });
  }
  const operations: SoapOperation[] = [];
  for (const opEl of childrenOf(el, WSDL_NS, 'operation')) {
    const opName = attr(opEl, 'name') ?? '';
    const abstract = childrenOf(portType.el, WSDL_NS, 'operation').find((o) => attr(o, 'name') === opName);
    if (!abstract) {
      // Tolerated: nothing could be generated for it (no messages), and the rest of the binding is usable.
      diagnostics.push({ severity: 'warning', message: `binding operation '${opName}' is not in portType '${attr(portType.el, 'name')}'; it is skipped`, location: locate(source, opEl) });
      continue;
    }
    if (!firstChild(abstract, WSDL_NS, 'input')) {
      const what = firstChild(abstract, WSDL_NS, 'output') ? 'a notification operation (output only)' : 'an operation without input';
      diagnostics.push({ severity: 'warning', message: `operation '${opName}' is ${what}: the service would send it unasked, which request/response HTTP cannot carry; it is not generated`, location: locate(portType.source, abstract) });
      continue;
    }
    const soapOp = firstChild(opEl, bindingNs, 'operation');
    const style = enumAttr(source, soapOp, 'style', ['document', 'rpc'], diagnostics) ?? defaultStyle;
    const inputBody = bodyOf(opEl, 'input', bindingNs);
    const outputBody = bodyOf(opEl, 'output', bindingNs);
    enumAttr(source, outputBody, 'use', ['literal', 'encoded'], diagnostics);
    const use = enumAttr(source, inputBody, 'use', ['literal', 'encoded'], diagnostics) ?? 'literal';
    const context = { source, opEl, opName, style, diagnostics, compiler } as const;
    const inputMsg = messageOf(portType, abstract, 'input', defs, diagnostics);
    const outputMsg = messageOf(portType, abstract, 'output', defs, diagnostics);
    const inputHeader = soapHeader(context, defs, firstChild(opEl, WSDL_NS, 'input'), bindingNs, `${opName}RequestHeader`);
    const outputHeader = soapHeader(context, defs, firstChild(opEl, WSDL_NS, 'output'), bindingNs, `${opName}ResponseHeader`);
    const input = inputMsg && soapMessage(context, inputMsg, inputBody, opName, inputHeader?.parts);
    if (!input) continue;
    if (inputHeader) input.header = inputHeader.type;
    const operation: SoapOperation = {
      name: opName,
      doc: documentation(abstract),
      soapAction: (soapOp && attr(soapOp, 'soapAction')) ?? '',
      style,
      use,
      input,
      faults: [],
      location: locate(source, opEl),
    };
    if (outputMsg) {
      const output = soapMessage(context, outputMsg, outputBody, `${opName}Response`, outputHeader?.parts);
      if (!output) continue;
      if (outputHeader) output.header = outputHeader.type;
      operation.output = output;
    }
    const encodingStyle = inputBody && attr(inputBody, 'encodingStyle');
    if (use === 'encoded' && encodingStyle) operation.encodingStyle = encodingStyle;
    for (const faultEl of childrenOf(abstract, WSDL_NS, 'fault')) {
      const msgQ = resolveAttr(portType.source, faultEl, 'message', diagnostics);
      const msg = msgQ && defs.messages.get(clark(msgQ));
      const part = msg?.parts[0];
      const fault: SoapOperation['faults'][number] = { name: attr(faultEl, 'name') ?? 'fault', doc: documentation(faultEl) };
      if (part?.element) {
        const elementName = compiler.globalElement(part.element, msg!, part.el);
        const decl = elementName ? compiler.elementDecl(elementName) : undefined;
        if (decl) fault.type = decl.type;
      }
      operation.faults.push(fault);
    }
    operations.push(operation);
  }
  warnIndistinct(operations, source, diagnostics);
  return { name, version, operations };
}

/**
 * Operations whose requests are the same Body element (bare messages sharing one element) are told
 * apart by SOAPAction alone: warn where it cannot (the same action, or none), since the server then
 * dispatches all of them to the first. (Messages of several parts are not compared yet.)
 */
function warnIndistinct(operations: SoapOperation[], source: XmlSource, diagnostics: Diagnostic[]): void {
  const seen = new Map<string, SoapOperation>();
  for (const op of operations) {
    if (!op.input.element) continue;
    const key = `${clark(op.input.element)} ${op.soapAction}`;
    const other = seen.get(key);
    if (other) diagnostics.push({ severity: 'warning', message: `operations '${other.name}' and '${op.name}' send the same Body element ${op.soapAction ? `and SOAPAction '${op.soapAction}'` : 'without a SOAPAction'}: a server cannot tell them apart and dispatches both to '${other.name}'`, location: op.location ?? locate(source, source.root) });
    else seen.set(key, op);
  }
}

/**
 * The soap:header blocks of one direction of a binding operation, as one synthesized object type:
 * a field per block, named after its message part, optional (the WSDL cannot say a block is
 * mandatory; a service that needs one faults without it). Returns the parts so the body leaves them out.
 */
function soapHeader(ctx: OperationContext, defs: Definitions, io: XmlElement | undefined, bindingNs: string, typeName: string): { type: NamedRef; parts: MessageDecl['parts'] } | undefined {
  const headers = io ? childrenOf(io, bindingNs, 'header') : [];
  if (!headers.length) return undefined;
  const fields: Field[] = [];
  const parts: MessageDecl['parts'] = [];
  for (const header of headers) {
    const msgQ = resolveAttr(ctx.source, header, 'message', ctx.diagnostics);
    const msg = msgQ && defs.messages.get(clark(msgQ));
    const part = msg ? msg.parts.find((p) => p.name === attr(header, 'part')) : undefined;
    if (!msg || !part) {
      ctx.diagnostics.push({ severity: 'error', message: `soap:header of operation '${ctx.opName}' refers to unknown ${msg ? `part '${attr(header, 'part') ?? ''}' of message '${attr(msg.el, 'name')}'` : `message '${msgQ?.local ?? attr(header, 'message') ?? ''}'`}`, location: locate(ctx.source, header) });
      continue;
    }
    if (enumAttr(ctx.source, header, 'use', ['literal', 'encoded'], ctx.diagnostics) === 'encoded') {
      ctx.diagnostics.push({ severity: 'warning', message: `operation '${ctx.opName}': encoded SOAP headers are not supported; header part '${part.name}' is skipped`, location: locate(ctx.source, header) });
      continue;
    }
    for (const fault of childrenOf(header, bindingNs, 'headerfault')) {
      ctx.diagnostics.push({ severity: 'warning', message: `operation '${ctx.opName}': soap:headerfault is not modelled (a header fault arrives as a plain SoapFault)`, location: locate(ctx.source, fault) });
    }
    let element: QName;
    let type: TypeRef;
    let nullable = false;
    if (part.element) {
      const name = ctx.compiler.globalElement(part.element, msg, part.el);
      const decl = name ? ctx.compiler.elementDecl(name) : undefined;
      if (!decl) continue;
      element = part.element;
      type = decl.type;
      nullable = decl.nillable;
    } else if (part.type) {
      // A type= part travels as an element named after the part, in soap:header/@namespace.
      element = { ns: attr(header, 'namespace') ?? '', local: part.name };
      type = ctx.compiler.namedTypeRef(part.type, msg, part.el);
    } else continue;
    parts.push(part);
    fields.push({ name: part.name, type, required: false, nullable, xml: { node: 'element', ns: element.ns, local: element.local }, doc: documentation(part.el), location: locate(msg.source, part.el) });
  }
  if (!fields.length) return undefined;
  // The SOAP 1.1 and 1.2 bindings of a port type usually declare the same blocks: one type for both.
  const key = `${typeName} ${JSON.stringify(fields.map((f) => [f.name, f.xml, f.type]))}`;
  const known = headerTypes.get(ctx.compiler)?.get(key);
  if (known) return { type: known, parts };
  const object: ObjectType = { kind: 'object', name: ctx.compiler.claimName(typeIdentifier(typeName)), doc: `SOAP header blocks of \`${ctx.opName}\`.`, fields, location: locate(ctx.source, headers[0]!) };
  ctx.compiler.addSynthetic(object);
  const type: NamedRef = { kind: 'named', name: object.name };
  headerTypes.set(ctx.compiler, (headerTypes.get(ctx.compiler) ?? new Map<string, NamedRef>()).set(key, type));
  return { type, parts };
}

/** Header types already synthesized, per load (keyed by the compiler of that load). */
const headerTypes = new WeakMap<TypeCompiler, Map<string, NamedRef>>();

function bodyOf(opEl: XmlElement, direction: 'input' | 'output', bindingNs: string): XmlElement | undefined {
  const io = firstChild(opEl, WSDL_NS, direction);
  return io ? firstChild(io, bindingNs, 'body') : undefined;
}

function messageOf(portType: Located, abstract: XmlElement, direction: 'input' | 'output', defs: Definitions, diagnostics: Diagnostic[]): MessageDecl | undefined {
  const io = firstChild(abstract, WSDL_NS, direction);
  if (!io) return undefined;
  const q = resolveAttr(portType.source, io, 'message', diagnostics);
  const msg = q && defs.messages.get(clark(q));
  if (!msg) diagnostics.push({ severity: 'error', message: `unknown message '${q?.local ?? attr(io, 'message') ?? ''}'`, location: locate(portType.source, io) });
  return msg || undefined;
}

interface OperationContext {
  source: XmlSource;
  opEl: XmlElement;
  opName: string;
  style: 'document' | 'rpc';
  diagnostics: Diagnostic[];
  compiler: TypeCompiler;
}

/**
 * A message as it sits in soap:Body. Document style needs exactly one
 * element part (the wrapper); rpc style synthesizes the wrapper from the parts.
 */
function soapMessage(ctx: OperationContext, msg: MessageDecl, body: XmlElement | undefined, wrapperName: string, headerParts: MessageDecl['parts'] = []): SoapMessage | undefined {
  const partNames = body && attr(body, 'parts');
  // Without soap:body/@parts, the body is every part of the message not bound to a soap:header.
  const parts = partNames ? msg.parts.filter((p) => partNames.split(/\s+/).includes(p.name)) : msg.parts.filter((p) => !headerParts.includes(p));
  if (ctx.style === 'document') {
    const typed = parts.find((p) => !p.element);
    if (typed) {
      ctx.diagnostics.push({
        severity: 'warning',
        message: `operation '${ctx.opName}': document style needs element parts; part '${typed.name}' of message '${attr(msg.el, 'name')}' is typed with type=; the operation is skipped`,
        location: locate(msg.source, typed.el),
      });
      return undefined;
    }
    const part = parts[0];
    // One element part: soap:Body holds that element (wrapped, or bare when it is not named after the operation).
    if (parts.length === 1 && part?.element) {
      const elementType = ctx.compiler.globalElement(part.element, msg, part.el);
      const decl = elementType ? ctx.compiler.elementDecl(elementType) : undefined;
      if (!decl) return undefined;
      if (decl.substitutes?.length) {
        ctx.diagnostics.push({
          severity: 'warning',
          message: `operation '${ctx.opName}': message element '${part.element.local}' heads a substitution group; a member element in soap:Body is not accepted, only '${part.element.local}' itself`,
          location: locate(msg.source, part.el),
        });
      }
      return { element: part.element, type: decl.type, elementType };
    }
    return partsMessage(ctx, msg, parts, wrapperName);
  }
  // rpc: the wrapper is named after the operation, in soap:body/@namespace; parts are unqualified children.
  const namespace = (body && attr(body, 'namespace')) ?? '';
  const fields: Field[] = parts.map((part) => {
    let type: TypeRef = { kind: 'unknown', reason: 'part without type' };
    if (part.type) type = ctx.compiler.namedTypeRef(part.type, msg, part.el);
    else if (part.element) {
      const name = ctx.compiler.globalElement(part.element, msg, part.el);
      const decl = name ? ctx.compiler.elementDecl(name) : undefined;
      if (decl) type = decl.type;
    }
    return {
      name: part.name,
      type,
      required: true,
      // rpc/encoded senders nil out absent values (xsi:nil), so every part may be null.
      nullable: true,
      xml: { node: 'element', ns: '', local: part.name },
      doc: documentation(part.el),
      location: locate(msg.source, part.el),
    } satisfies Field;
  });
  const object: ObjectType = {
    kind: 'object',
    name: ctx.compiler.claimName(typeIdentifier(wrapperName === ctx.opName ? `${ctx.opName}Request` : wrapperName)),
    doc: documentation(msg.el),
    fields,
    location: locate(msg.source, msg.el),
  };
  ctx.compiler.addSynthetic(object);
  return { element: { ns: namespace, local: wrapperName }, type: { kind: 'named', name: object.name } };
}

/**
 * A document message of zero or several element parts: soap:Body holds one element per part, in
 * order, with no wrapper. Its type is a synthesized object with a field per part (none: an empty Body).
 */
function partsMessage(ctx: OperationContext, msg: MessageDecl, parts: MessageDecl['parts'], wrapperName: string): SoapMessage | undefined {
  const fields: Field[] = [];
  for (const part of parts) {
    const name = ctx.compiler.globalElement(part.element!, msg, part.el);
    const decl = name ? ctx.compiler.elementDecl(name) : undefined;
    if (!decl) return undefined;
    fields.push({ name: part.name, type: decl.type, required: true, nullable: decl.nillable, xml: { node: 'element', ns: decl.element.ns, local: decl.element.local }, doc: documentation(part.el), location: locate(msg.source, part.el) });
  }
  const object: ObjectType = {
    kind: 'object',
    name: ctx.compiler.claimName(typeIdentifier(wrapperName === ctx.opName ? `${ctx.opName}Request` : wrapperName)),
    doc: documentation(msg.el) ?? (fields.length ? `The parts of message \`${attr(msg.el, 'name')}\`, each an element of soap:Body, in this order.` : `Message \`${attr(msg.el, 'name')}\` has no parts: soap:Body is empty.`),
    fields,
    location: locate(msg.source, msg.el),
  };
  ctx.compiler.addSynthetic(object);
  return { body: 'parts', type: { kind: 'named', name: object.name } };
}
