/**
 * What every generated SOAP client method calls: build the envelope, send it
 * over the transport, turn a Fault into a thrown {@link SoapFault}, and hand
 * back the payload element for the generated decoder.
 */
import { defaultTransport } from './http.ts';
import type { Transport } from './transport.ts';
import { buildEnvelope, parseEnvelope, readFault, requestHeaders, resolveMultiRefs, SoapFault, type SoapVersion } from './soap.ts';
import type { ParseLimits, XmlElement } from './xml.ts';
import { securityHeader, type WsSecurityOptions } from './ws-security.ts';

export type { PasswordType, WsSecurityOptions } from './ws-security.ts';

/** Options a client is created with; `Header` is the SOAP header blocks its operations declare. */
export interface SoapClientOptions<Header extends object = Record<string, unknown>> {
  /** SOAP header blocks sent with every call that declares them (a call's own `header` values win). */
  header?: Partial<Header> | undefined;
  /** Endpoint URL; defaults to the address in the WSDL. */
  endpoint?: string | undefined;
  /** Per-call timeout in milliseconds (default 30 s). */
  timeoutMs?: number | undefined;
  /** Extra HTTP headers sent with every call. */
  headers?: Record<string, string> | undefined;
  /** HTTP basic authentication. */
  basicAuth?: { username: string; password: string } | undefined;
  /** WS-Security: a `wsse:Security` header (UsernameToken, optionally a Timestamp) in every request, fresh for each call. */
  wsSecurity?: WsSecurityOptions | undefined;
  /** The HTTP transport (default: node:http/https where they exist, else fetch). Inject one for tests or other runtimes. */
  transport?: Transport | undefined;
  /** Parser limits for responses. */
  limits?: Partial<ParseLimits> | undefined;
}

/** Options for one call; the header types are those the operation's binding declares. */
export interface SoapCallOptions<RequestHeader = never, ResponseHeader = never> {
  /** SOAP header blocks for this call (over the client's `header`). */
  header?: RequestHeader | undefined;
  /** Receives the SOAP header blocks of the response, when it has a Header. */
  onHeader?: ((header: ResponseHeader) => void) | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  headers?: Record<string, string> | undefined;
}

/** What a generated method knows about its operation. */
export interface SoapCall {
  version: SoapVersion;
  soapAction: string;
  /** The content of soap:Body. */
  body: string;
  /** Namespace prefixes the envelope declares (rpc/encoded). */
  namespaces?: Record<string, string> | undefined;
  encodingStyle?: string | undefined;
  /** rpc/encoded responses may use href/multiRef. */
  encoded?: boolean | undefined;
  /** Writes the request's Header element (see {@link headerWriter}). */
  header?: ((tag: string) => string) | undefined;
  /** Reads the response's Header element, when there is one. */
  readHeader?: ((header: XmlElement) => void) | undefined;
  /**
   * What the call hands back: the first child of soap:Body (default); the Body itself (a response
   * whose parts are the Body's children, or which has none); or nothing, for a one-way operation,
   * which succeeds on HTTP 200/202 with an empty body (WS-I Basic Profile R2714) or an envelope without a Fault.
   */
  reply?: 'payload' | 'body' | 'none' | undefined;
}

/**
 * The Header writer of a call: the client's default blocks overlaid with the call's, written by
 * the operation's generated encoder; none when no block has a value.
 */
export function headerWriter<H extends object>(encode: (v: H, tag: string, open: string, dns: string) => string, defaults: object | undefined, call: H | undefined): ((tag: string) => string) | undefined {
  const header = { ...defaults, ...call } as H;
  return Object.values(header).some((v) => v !== undefined) ? (tag) => encode(header, tag, '', '') : undefined;
}

/** The server answered with an HTTP error and no SOAP Fault. */
export class SoapHttpError extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(`HTTP ${status} without a SOAP Fault`);
    this.name = 'SoapHttpError';
    this.status = status;
    this.body = body;
  }
}

/** Every envelope declares xsi and xsd, as asmx does, so xsi:nil and xsi:type always resolve. */
const BASE_NAMESPACES = { xsi: 'http://www.w3.org/2001/XMLSchema-instance', xsd: 'http://www.w3.org/2001/XMLSchema' };

/** Sends one call; returns the response payload (first child of soap:Body, or the Body: see {@link SoapCall.reply}). */
export async function callSoap(options: SoapClientOptions, defaultEndpoint: string, call: SoapCall & { reply: 'none' }, callOptions?: Pick<SoapCallOptions, 'signal' | 'timeoutMs' | 'headers'>): Promise<undefined>;
export async function callSoap(options: SoapClientOptions, defaultEndpoint: string, call: SoapCall, callOptions?: Pick<SoapCallOptions, 'signal' | 'timeoutMs' | 'headers'>): Promise<XmlElement>;
export async function callSoap(options: SoapClientOptions, defaultEndpoint: string, call: SoapCall, callOptions: Pick<SoapCallOptions, 'signal' | 'timeoutMs' | 'headers'> = {}): Promise<XmlElement | undefined> {
  const endpoint = options.endpoint ?? defaultEndpoint;
  if (!endpoint) throw new TypeError('no endpoint: pass `endpoint` in the client options');
  const envelope = buildEnvelope(call.version, call.body, {
    namespaces: { ...BASE_NAMESPACES, ...call.namespaces },
    encodingStyle: call.encodingStyle,
    header: call.header,
    headerBlocks: options.wsSecurity ? await securityHeader(options.wsSecurity, call.version) : undefined,
  });
  const transport = options.transport ?? defaultTransport;
  const response = await transport({
    method: 'POST',
    url: endpoint,
    headers: { ...requestHeaders(call.version, call.soapAction), ...options.headers, ...callOptions.headers },
    body: envelope,
    timeoutMs: callOptions.timeoutMs ?? options.timeoutMs ?? 30_000,
    signal: callOptions.signal,
    basicAuth: options.basicAuth,
  });
  if (call.reply === 'none' && (response.status === 200 || response.status === 202) && response.body.trim() === '') return undefined;
  let parsed;
  try {
    parsed = parseEnvelope(response.body, options.limits);
  } catch (error) {
    if (response.status >= 400) throw new SoapHttpError(response.status, response.body);
    throw error;
  }
  const fault = readFault(parsed);
  if (fault) throw fault;
  if (response.status >= 400) throw new SoapHttpError(response.status, response.body);
  if (parsed.header && call.readHeader) call.readHeader(parsed.header);
  if (call.encoded) resolveMultiRefs(parsed.body);
  if (call.reply === 'none') return undefined;
  if (call.reply === 'body') return parsed.body;
  const payload = parsed.body.children[0];
  if (!payload) throw new SoapFault('Server', 'the response body is empty');
  return payload;
}
