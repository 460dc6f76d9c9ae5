/**
 * The SOAP server request listener generated services mount: serves the WSDL
 * (`GET ?wsdl`) and its schemas (`GET ?xsd=<name>`), reads POSTed envelopes
 * with a size limit, detects the SOAP version, dispatches to a route by
 * SOAPAction / SOAP 1.2 `action` / payload element, and turns every error
 * into a proper Fault in the request's version. It never lets a request
 * crash the process and never sends a stack trace.
 *
 * Copied verbatim into generated code: imports only sibling runtime files and
 * `node:` built-ins.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Buffer } from 'node:buffer';
import { DEFAULT_LIMITS, escapeText, escapeAttr, type ParseLimits, type XmlElement } from './xml.ts';
import { DecodeError } from './values.ts';
import { ValidationError, type Issue } from './validation.ts';
import {
  buildEnvelope,
  buildFault,
  contentType,
  CG_NS,
  misunderstoodHeader,
  parseEnvelope,
  SoapFault,
  SOAP11_ENV_NS,
  SOAP12_ENV_NS,
  type Envelope,
  type EnvelopeOptions,
  type SoapVersion,
} from './soap.ts';
import { createWsSecurityCheck, SECURITY_HEADER, type WsSecurityIdentity, type WsSecurityPolicy } from './ws-security-server.ts';

export { ValidationError };
export type { UsernameToken, WsSecurityIdentity, WsSecurityPolicy } from './ws-security-server.ts';

/** One operation the listener can dispatch to. */
export interface SoapRoute {
  /** Operation name. */
  operation: string;
  /** SOAPAction URI (`''` if none). */
  soapAction: string;
  /** Request payload element (first child of Body); absent when the request's Body is empty (a message without parts). */
  element?: { ns: string; local: string };
  /** One-way operation: a request that succeeds is answered HTTP 202 Accepted with no body (WS-I Basic Profile R2714). */
  oneWay?: boolean;
  /**
   * Decode + validate + call the user's handler + encode; returns the response payload XML (the
   * content of soap:Body), with a Header writer when the handler set response header blocks.
   * Throws DecodeError/ValidationError/SoapFault.
   */
  invoke(envelope: Envelope, context: SoapCallContext): Promise<string | { body: string; header: ((tag: string) => string) | undefined }>;
  /** The header blocks the operation reads (soap:header): a `mustUnderstand` block not listed is a MustUnderstand fault. */
  understands?: readonly { ns: string; local: string }[];
  /** Extra namespace declarations the response envelope needs (rpc/encoded), optional. */
  responseNamespaces?: Record<string, string>;
  /** encodingStyle of the response Body (SOAP 1.1 rpc/encoded), optional. */
  responseEncodingStyle?: string;
}

/** What a handler learns about the call besides its input; the header types are those the binding declares. */
export interface SoapCallContext<RequestHeader = undefined, ResponseHeader = undefined> {
  /** The raw node request (headers, socket, …); its body has been consumed. */
  request: IncomingMessage;
  /** SOAP version of the request (the response uses the same). */
  version: SoapVersion;
  /** Name of the dispatched operation. */
  operation: string;
  /** The request's SOAP header blocks, decoded (each optional: a caller may leave one out). */
  header: RequestHeader;
  /** Set it to answer with SOAP header blocks. */
  responseHeader?: ResponseHeader | undefined;
  /** Who sent the request, when the listener's `wsSecurity` policy verified a UsernameToken. */
  wsSecurity?: WsSecurityIdentity | undefined;
}

/** Listener options. */
export interface SoapListenerOptions {
  /** WSDL text served at `GET ?wsdl`. */
  wsdl?: string;
  /** Extra documents served at `GET ?xsd=<name>` (e.g. imported schemas). */
  documents?: Record<string, string>;
  /** Parser limits; `maxBytes` also caps the request body (default {@link DEFAULT_MAX_REQUEST_BYTES}). */
  limits?: Partial<ParseLimits>;
  /** Accepted SOAP versions (default both). */
  versions?: SoapVersion[];
  /** Called with unexpected errors (those answered with "Internal server error"). */
  onError?: (error: unknown) => void;
  /**
   * WS-Security: every request must carry a `wsse:Security` UsernameToken the policy accepts
   * (which also makes a `mustUnderstand` Security header understood); without it such a header is
   * a MustUnderstand fault.
   */
  wsSecurity?: WsSecurityPolicy;
}

/**
 * Largest request body by default (clients' parser limit is larger): parsing is synchronous, so
 * a request's size bounds how long it holds up the others (8 MiB of small elements: ~0.18 s measured here).
 */
export const DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024;

/** How long an over-limit request may keep sending (discarded) before the connection is cut. */
const LINGER_MS = 2000;

/** The MIME type of a Content-Type header, lower-case. */
function mimeOf(ct: string | undefined): string {
  return (ct ?? '').split(';')[0]!.trim().toLowerCase(); // split always yields at least one part
}

/** A Content-Type parameter value (quotes removed). */
function paramOf(ct: string | undefined, name: string): string | undefined {
  if (!ct) return undefined;
  const re = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i');
  const m = re.exec(ct);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The version a Content-Type announces, if it is a SOAP one. */
function versionFromContentType(ct: string | undefined): SoapVersion | undefined {
  const mime = mimeOf(ct);
  if (mime === 'application/soap+xml') return '1.2';
  if (mime === 'text/xml') return '1.1';
  return undefined;
}

/** Best-effort version from the raw text, for faults about unparseable requests. */
function versionFromText(text: string): SoapVersion | undefined {
  const head = text.slice(0, 4096);
  if (head.includes(SOAP12_ENV_NS)) return '1.2';
  if (head.includes(SOAP11_ENV_NS)) return '1.1';
  return undefined;
}

/** Whether an error is a ValidationError (ours, or a structurally equal one from another copy of the runtime). */
function isValidationError(e: unknown): e is { issues: { path: string; message: string }[]; message: string } {
  if (e instanceof ValidationError) return true;
  return e instanceof Error && e.name === 'ValidationError' && Array.isArray((e as { issues?: unknown }).issues);
}

function isDecodeError(e: unknown): e is DecodeError {
  return e instanceof DecodeError || (e instanceof Error && e.name === 'DecodeError' && typeof (e as { path?: unknown }).path === 'string');
}

/** A request whose input did not decode or validate, as an operation's `invalidInput` hook sees it. */
export interface InvalidInput<I> {
  /** What is wrong, by path (JSON pointer into the input). */
  issues: { path: string; code: string; message: string }[];
  /** The decoded input when only validation failed (absent when it could not be decoded). */
  input?: I;
  /** The operation's payload element as it arrived. */
  payload: XmlElement;
}

/**
 * Answers an invalid request with the operation's own response (a vendor's in-band result code)
 * instead of a Client fault; returning undefined keeps the fault.
 */
export type InvalidInputHook<I, O, C = SoapCallContext<unknown, unknown>> = (problem: InvalidInput<I>, context: C) => O | undefined | Promise<O | undefined>;

/**
 * Decodes and validates an operation's input. When that fails, the operation's `invalidInput`
 * hook may answer in-band; otherwise the failure propagates (and becomes a Client fault).
 */
export async function readInput<I, O>(
  decode: () => I,
  validate: ((value: unknown, path: string, issues: Issue[]) => void) | undefined,
  hook: InvalidInputHook<I, O> | undefined,
  payload: XmlElement,
  context: SoapCallContext<unknown, unknown>,
): Promise<{ input: I } | { answer: O }> {
  let input: I | undefined;
  let failure: unknown;
  let issues: Issue[] = [];
  try {
    input = decode();
    validate?.(input, '', issues);
    if (issues.length === 0) return { input };
    failure = new ValidationError(issues);
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    failure = e;
    issues = [{ path: e.path, code: 'decode', message: e.reason }];
  }
  const answer = hook ? await hook({ issues, ...(input !== undefined ? { input } : {}), payload }, context) : undefined;
  if (answer !== undefined) return { answer };
  throw failure;
}

/** Turns a decode/validation error into a Client fault naming the bad paths. */
function faultFor(error: unknown): SoapFault | undefined {
  if (error instanceof SoapFault) return error;
  if (isDecodeError(error)) {
    return new SoapFault('Client', `Invalid request: ${error.message}`, { path: error.path });
  }
  if (isValidationError(error)) {
    const issues = error.issues;
    const shown = issues.slice(0, 10).map((i) => `${i.path || '/'}: ${i.message}`);
    const more = issues.length > 10 ? ` (and ${issues.length - 10} more)` : '';
    const detailXml =
      `<cg:issues xmlns:cg="${CG_NS}">` +
      issues.map((i) => `<cg:issue path="${escapeAttr(i.path || '/')}">${escapeText(i.message)}</cg:issue>`).join('') +
      '</cg:issues>';
    return new SoapFault('Client', `Invalid request: ${shown.join('; ')}${more}`, {
      detailXml,
      ...(issues[0] ? { path: issues[0].path || '/' } : {}),
    });
  }
  return undefined;
}

/** HTTP status of a fault: SOAP 1.1 always 500; SOAP 1.2 Sender 400, others 500. */
function faultStatus(version: SoapVersion, fault: SoapFault): number {
  if (version === '1.2' && fault.code === 'Client') return 400;
  return 500;
}

/**
 * Creates a `node:http` request listener (also usable from Express-style
 * frameworks that pass node's req/res) serving `routes`.
 */
export function createSoapListener(
  routes: SoapRoute[],
  options: SoapListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const limits: ParseLimits = { ...DEFAULT_LIMITS, maxBytes: DEFAULT_MAX_REQUEST_BYTES, ...options.limits };
  const versions = options.versions ?? ['1.1', '1.2'];
  const documents = new Map(Object.entries(options.documents ?? {}));
  const onError = options.onError;
  const checkSecurity = options.wsSecurity && createWsSecurityCheck(options.wsSecurity);

  const report = (error: unknown): void => {
    try {
      onError?.(error);
    } catch {
      // A failing error hook must not take the server down.
    }
  };

  const send = (res: ServerResponse, status: number, type: string, body: string, extra?: Record<string, string>): void => {
    if (res.headersSent || res.writableEnded || res.destroyed) return;
    const bytes = Buffer.from(body, 'utf8');
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(bytes.byteLength), ...extra });
    res.end(bytes);
  };

  const sendFault = (res: ServerResponse, version: SoapVersion, fault: SoapFault, status?: number, extra?: Record<string, string>): void => {
    send(res, status ?? faultStatus(version, fault), contentType(version), buildFault(version, fault), extra);
  };

  const findRoute = (action: string | undefined, ns: string | undefined, local: string | undefined): SoapRoute | undefined => {
    const byElement = (list: SoapRoute[]): SoapRoute | undefined =>
      list.find((r) => (r.element === undefined ? local === undefined : r.element.ns === ns && r.element.local === local));
    if (action !== undefined && action !== '') {
      const matches = routes.filter((r) => r.soapAction === action);
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) return byElement(matches);
    }
    return byElement(routes);
  };

  const handleGet = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let wantWsdl = false;
    let xsd: string | undefined;
    for (const [k, v] of url.searchParams) {
      const key = k.toLowerCase();
      if (key === 'wsdl' || key === 'singlewsdl') wantWsdl = true;
      else if (key === 'xsd') xsd = v;
    }
    if (wantWsdl && options.wsdl !== undefined) {
      send(res, 200, 'text/xml; charset=utf-8', options.wsdl);
    } else if (xsd !== undefined && documents.has(xsd)) {
      send(res, 200, 'text/xml; charset=utf-8', documents.get(xsd) as string);
    } else {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found: POST SOAP requests here, or GET ?wsdl\n');
    }
  };

  const handlePost = async (req: IncomingMessage, res: ServerResponse, text: string): Promise<void> => {
    const ctVersion = versionFromContentType(req.headers['content-type']);
    const fallback: SoapVersion = ctVersion ?? versionFromText(text) ?? (versions.includes('1.1') ? '1.1' : '1.2');
    let envelope: Envelope;
    try {
      envelope = parseEnvelope(text, limits);
    } catch (e) {
      if (e instanceof SoapFault) {
        sendFault(res, fallback, e);
        return;
      }
      throw e;
    }
    const version = envelope.version;
    if (!versions.includes(version)) {
      const other = versions[0] ?? '1.1';
      const fault = new SoapFault('VersionMismatch', `SOAP ${version} is not supported by this endpoint; use SOAP ${versions.join(' or ')}`);
      sendFault(res, other, fault, 500);
      return;
    }
    if (ctVersion !== undefined && ctVersion !== version) {
      const wanted = ctVersion === '1.2' ? 'application/soap+xml' : 'text/xml';
      sendFault(res, version, new SoapFault('VersionMismatch', `A SOAP ${version} envelope was sent as ${wanted}`));
      return;
    }

    let action: string | undefined;
    if (version === '1.1') {
      const h = req.headers['soapaction'];
      const raw = Array.isArray(h) ? h[0] : h;
      if (raw !== undefined) action = raw.trim().replace(/^"(.*)"$/, '$1');
    } else {
      action = paramOf(req.headers['content-type'], 'action');
    }
    const payload = envelope.payload;
    const route = findRoute(action, payload?.ns, payload?.local);
    if (route === undefined) {
      const what: string[] = [];
      if (action) what.push(`SOAPAction '${action}'`);
      if (payload) what.push(`element '${payload.ns ? `{${payload.ns}}` : ''}${payload.local}'`);
      const reason = payload === undefined && !action ? 'Empty SOAP Body: no operation' : `Unknown operation: ${what.join(', ')}`;
      sendFault(res, version, new SoapFault('Client', reason));
      return;
    }
    const expected = route.element;
    if (expected === undefined ? payload !== undefined : payload === undefined || payload.ns !== expected.ns || payload.local !== expected.local) {
      const holds = payload === undefined ? 'the Body is empty' : `the Body holds '${payload.local}'`;
      sendFault(res, version, new SoapFault('Client', `Operation ${route.operation} expects ${expected ? `element '${expected.local}'` : 'an empty Body'} but ${holds}`));
      return;
    }

    const understood = route.understands ?? [];
    const misunderstood = misunderstoodHeader(envelope, checkSecurity ? [...understood, SECURITY_HEADER] : understood);
    if (misunderstood) {
      sendFault(res, version, new SoapFault('MustUnderstand', `Header block {${misunderstood.ns}}${misunderstood.local} was not understood`));
      return;
    }
    let answer: Awaited<ReturnType<SoapRoute['invoke']>>;
    try {
      const identity = checkSecurity && (await checkSecurity(envelope));
      answer = await route.invoke(envelope, { request: req, version, operation: route.operation, header: undefined, ...(identity ? { wsSecurity: identity } : {}) });
    } catch (e) {
      const fault = faultFor(e);
      if (fault !== undefined) {
        sendFault(res, version, fault);
        return;
      }
      report(e);
      sendFault(res, version, new SoapFault('Server', 'Internal server error'));
      return;
    }
    if (route.oneWay) {
      if (!res.headersSent && !res.writableEnded && !res.destroyed) res.writeHead(202, { 'Content-Length': '0' }).end();
      return;
    }
    const envelopeOptions: EnvelopeOptions = { header: typeof answer === 'string' ? undefined : answer.header };
    if (route.responseNamespaces !== undefined) envelopeOptions.namespaces = route.responseNamespaces;
    if (route.responseEncodingStyle !== undefined) envelopeOptions.encodingStyle = route.responseEncodingStyle;
    send(res, 200, contentType(version), buildEnvelope(version, typeof answer === 'string' ? answer : answer.body, envelopeOptions));
  };

  /** Answers an over-limit body, then discards what the client still sends for a short while before closing. */
  const tooLarge = (req: IncomingMessage, res: ServerResponse, version: SoapVersion): void => {
    const fault = new SoapFault('Client', `Request body exceeds the limit of ${limits.maxBytes} bytes`);
    sendFault(res, version, fault, 413, { Connection: 'close' });
    req.removeAllListeners('data');
    req.on('data', () => {
      // discarded
    });
    req.resume();
    const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
    req.once('close', () => clearTimeout(timer));
  };

  return (req, res) => {
    const fail = (error: unknown): void => {
      report(error);
      const version = versionFromContentType(req.headers['content-type']) ?? '1.1';
      sendFault(res, version, new SoapFault('Server', 'Internal server error'));
    };
    try {
      req.on('error', (e) => report(e));
      res.on('error', (e) => report(e));
      const method = (req.method ?? 'GET').toUpperCase();
      if (method === 'GET' || method === 'HEAD') {
        handleGet(req, res);
        return;
      }
      if (method !== 'POST') {
        send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { Allow: 'GET, POST' });
        return;
      }
      const ctVersion = versionFromContentType(req.headers['content-type']) ?? '1.1';
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        tooLarge(req, res, ctVersion);
        return;
      }
      // Frameworks with a body parser may already have read the body.
      const pre = (req as { body?: unknown }).body;
      if (typeof pre === 'string' || pre instanceof Uint8Array) {
        const text = typeof pre === 'string' ? pre : Buffer.from(pre).toString('utf8');
        handlePost(req, res, text).catch(fail);
        return;
      }
      if (req.readableEnded) {
        // A framework consumed the stream without leaving the text behind.
        sendFault(res, ctVersion, new SoapFault('Client', 'The request body was already consumed (give the listener the raw body)'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on('data', (chunk: Buffer) => {
        if (over) return;
        size += chunk.byteLength;
        if (size > limits.maxBytes) {
          over = true;
          chunks.length = 0;
          tooLarge(req, res, ctVersion);
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (over) return;
        let text: string;
        try {
          text = new TextDecoder('utf-8').decode(Buffer.concat(chunks, size));
        } catch (e) {
          fail(e);
          return;
        }
        handlePost(req, res, text).catch(fail);
      });
    } catch (e) {
      fail(e);
    }
  };
}
