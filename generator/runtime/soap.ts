/**
 * SOAP 1.1 / 1.2 envelopes and faults: parse an envelope into header, body
 * and payload; build envelopes and faults the way .NET asmx writes them;
 * read a Fault from a response; HTTP headers per version; and SOAP 1.1/1.2
 * encoding multi-reference resolution for rpc/encoded services.
 *
 * Copied verbatim into generated code: imports only sibling runtime files.
 * @module
 */
import {
  EMPTY_ATTRS,
  escapeAttr,
  escapeText,
  parseXml,
  resolveQName,
  serializeElement,
  XmlParseError,
  type ParseLimits,
  type XmlElement,
  DEFAULT_LIMITS,
  XSI_NS,
  XSD_NS,
} from './xml.ts';

/** SOAP protocol version. */
export type SoapVersion = '1.1' | '1.2';
/** SOAP 1.1 envelope namespace. */
export const SOAP11_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** SOAP 1.2 envelope namespace. */
export const SOAP12_ENV_NS = 'http://www.w3.org/2003/05/soap-envelope';
/** SOAP 1.1 encoding namespace (`soapenc`, rpc/encoded). */
export const SOAP_ENC_NS = 'http://schemas.xmlsoap.org/soap/encoding/';
/** SOAP 1.2 encoding namespace. */
export const SOAP12_ENC_NS = 'http://www.w3.org/2003/05/soap-encoding';
/** Namespace of the fault details this runtime adds (`cg:path`, `cg:issue`). */
export const CG_NS = 'urn:contract-gen:v1';
/** WS-Security 1.0 `wsse` namespace: its fault codes (`wsse:FailedAuthentication`, …) are sender faults. */
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

/** A parsed SOAP envelope. */
export interface Envelope {
  /** Version, from the envelope namespace. */
  version: SoapVersion;
  /** The `Header` element, when present. */
  header?: XmlElement;
  /** The `Body` element. */
  body: XmlElement;
  /** The first child element of `Body` (the operation payload or a Fault), when present. */
  payload?: XmlElement;
}

/**
 * Whether a header block is addressed to this node: no actor/role, or the "next" (SOAP 1.2 also
 * the ultimate-receiver) one. A block for another actor or role is not ours to process.
 */
export function addressedToUs(envelope: Envelope, block: XmlElement): boolean {
  const env = envelopeNamespace(envelope.version);
  const ours = envelope.version === '1.2' ? ['', 'http://www.w3.org/2003/05/soap-envelope/role/next', 'http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver'] : ['', 'http://schemas.xmlsoap.org/soap/actor/next'];
  return ours.includes(block.attrs[`{${env}}${envelope.version === '1.2' ? 'role' : 'actor'}`] ?? '');
}

/**
 * The first header block the receiver must understand (`mustUnderstand` true) but does not: one
 * {@link addressedToUs} whose element is not among `understood`.
 */
export function misunderstoodHeader(envelope: Envelope, understood: readonly { ns: string; local: string }[]): XmlElement | undefined {
  const env = envelopeNamespace(envelope.version);
  return envelope.header?.children.find((block) => {
    const must = block.attrs[`{${env}}mustUnderstand`];
    if (must !== '1' && must !== 'true') return false;
    if (!addressedToUs(envelope, block)) return false;
    return !understood.some((u) => u.ns === block.ns && u.local === block.local);
  });
}

/** The envelope namespace of a version. */
export function envelopeNamespace(version: SoapVersion): string {
  return version === '1.2' ? SOAP12_ENV_NS : SOAP11_ENV_NS;
}

/** The prefix {@link buildEnvelope} binds to the envelope namespace: `soap` (1.1) or `soap12` (1.2), as asmx writes. */
export function envelopePrefix(version: SoapVersion): string {
  return version === '1.2' ? 'soap12' : 'soap';
}

/** SOAP 1.1 fault code names; written as `Sender`/`Receiver` in SOAP 1.2. */
export type FaultCode = 'Client' | 'Server' | 'VersionMismatch' | 'MustUnderstand';

/** A SOAP Fault, thrown by clients on fault responses and by handlers to answer with one. */
export class SoapFault extends Error {
  /** Fault code (SOAP 1.1 names). */
  readonly code: FaultCode;
  /** Human-readable reason (`faultstring` / `Reason/Text`). */
  readonly reason: string;
  /** Content of the `detail` / `Detail` element, as XML. */
  readonly detailXml?: string;
  /** Path of the offending field (written as `cg:path` in the detail). */
  readonly path?: string;
  /** Subcode: `Value` of SOAP 1.2 `Subcode`; in SOAP 1.1 appended as `soap:Client.<subcode>`. */
  readonly subcode?: string;
  /**
   * The namespace of a qualified subcode (WS-Security's `wsse:FailedAuthentication`): SOAP 1.1
   * then writes the subcode as the `faultcode` itself, as WS-Security asks, and SOAP 1.2 as the
   * Subcode Value in that namespace.
   */
  readonly subcodeNamespace?: { prefix: string; uri: string };

  constructor(code: FaultCode, reason: string, options?: { detailXml?: string; path?: string; subcode?: string; subcodeNamespace?: { prefix: string; uri: string } }) {
    super(reason);
    this.name = 'SoapFault';
    this.code = code;
    this.reason = reason;
    if (options?.detailXml !== undefined) this.detailXml = options.detailXml;
    if (options?.path !== undefined) this.path = options.path;
    if (options?.subcode !== undefined) this.subcode = options.subcode;
    if (options?.subcodeNamespace !== undefined) this.subcodeNamespace = options.subcodeNamespace;
  }
}

/** Child elements of `el` named `{ns}local`. */
function childrenNamed(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.local === local);
}

/**
 * Parses a SOAP envelope (a BOM and white space before it are skipped). Malformed XML, a DTD, exceeded limits or a missing
 * Body → `SoapFault('Client')`; a root `Envelope` in an unknown namespace →
 * `SoapFault('VersionMismatch')`.
 */
export function parseEnvelope(xml: string, limits?: Partial<ParseLimits>): Envelope {
  let root: XmlElement;
  // Tolerated: stacks that send a UTF-8 BOM or a line break before the XML declaration (XML allows neither there).
  const lead = /^\uFEFF?[ \t\r\n]*/.exec(xml)![0].length;
  try {
    root = parseXml(lead ? xml.slice(lead) : xml, limits);
  } catch (e) {
    if (e instanceof XmlParseError) throw new SoapFault('Client', `Malformed request XML: ${e.message}`);
    throw e;
  }
  let version: SoapVersion;
  if (root.ns === SOAP11_ENV_NS) version = '1.1';
  else if (root.ns === SOAP12_ENV_NS) version = '1.2';
  else if (root.local === 'Envelope') {
    throw new SoapFault('VersionMismatch', `Unsupported SOAP envelope namespace '${root.ns}'`);
  } else {
    throw new SoapFault('Client', `Expected a SOAP Envelope, found element '${root.local}'`);
  }
  const envNs = root.ns;
  if (root.local !== 'Envelope') throw new SoapFault('Client', `Expected a SOAP Envelope, found '${root.local}'`);
  let header: XmlElement | undefined;
  let body: XmlElement | undefined;
  for (const child of root.children) {
    if (child.ns === envNs && child.local === 'Header') {
      if (header !== undefined || body !== undefined) throw new SoapFault('Client', 'SOAP Header must come once, before Body');
      header = child;
    } else if (child.ns === envNs && child.local === 'Body') {
      if (body !== undefined) throw new SoapFault('Client', 'SOAP Envelope has more than one Body');
      body = child;
    } else if (body === undefined || version === '1.2') {
      throw new SoapFault('Client', `Unexpected element '${child.local}' in the SOAP Envelope`);
    }
  }
  if (body === undefined) throw new SoapFault('Client', 'SOAP Envelope has no Body');
  const envelope: Envelope = { version, body };
  if (header !== undefined) envelope.header = header;
  if (body.children.length > 0) envelope.payload = body.children[0]!;
  return envelope;
}

/** Options for {@link buildEnvelope}. */
export interface EnvelopeOptions {
  /** XML of the header blocks (content of `Header`); no Header element when absent. */
  headerXml?: string | undefined;
  /** Writes the whole Header element given its qualified name (a generated header encoder); wins over `headerXml`. */
  header?: ((tag: string) => string) | undefined;
  /** XML of further header blocks (WS-Security's `wsse:Security`), written after the others; they may use the {@link envelopePrefix}. */
  headerBlocks?: string | undefined;
  /** prefix → namespace URI, declared on the Envelope (after the defaults `xsi` and `xsd`, which these override). */
  namespaces?: Record<string, string>;
  /** `encodingStyle` URI, written on the Body (SOAP 1.1 rpc/encoded, as asmx does). SOAP 1.2 forbids it there: put it on the payload element instead. */
  encodingStyle?: string | undefined;
}

const NCNAME = /^[A-Za-z_][\w.\-]*$/;

/**
 * Builds a complete SOAP message: XML declaration plus an Envelope with prefix
 * `soap` (1.1) or `soap12` (1.2) like asmx, declaring `xsi` and `xsd` and any
 * `options.namespaces`, an optional Header and a Body holding `bodyXml`.
 */
export function buildEnvelope(version: SoapVersion, bodyXml: string, options?: EnvelopeOptions): string {
  const p = envelopePrefix(version);
  const decls = new Map<string, string>([
    ['xsi', XSI_NS],
    ['xsd', XSD_NS],
  ]);
  for (const [prefix, uri] of Object.entries(options?.namespaces ?? {})) {
    if (!NCNAME.test(prefix) || prefix.toLowerCase().startsWith('xml')) throw new TypeError(`invalid namespace prefix '${prefix}'`);
    if (prefix === p) throw new TypeError(`namespace prefix '${prefix}' is reserved for the SOAP envelope`);
    decls.set(prefix, uri);
  }
  let attrs = '';
  for (const [prefix, uri] of decls) attrs += ` xmlns:${prefix}="${escapeAttr(uri)}"`;
  attrs += ` xmlns:${p}="${envelopeNamespace(version)}"`;
  const blocks = options?.headerBlocks ?? '';
  let header = '';
  if (options?.header) {
    header = options.header(`${p}:Header`);
    // The writer ends with the Header's end tag: further blocks go just before it.
    if (blocks !== '') header = header.slice(0, header.lastIndexOf('</')) + blocks + header.slice(header.lastIndexOf('</'));
  } else if (options?.headerXml !== undefined || blocks !== '') header = `<${p}:Header>${options?.headerXml ?? ''}${blocks}</${p}:Header>`;
  const enc = options?.encodingStyle !== undefined && version === '1.1' ? ` ${p}:encodingStyle="${escapeAttr(options.encodingStyle)}"` : '';
  return `<?xml version="1.0" encoding="utf-8"?><${p}:Envelope${attrs}>${header}<${p}:Body${enc}>${bodyXml}</${p}:Body></${p}:Envelope>`;
}

const CODE_12: Record<FaultCode, string> = {
  Client: 'Sender',
  Server: 'Receiver',
  VersionMismatch: 'VersionMismatch',
  MustUnderstand: 'MustUnderstand',
};

/** The detail content for a fault: its detailXml plus `cg:path` when it has a path. */
function detailContent(fault: SoapFault): string {
  let out = fault.detailXml ?? '';
  if (fault.path !== undefined) out += `<cg:path xmlns:cg="${CG_NS}">${escapeText(fault.path)}</cg:path>`;
  return out;
}

/** Builds a complete envelope carrying `fault` in the given version (1.1: faultcode/faultstring/detail; 1.2: Code/Reason/Detail). */
export function buildFault(version: SoapVersion, fault: SoapFault): string {
  const detail = detailContent(fault);
  const qualified = fault.subcode !== undefined && fault.subcodeNamespace !== undefined && NCNAME.test(fault.subcode) && NCNAME.test(fault.subcodeNamespace.prefix) ? fault.subcodeNamespace : undefined;
  if (version === '1.1') {
    const sub = fault.subcode !== undefined && NCNAME.test(fault.subcode) ? `.${fault.subcode}` : '';
    const code = qualified ? `<faultcode xmlns:${qualified.prefix}="${escapeAttr(qualified.uri)}">${qualified.prefix}:${fault.subcode}</faultcode>` : `<faultcode>soap:${fault.code}${sub}</faultcode>`;
    const body =
      `<soap:Fault>${code}<faultstring>${escapeText(fault.reason)}</faultstring>` +
      (detail !== '' ? `<detail>${detail}</detail>` : '') +
      '</soap:Fault>';
    return buildEnvelope('1.1', body);
  }
  // A subcode Value is a QName; a bare name is put in our own namespace so it resolves.
  let subcode = '';
  if (qualified) {
    subcode = `<soap12:Subcode><soap12:Value xmlns:${qualified.prefix}="${escapeAttr(qualified.uri)}">${qualified.prefix}:${fault.subcode}</soap12:Value></soap12:Subcode>`;
  } else if (fault.subcode !== undefined) {
    const prefixed = fault.subcode.includes(':');
    subcode = prefixed
      ? `<soap12:Subcode><soap12:Value>${escapeText(fault.subcode)}</soap12:Value></soap12:Subcode>`
      : `<soap12:Subcode><soap12:Value xmlns:cg="${CG_NS}">cg:${escapeText(fault.subcode)}</soap12:Value></soap12:Subcode>`;
  }
  const body =
    `<soap12:Fault><soap12:Code><soap12:Value>soap12:${CODE_12[fault.code]}</soap12:Value>${subcode}</soap12:Code>` +
    `<soap12:Reason><soap12:Text xml:lang="en">${escapeText(fault.reason)}</soap12:Text></soap12:Reason>` +
    (detail !== '' ? `<soap12:Detail>${detail}</soap12:Detail>` : '') +
    '</soap12:Fault>';
  return buildEnvelope('1.2', body);
}

/** Maps a fault code local name (either version) to {@link FaultCode}; unknown → undefined. */
function faultCodeOf(local: string): FaultCode | undefined {
  switch (local) {
    case 'Client':
    case 'Sender':
      return 'Client';
    case 'Server':
    case 'Receiver':
      return 'Server';
    case 'VersionMismatch':
      return 'VersionMismatch';
    case 'MustUnderstand':
      return 'MustUnderstand';
    case 'DataEncodingUnknown':
      return 'Client';
    default:
      return undefined;
  }
}

/** Splits a detail element into the caller's XML and our `cg:path`. */
function readDetail(detail: XmlElement | undefined): { detailXml?: string; path?: string } {
  if (detail === undefined) return {};
  let path: string | undefined;
  const parts: string[] = [];
  for (const c of detail.children) {
    if (c.ns === CG_NS && c.local === 'path') path = c.text;
    else parts.push(serializeElement(c));
  }
  const out: { detailXml?: string; path?: string } = {};
  if (parts.length > 0) out.detailXml = parts.join('');
  else if (detail.children.length === 0 && detail.text.trim() !== '') out.detailXml = escapeText(detail.text);
  if (path !== undefined) out.path = path;
  return out;
}

/** The local part of a QName-valued text (`soap:Client.Auth` → `Client.Auth`). */
function localOf(qname: string): string {
  const t = qname.trim();
  const colon = t.indexOf(':');
  return colon === -1 ? t : t.slice(colon + 1);
}

/**
 * Reads the Fault in a response envelope (either version), or `undefined`
 * when the Body holds no Fault. Unknown codes become `Server` with the code
 * kept as `subcode`; SOAP 1.1 dotted codes (`Client.Auth`) keep the part after
 * the dot as `subcode`.
 */
export function readFault(envelope: Envelope): SoapFault | undefined {
  const envNs = envelopeNamespace(envelope.version);
  const fault = envelope.body.children.find((c) => c.ns === envNs && c.local === 'Fault');
  if (fault === undefined) return undefined;
  const faultcode = childrenNamed(fault, '', 'faultcode')[0];
  // node-soap answers SOAP 1.1 requests with a 1.2-shaped Fault (Code/Reason in the 1.1 namespace): read it by its shape.
  if (envelope.version === '1.1' && (faultcode !== undefined || childrenNamed(fault, envNs, 'Code').length === 0)) {
    const reason = childrenNamed(fault, '', 'faultstring')[0]?.text ?? '';
    const detail = readDetail(childrenNamed(fault, '', 'detail')[0]);
    const foreign = faultcode && qualifiedSubcode(faultcode, envNs);
    if (foreign) return new SoapFault(foreign.uri === WSSE_NS ? 'Client' : 'Server', reason, { ...detail, subcode: foreign.local, subcodeNamespace: { prefix: foreign.prefix, uri: foreign.uri } });
    const codeText = localOf(faultcode?.text ?? '');
    const dot = codeText.indexOf('.');
    const main = dot === -1 ? codeText : codeText.slice(0, dot);
    const code = faultCodeOf(main);
    let subcode = dot === -1 ? undefined : codeText.slice(dot + 1);
    if (code === undefined) subcode = codeText;
    return new SoapFault(code ?? 'Server', reason, { ...detail, ...(subcode !== undefined && subcode !== '' ? { subcode } : {}) });
  }
  const codeEl = childrenNamed(fault, envNs, 'Code')[0];
  const valueText = codeEl ? localOf(childrenNamed(codeEl, envNs, 'Value')[0]?.text ?? '') : '';
  const code = faultCodeOf(valueText);
  const subEl = codeEl ? childrenNamed(codeEl, envNs, 'Subcode')[0] : undefined;
  const subValue = subEl ? childrenNamed(subEl, envNs, 'Value')[0] : undefined;
  let subcode = subValue ? localOf(subValue.text) : undefined;
  const foreign = subValue && qualifiedSubcode(subValue, envNs);
  if (code === undefined || valueText === 'DataEncodingUnknown') subcode = valueText;
  const reasonEl = childrenNamed(fault, envNs, 'Reason')[0];
  const texts = reasonEl ? childrenNamed(reasonEl, envNs, 'Text') : [];
  const english = texts.find((t) => (t.attrs['{http://www.w3.org/XML/1998/namespace}lang'] ?? '').toLowerCase().startsWith('en'));
  const reason = (english ?? texts[0])?.text ?? '';
  const detail = readDetail(childrenNamed(fault, envNs, 'Detail')[0]);
  return new SoapFault(code ?? 'Server', reason, {
    ...detail,
    ...(subcode !== undefined && subcode !== '' ? { subcode } : {}),
    ...(foreign && subcode === foreign.local ? { subcodeNamespace: { prefix: foreign.prefix, uri: foreign.uri } } : {}),
  });
}

/** A QName-valued code text in a namespace of its own (not the envelope's, nor ours for bare subcodes), e.g. `wsse:FailedAuthentication`. */
function qualifiedSubcode(el: XmlElement, envNs: string): { prefix: string; uri: string; local: string } | undefined {
  const text = el.text.trim();
  if (!text.includes(':')) return undefined;
  const q = resolveQName(el, text);
  if (q === undefined || q.ns === '' || q.ns === envNs || q.ns === CG_NS) return undefined;
  return { prefix: text.slice(0, text.indexOf(':')), uri: q.ns, local: q.local };
}

/**
 * HTTP request headers for a SOAP call. 1.1: `Content-Type: text/xml;
 * charset=utf-8` and `SOAPAction: "<action>"`; 1.2: `Content-Type:
 * application/soap+xml; charset=utf-8; action="<action>"` (no action
 * parameter when the action is empty).
 */
export function requestHeaders(version: SoapVersion, soapAction: string): Record<string, string> {
  const action = soapAction.replace(/["\\\r\n]/g, '');
  if (version === '1.2') {
    return { 'Content-Type': `application/soap+xml; charset=utf-8${action !== '' ? `; action="${action}"` : ''}` };
  }
  return { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${action}"` };
}

/** The Content-Type of a SOAP message (responses, faults) in a version. */
export function contentType(version: SoapVersion): string {
  return version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8';
}

/**
 * Resolves SOAP-encoding multi-reference values in a Body, in place: every
 * element with `href="#id"` (SOAP 1.1) or `enc:ref="id"` (SOAP 1.2) gets the
 * attributes (except the id), text and children of the element carrying that
 * id, and its scope (so `xsi:type` QNames still resolve). Top-level multiRef
 * elements that were referenced are then removed from the Body, so decoders
 * never see references. Cycles, dangling references and expansions larger
 * than the default element limit throw `SoapFault('Client')`.
 */
export function resolveMultiRefs(body: XmlElement): void {
  const ENC12_REF = `{${SOAP12_ENC_NS}}ref`;
  const ENC12_ID = `{${SOAP12_ENC_NS}}id`;
  const byId = new Map<string, XmlElement>();
  let hasRefs = false;
  // Iterative walk: bodies can be deep.
  const todo: XmlElement[] = [body];
  while (todo.length > 0) {
    const el = todo.pop() as XmlElement;
    const id = el.attrs['id'] ?? el.attrs[ENC12_ID];
    if (id !== undefined && el !== body) {
      if (byId.has(id)) throw new SoapFault('Client', `Duplicate multiRef id '${id}'`);
      byId.set(id, el);
    }
    if (el.attrs['href'] !== undefined || el.attrs[ENC12_REF] !== undefined) hasRefs = true;
    for (let i = el.children.length - 1; i >= 0; i--) todo.push(el.children[i]!);
  }
  if (!hasRefs) return;

  const refOf = (el: XmlElement): string | undefined => {
    const href = el.attrs['href'];
    if (href !== undefined) {
      if (!href.startsWith('#')) throw new SoapFault('Client', `Unsupported external href '${href}'`);
      return href.slice(1);
    }
    return el.attrs[ENC12_REF];
  };

  const state = new Map<XmlElement, 1 | 2>(); // 1 = resolving, 2 = done
  const sizes = new Map<XmlElement, number>();
  const referenced = new Set<XmlElement>();
  const limit = DEFAULT_LIMITS.maxElements;

  // Resolves `el`'s subtree (post-order, explicit stack) and returns its expanded element count.
  const resolve = (start: XmlElement): number => {
    const stack: { el: XmlElement; next: number }[] = [{ el: start, next: -1 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const el = frame.el;
      if (frame.next === -1) {
        const done = state.get(el);
        if (done === 2) {
          stack.pop();
          continue;
        }
        if (done === 1) throw new SoapFault('Client', 'Cyclic multiRef references cannot be decoded');
        state.set(el, 1);
        const id = refOf(el);
        if (id !== undefined) {
          const target = byId.get(id);
          if (target === undefined) throw new SoapFault('Client', `Reference to unknown multiRef id '${id}'`);
          referenced.add(target);
          // Resolve the target first; `next` stays -1 → re-enter via frame.next = -2.
          frame.next = -2;
          if (state.get(target) === 1) throw new SoapFault('Client', 'Cyclic multiRef references cannot be decoded');
          if (state.get(target) !== 2) {
            stack.push({ el: target, next: -1 });
            continue;
          }
        } else frame.next = 0;
      }
      if (frame.next === -2) {
        const target = byId.get(refOf(el) as string) as XmlElement;
        const attrs: Record<string, string> = Object.create(null);
        for (const k of Object.keys(target.attrs)) if (k !== 'id' && k !== ENC12_ID) attrs[k] = target.attrs[k]!;
        for (const k of Object.keys(el.attrs)) if (k !== 'href' && k !== ENC12_REF) attrs[k] = el.attrs[k]!;
        el.attrs = Object.keys(attrs).length === 0 ? EMPTY_ATTRS : attrs;
        el.children = target.children;
        el.text = target.text;
        el.scope = target.scope;
        const size = 1 + (sizes.get(target) ?? 1) - 1;
        sizes.set(el, size);
        if (size > limit) throw new SoapFault('Client', 'multiRef expansion exceeds the element limit');
        state.set(el, 2);
        stack.pop();
        continue;
      }
      if (frame.next < el.children.length) {
        const child = el.children[frame.next++]!;
        if (state.get(child) !== 2) stack.push({ el: child, next: -1 });
        continue;
      }
      let size = 1;
      for (const c of el.children) size += sizes.get(c) ?? 1;
      if (size > limit) throw new SoapFault('Client', 'multiRef expansion exceeds the element limit');
      sizes.set(el, size);
      state.set(el, 2);
      stack.pop();
    }
    return sizes.get(start) ?? 1;
  };

  resolve(body);
  // Drop the referenced top-level multiRef elements (never the payload itself).
  const kept = body.children.filter((c, i) => i === 0 || !referenced.has(c));
  if (kept.length !== body.children.length) body.children = kept;
}
