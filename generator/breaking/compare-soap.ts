/**
 * SOAP: what old clients of a WSDL see of it. Ports are matched by service and port name (a port
 * renamed at the same address and SOAP version is the same port to the wire), operations by name
 * within a port's binding; each operation's messages are compared once, however many ports share it.
 */
import type { Field, SoapMessage, SoapOperation, SoapPort, SoapService } from '../model/model.ts';
import { clientClassNames } from '../emit/soap/client.ts';
import { handlersInterfaceName } from '../emit/soap/server.ts';
import type { Findings, Scope } from './findings.ts';
import { below, type Direction, type Side, type Site, type TypeComparison } from './compare-types.ts';

interface PortOf {
  service: SoapService;
  port: SoapPort;
}

export function compareSoap(types: TypeComparison, findings: Findings, api: Scope): void {
  const before = types.before.api;
  const after = types.after.api;
  const apiSite = (path: string, subject: string, what: string): Site => ({ scope: api, rel: path, subject, what });
  const bSoap = before.soap!;
  const aSoap = after.soap!;
  if (bSoap.targetNamespace !== aSoap.targetNamespace) {
    types.flag('NAMESPACE-CHANGED', { ...apiSite('targetNamespace', 'targetNamespace', 'the target namespace'), before: bSoap.location, after: aSoap.location }, `${bSoap.targetNamespace} → ${aSoap.targetNamespace}`);
  }
  const ports = (services: SoapService[]): PortOf[] => services.flatMap((service) => service.ports.map((port) => ({ service, port })));
  const bPorts = ports(bSoap.services);
  const aPorts = ports(aSoap.services);
  const pairs = matchPorts(bPorts, aPorts);
  const bClasses = clientClassNames(before);
  const aClasses = clientClassNames(after);
  const operations = new OperationComparison(types, findings);
  for (const [b, a] of pairs.matched) {
    const label = `port \`${a.service.name}/${a.port.name}\``;
    const site: Site = { ...apiSite(`ports/${a.service.name}/${a.port.name}`, `port ${b.service.name}/${b.port.name}`, label), before: b.port.location, after: a.port.location };
    if (b.port.binding.version !== a.port.binding.version) types.flag('SOAP-VERSION-CHANGED', site, `SOAP ${b.port.binding.version} → ${a.port.binding.version}`);
    if (addressPath(b.port.address) !== addressPath(a.port.address)) types.flag('ENDPOINT-PATH-CHANGED', site, `${b.port.address ?? '(none)'} → ${a.port.address ?? '(none)'}`);
    const bClass = bClasses.get(b.port)!;
    const aClass = aClasses.get(a.port)!;
    if (bClass !== aClass) types.flag('CODE-CLASS-RENAMED', site, `client class \`${bClass}\` is now \`${aClass}\``);
    const bHandlers = handlersInterfaceName(b.service);
    const aHandlers = handlersInterfaceName(a.service);
    if (bHandlers !== aHandlers) types.flag('CODE-CLASS-RENAMED', { ...apiSite(`services/${a.service.name}`, `service ${b.service.name}`, `service \`${a.service.name}\``), before: b.service.location, after: a.service.location }, `handler interface \`${bHandlers}\` (and its listener) is now \`${aHandlers}\``);
    const stillOffered = new Set(aPorts.flatMap((p) => p.port.binding.operations.map((o) => o.name)));
    const aOps = new Map(a.port.binding.operations.map((o) => [o.name, o]));
    for (const bOp of b.port.binding.operations) {
      const aOp = aOps.get(bOp.name);
      if (aOp) operations.compare(bOp, aOp);
      else {
        const where = stillOffered.has(bOp.name) ? ` from ${label} (other ports still offer it)` : '';
        types.flag('OP-REMOVED', { ...operations.siteOf(bOp), before: bOp.location }, `removed${where}`, 'before');
      }
    }
    const bNames = new Set(b.port.binding.operations.map((o) => o.name));
    for (const aOp of a.port.binding.operations) if (!bNames.has(aOp.name)) types.flag('OP-ADDED', { ...operations.siteOf(aOp), after: aOp.location }, 'added', 'after');
  }
  for (const b of pairs.removed) {
    types.flag('PORT-REMOVED', { ...apiSite(`ports/${b.service.name}/${b.port.name}`, `port ${b.service.name}/${b.port.name}`, `port \`${b.service.name}/${b.port.name}\``), before: b.port.location }, `removed (SOAP ${b.port.binding.version}, ${b.port.address ?? 'no address'})`, 'before');
    const offered = new Set(aPorts.flatMap((p) => p.port.binding.operations.map((o) => o.name)));
    for (const bOp of b.port.binding.operations) if (!offered.has(bOp.name)) types.flag('OP-REMOVED', { ...operations.siteOf(bOp), before: bOp.location }, 'removed', 'before');
  }
  for (const a of pairs.added) {
    types.flag('PORT-ADDED', { ...apiSite(`ports/${a.service.name}/${a.port.name}`, `port ${a.service.name}/${a.port.name}`, `port \`${a.service.name}/${a.port.name}\``), after: a.port.location }, `added (SOAP ${a.port.binding.version})`, 'after');
    const known = new Set(bPorts.flatMap((p) => p.port.binding.operations.map((o) => o.name)));
    for (const aOp of a.port.binding.operations) if (!known.has(aOp.name)) types.flag('OP-ADDED', { ...operations.siteOf(aOp), after: aOp.location }, 'added', 'after');
  }
}

/** Ports by service and port name; the rest by SOAP version and address (a rename the wire does not see). */
function matchPorts(before: PortOf[], after: PortOf[]): { matched: [PortOf, PortOf][]; removed: PortOf[]; added: PortOf[] } {
  const byName = (p: PortOf) => `${p.service.name}/${p.port.name}`;
  const byEndpoint = (p: PortOf) => `${p.port.binding.version} ${p.port.address ?? ''}`;
  const matched: [PortOf, PortOf][] = [];
  let removed = [...before];
  let added = [...after];
  for (const key of [byName, byEndpoint]) {
    const next: PortOf[] = [];
    for (const b of removed) {
      const i = added.findIndex((a) => key(a) === key(b));
      if (i < 0) next.push(b);
      else matched.push([b, added.splice(i, 1)[0]!]);
    }
    removed = next;
  }
  return { matched, removed, added };
}

/** The path of an endpoint URL: the host differs between environments, the path is part of the contract. */
function addressPath(address: string | undefined): string {
  if (address === undefined) return '';
  try {
    return new URL(address).pathname;
  } catch {
    return address;
  }
}

/** The operations of every port, each compared once (SOAP 1.1 and 1.2 ports normally share them). */
class OperationComparison {
  private readonly scopes = new Map<string, Scope>();
  private readonly done = new Set<string>();

  constructor(
    private readonly types: TypeComparison,
    private readonly findings: Findings,
  ) {}

  /** Findings about an operation as a whole hang under the operation's own heading. */
  siteOf(op: SoapOperation): Site {
    let scope = this.scopes.get(op.name);
    if (!scope) this.scopes.set(op.name, (scope = this.findings.root(op.name, op.name)));
    return { scope, rel: '', subject: `operation ${op.name}`, what: `operation \`${op.name}\`` };
  }

  compare(b: SoapOperation, a: SoapOperation): void {
    if (this.done.has(a.name)) return;
    this.done.add(a.name);
    const types = this.types;
    const site: Site = { ...this.siteOf(a), before: b.location, after: a.location };
    if (b.soapAction !== a.soapAction) types.flag('SOAP-ACTION-CHANGED', site, `SOAPAction ${JSON.stringify(b.soapAction)} → ${JSON.stringify(a.soapAction)}`);
    if (b.style !== a.style) types.flag('SOAP-STYLE-CHANGED', site, `${b.style} → ${a.style}`);
    if (b.use !== a.use) types.flag('SOAP-USE-CHANGED', site, `${b.use} → ${a.use}`);
    this.compareMessage(b.input, a.input, 'request', { ...site, rel: 'request', subject: `${site.subject} request`, what: `message of \`${a.name}\`` });
    const output: Site = { ...site, rel: 'response', subject: `${site.subject} response`, what: `message of \`${a.name}\``, dir: 'response' };
    if (b.output && a.output) this.compareMessage(b.output, a.output, 'response', output);
    else if (b.output) types.flag('RES-BODY-REMOVED', output, 'the operation no longer answers (one-way)');
    else if (a.output) types.flag('RESPONSE-ADDED', output, 'the operation now answers');
    const aFaults = new Map(a.faults.map((f) => [f.name, f]));
    for (const bf of b.faults) {
      const fault: Site = { ...site, rel: `fault/${bf.name}`, subject: `${site.subject} fault ${bf.name}`, what: `fault \`${bf.name}\` of \`${a.name}\``, dir: 'response' };
      const af = aFaults.get(bf.name);
      if (!af) types.flag('RES-FAULT-REMOVED', fault, 'removed', 'before');
      else if (bf.type && af.type) types.compare(bf.type, af.type, 'response', fault);
    }
    const bFaults = new Set(b.faults.map((f) => f.name));
    for (const af of a.faults) if (!bFaults.has(af.name)) types.flag('RESPONSE-ADDED', { ...site, rel: `fault/${af.name}`, subject: `${site.subject} fault ${af.name}`, what: `fault \`${af.name}\` of \`${a.name}\``, dir: 'response' }, 'added', 'after');
  }

  private compareMessage(b: SoapMessage, a: SoapMessage, dir: Direction, site: Site): void {
    const types = this.types;
    // A message of several parts has no one body element: its parts' elements are compared as the fields of its type.
    const body = (m: SoapMessage): string => (m.element ? `body element {${m.element.ns}}${m.element.local}` : 'body parts');
    if (b.element?.local !== a.element?.local || (b.element && a.element && !types.sameNamespace(b.element.ns, a.element.ns))) {
      types.flag('ELEMENT-NAME-CHANGED', site, `${body(b)} → ${body(a)}`);
    }
    types.compare(b.type, a.type, dir, site);
    // soap:header blocks: an object whose fields are the header elements.
    const header: Site = { ...site, rel: below(site.rel, 'header'), subject: `${site.subject} header` };
    if (b.header && a.header) return void types.compare(b.header, a.header, dir, header);
    const blockSite = (f: Field, side: 'before' | 'after'): Site => ({ ...header, rel: below(header.rel, f.name), subject: `${header.subject} ${f.name}`, what: `header block \`${f.name}\``, before: side === 'before' ? f.location : undefined, after: side === 'after' ? f.location : undefined });
    // A header block the server no longer reads is ignored (unless marked mustUnderstand, which the model does not carry).
    for (const f of headerBlocks(types.before, b.header)) types.memberRemoved(f, dir, blockSite(f, 'before'), false);
    for (const f of headerBlocks(types.after, a.header)) types.memberAdded(f, dir, blockSite(f, 'after'));
  }
}

function headerBlocks(side: Side, header: SoapMessage['header']): Field[] {
  const type = header && side.index.type(header.name);
  return type?.kind === 'object' ? type.fields : [];
}
