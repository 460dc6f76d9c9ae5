/**
 * Runtime for generated REST clients: builds the request for one operation
 * (path, query, headers, a body of any documented media type on any method), applies credentials,
 * sends it through an injectable {@link Transport} and decodes the answer
 * leniently (big integers kept as strings, bare strings returned as strings).
 * Copied verbatim into `generated/runtime/`.
 */
import { chooseMedia, encodeBody, mediaKind, resolveBlobs, type BodySpec } from './bodies.ts';
import { defaultTransport } from './http.ts';
import { parseJson } from './json.ts';
import { serializeParameter, type ParamSpec } from './params.ts';
import { basicAuthorization, type HttpRequest, type HttpResponse, type Transport } from './transport.ts';

export type { Transport, HttpRequest, HttpResponse };
export type { BinaryValue, FilePart } from './bodies.ts';
export { parseJson }; // where callers of the client runtime found it before json.ts

/** How one operation is called; emitted per operation, read by {@link invoke}. */
export interface OperationSpec {
  /** operationId (or the derived name), for errors. */
  id: string;
  method: string;
  /** Path template, e.g. `/pets/{petId}`. */
  path: string;
  /** Input shape: `none`, the body itself (`body`), or `{ path, query, header, cookie, body }` (`params`). */
  input: 'none' | 'body' | 'params';
  /** How each parameter is written (`style`, `explode`, …), in declaration order. */
  params?: readonly ParamSpec[];
  /** The request body's media types (the first is the default), if the operation takes one. */
  body?: BodySpec;
  /** How the success body is decoded. */
  output: 'json' | 'text' | 'void';
  /** Security alternatives: each a list of scheme names that must all be applied. Empty: no credentials. */
  security: string[][];
}

/** How each security scheme turns credentials into a header, query or cookie value. */
export type SchemeSpec =
  | { kind: 'http-bearer'; /** literal text and placeholders of the bearer format, e.g. `['', 'customerID', ':', 'APIKey', '']` */ format?: string[] }
  | { kind: 'http-basic' }
  | { kind: 'api-key'; in: 'header' | 'query' | 'cookie'; name: string }
  /** An OAuth2 / OpenID Connect access token, sent as a bearer token (RFC 6750). */
  | { kind: 'oauth2' }
  | { kind: 'openid-connect' }
  /** Anything else: the value is the whole Authorization header; `scheme` names an HTTP scheme (`Digest`) for the server's challenge. */
  | { kind: 'other'; scheme?: string };

/** A credential value or a function producing it (called per request, e.g. to refresh a token). */
export type CredentialSource<T> = T | (() => T | Promise<T>);

export interface ClientOptions<Credentials> {
  /** Base URL the operation paths are appended to, e.g. `https://my.nalpeiron.com`. */
  baseUrl: string;
  credentials?: Credentials | undefined;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Per-request timeout in milliseconds (default 30000). */
  timeoutMs?: number | undefined;
  /** How requests are sent (default: node:http/https where they exist, which can send a body on GET; else fetch). */
  transport?: Transport | undefined;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  headers?: Record<string, string> | undefined;
  /**
   * The media type to send the body as, when the operation documents several (default: the first
   * documented). The body's value must have that media type's shape.
   */
  contentType?: string | undefined;
}

/** A non-success HTTP answer: the status, the decoded body (JSON or text) and the raw text. */
export class ApiError<Body = unknown> extends Error {
  readonly operation: string;
  readonly status: number;
  readonly body: Body;
  readonly text: string;
  readonly headers: Record<string, string>;
  constructor(operation: string, status: number, body: Body, text: string, headers: Record<string, string>) {
    const detail = typeof body === 'string' ? body : text;
    super(`${operation} failed with HTTP ${status}${detail ? `: ${detail.length > 300 ? `${detail.slice(0, 300)}…` : detail}` : ''}`);
    this.name = 'ApiError';
    this.operation = operation;
    this.status = status;
    this.body = body;
    this.text = text;
    this.headers = headers;
  }
}

/** Calls one operation. `input` has the shape `spec.input` says. */
export async function invoke(
  spec: OperationSpec,
  schemes: Record<string, SchemeSpec>,
  options: ClientOptions<Record<string, unknown>>,
  input: unknown,
  call: CallOptions = {},
): Promise<unknown> {
  let path = spec.path;
  const query: string[] = [];
  const headers: Record<string, string> = { accept: 'application/json, text/plain;q=0.9, */*;q=0.5', ...options.headers };
  const cookies: string[] = [];
  let body: unknown;
  if (spec.input === 'body') body = input;
  else if (spec.input === 'params') {
    const p = (input ?? {}) as Partial<Record<'path' | 'query' | 'header' | 'cookie', Record<string, unknown>>> & { body?: unknown };
    const pathValues: Record<string, string> = {};
    for (const param of spec.params ?? []) {
      const text = serializeParameter(param, p[param.in]?.[param.name]);
      if (text === undefined) {
        if (param.in === 'path') throw new TypeError(`${spec.id}: missing path parameter ${param.name}`);
      } else if (param.in === 'path') pathValues[param.name] = text;
      else if (param.in === 'query') query.push(text);
      else if (param.in === 'header') headers[param.name.toLowerCase()] = text;
      else cookies.push(text);
    }
    path = path.replace(/\{([^}]+)\}/g, (_, name: string) => pathValues[name] ?? '');
    body = p.body;
  }

  const auth = await authorize(spec, schemes, options.credentials ?? {});
  Object.assign(headers, auth.headers);
  for (const [k, v] of auth.query) query.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  cookies.push(...auth.cookies);
  if (cookies.length) headers['cookie'] = cookies.join('; ');
  Object.assign(headers, call.headers);

  let payload: string | Uint8Array | undefined;
  if (body !== undefined && spec.body) {
    const media = chooseMedia(spec.body, spec.id, call.contentType);
    // A Content-Type given in the headers may add parameters (charset); a multipart boundary is always the encoder's own.
    const kind = mediaKind(media.type);
    const value = kind === 'multipart' || kind === 'binary' ? await resolveBlobs(body) : body;
    const encoded = encodeBody(media, value, spec.id, headerValue(headers, 'content-type') ?? media.type);
    payload = encoded.body;
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete headers[k];
    headers['content-type'] = encoded.contentType;
  }
  const base = options.baseUrl.replace(/\/+$/, '');
  const qs = query.length ? `?${query.join('&')}` : '';
  const request: HttpRequest = {
    method: spec.method.toUpperCase(),
    url: `${base}${path}${qs}`,
    headers,
    timeoutMs: call.timeoutMs ?? options.timeoutMs ?? 30000,
  };
  if (payload !== undefined) request.body = payload;
  if (call.signal) request.signal = call.signal;
  if (auth.basic) request.basicAuth = auth.basic;
  const transport = options.transport ?? defaultTransport;
  if (payload !== undefined && transport.bodyOnGet === false && (request.method === 'GET' || request.method === 'HEAD')) {
    throw new TypeError(`${spec.id}: ${request.method} ${spec.path} sends a request body, which this transport (fetch) cannot send; use nodeTransport from runtime/http (Node) or a transport that can`);
  }
  const response = await transport(request);
  const contentType = headerValue(response.headers, 'content-type') ?? '';
  if (response.status < 200 || response.status > 299) {
    throw new ApiError(spec.id, response.status, decodeBody(response.body, contentType), response.body, response.headers);
  }
  if (spec.output === 'void' || response.body === '') return undefined;
  if (spec.output === 'text' && !/json/i.test(contentType)) return response.body;
  return decodeBody(response.body, contentType);
}

/** JSON when it parses (big integers kept as strings), otherwise the text itself: a bare-string answer stays a string. */
function decodeBody(body: string, _contentType: string): unknown {
  if (body === '') return undefined;
  try {
    return parseJson(body);
  } catch {
    return body;
  }
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

interface Authorization {
  headers: Record<string, string>;
  query: [string, string][];
  cookies: string[];
  basic?: { username: string; password: string };
}

/** Applies the first security alternative for which credentials were given. */
async function authorize(spec: OperationSpec, schemes: Record<string, SchemeSpec>, credentials: Record<string, unknown>): Promise<Authorization> {
  const out: Authorization = { headers: {}, query: [], cookies: [] };
  if (spec.security.length === 0) return out;
  const alternative = spec.security.find((alt) => alt.every((name) => credentials[name] !== undefined));
  if (!alternative) return out; // the server will answer 401; sending nothing is the honest request
  for (const name of alternative) {
    const scheme = schemes[name];
    let value = credentials[name];
    if (typeof value === 'function') value = await (value as () => unknown)();
    if (!scheme || value === undefined) continue;
    switch (scheme.kind) {
      case 'http-bearer':
        // Scheme names are case-insensitive (RFC 9110 §11.1); Zentitle, the contract this began with, writes `bearer`.
        out.headers['authorization'] = `bearer ${bearerToken(scheme.format, value)}`;
        break;
      case 'oauth2':
      case 'openid-connect':
        out.headers['authorization'] = `Bearer ${String(value)}`;
        break;
      case 'http-basic': {
        const v = value as { username: string; password: string };
        out.headers['authorization'] = basicAuthorization(v.username, v.password);
        break;
      }
      case 'api-key':
        if (scheme.in === 'header') out.headers[scheme.name.toLowerCase()] = String(value);
        else if (scheme.in === 'query') out.query.push([scheme.name, String(value)]);
        else out.cookies.push(`${scheme.name}=${encodeURIComponent(String(value))}`);
        break;
      default:
        out.headers['authorization'] = String(value);
    }
  }
  return out;
}

/** Assembles a bearer token from typed parts following the documented format (`<customerID>:<APIKey>`). */
export function bearerToken(format: string[] | undefined, value: unknown): string {
  if (typeof value === 'string') return value;
  if (!format) return String(value);
  const parts = value as Record<string, unknown>;
  // Even indexes are literal text, odd indexes placeholder names.
  return format.map((piece, i) => (i % 2 === 0 ? piece : String(parts[piece] ?? ''))).join('');
}

/** Splits a bearer format like `<customerID>:<APIKey>` into literal/placeholder pieces. */
export function parseBearerFormat(format: string): string[] | undefined {
  const pieces: string[] = [];
  let last = 0;
  for (const m of format.matchAll(/<([^<>]+)>/g)) {
    pieces.push(format.slice(last, m.index), m[1]!);
    last = m.index! + m[0].length;
  }
  if (pieces.length === 0) return undefined;
  pieces.push(format.slice(last));
  return pieces;
}
