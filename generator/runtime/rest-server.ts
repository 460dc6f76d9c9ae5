/**
 * Runtime for generated REST server stubs: routing by method and path
 * template, body reading with a size limit, credential extraction, parameter
 * coercion and safe error answers (never a stack trace). The generated
 * `server.ts` holds the per-operation decisions as a table ({@link ServerOperation});
 * {@link serveOperation} interprets it, as `invoke` does the client's.
 * Copied verbatim into `generated/runtime/`.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { mediaKind, type BodySpec, type FilePart, type MediaSpec } from './bodies.ts';
import { parseJson } from './json.ts';
import { parseParameters, type ParamSpec } from './params.ts';
import type { SchemeSpec } from './rest-client.ts';
import { decodeText } from './transport.ts';
import type { Issue } from './validation.ts';

/** What an `authenticate` hook learns about the caller's credentials for one scheme. */
export interface PresentedCredentials {
  /** Security scheme name from the contract. */
  scheme: string;
  kind: SchemeSpec['kind'];
  /** The raw token / key / Authorization value (for bearer, OAuth2 and OpenID Connect: the token after `Bearer `). */
  token: string;
  /**
   * The scopes the operation requires of this scheme (OAuth2 / OpenID Connect scopes, or roles):
   * an authenticator that introspects tokens may check them itself, or return the granted ones
   * as `Principal.scopes` for the stub to check.
   */
  scopes: string[];
  /** Named parts of a bearer token with a documented format (`<customerID>:<APIKey>`). */
  parts?: Record<string, string>;
  /** HTTP basic credentials. */
  username?: string;
  password?: string;
}

/** Who the caller is, as the implementer's `authenticate` hook decides. */
export interface Principal {
  /** The API key type (checked against each operation's `x-key-types`). */
  keyType?: string;
  /**
   * Granted scopes/roles. When given, the stub answers 403 unless they include every scope the
   * satisfied security alternative requires (with `WWW-Authenticate: Bearer error="insufficient_scope"`
   * for OAuth2 / OpenID Connect); when absent, scopes are the authenticator's business.
   */
  scopes?: string[];
  /** Anything else the handlers want to see. */
  [key: string]: unknown;
}

/** Thrown (or returned via {@link reply}) by handlers to answer with a specific status. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body: unknown = { message: `HTTP ${status}` }, headers: Record<string, string> = {}) {
    super(typeof body === 'string' ? body : `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
    this.name = 'HttpError';
  }
}

/**
 * An answer the stub produces itself (routing, credentials, body, validation): sent in the form
 * the contract declares for the operation and status (see {@link ErrorForms}), or the
 * implementer's `formatError`, rather than in a fixed shape.
 */
export class StubError extends HttpError {
  readonly problem: string;
  readonly issues?: Issue[] | undefined;

  constructor(status: number, problem: string, headers: Record<string, string> = {}, issues?: Issue[]) {
    super(status, { message: problem, ...(issues ? { issues } : {}) }, headers);
    this.problem = problem;
    this.issues = issues;
    this.name = 'StubError';
  }
}

/**
 * How the contract writes an error body: a bare JSON string (the message), an RFC 9457
 * `application/problem+json` object, or a JSON object `{ message, issues? }`.
 */
export type ErrorForm = 'string' | 'problem' | 'object';

/** An operation's declared error responses by status key (`400`, `4XX`, `default`). */
export type ErrorForms = Readonly<Record<string, ErrorForm>>;

/** What the stub knows about an error it answers, for a custom `formatError`. */
export interface StubProblem {
  status: number;
  message: string;
  /** Validation issues (400), by JSON pointer. */
  issues?: Issue[];
  /** operationId, when the request reached an operation. */
  operation?: string;
}

/** Turns a stub-produced problem into a body and content type; replaceable through the server options. */
export type ErrorFormatter = (problem: StubProblem, declared: ErrorForm | undefined) => { body: unknown; contentType?: string };

/** The declared form for a status: the exact code, then its range (`4XX`), then `default`. */
export function errorFormFor(forms: ErrorForms | undefined, status: number): ErrorForm | undefined {
  if (!forms) return undefined;
  return forms[String(status)] ?? forms[`${String(status)[0]}XX`] ?? forms['default'];
}

/** The default {@link ErrorFormatter}: the body in the declared form. */
export const formatError: ErrorFormatter = (p, declared) => {
  switch (declared) {
    case 'string':
      return { body: p.message };
    case 'problem':
      return { body: { type: 'about:blank', title: STATUS_CODES[p.status] ?? `HTTP ${p.status}`, status: p.status, detail: p.message, ...(p.issues ? { issues: p.issues } : {}) }, contentType: 'application/problem+json' };
    default:
      return { body: { message: p.message, ...(p.issues ? { issues: p.issues } : {}) } };
  }
};

const REPLY = Symbol.for('contract-gen.reply');

/** A handler result with an explicit status and headers. */
export interface Reply<T> {
  readonly [REPLY]: true;
  status: number;
  body: T;
  headers: Record<string, string>;
}

/** Answers with `status` (instead of the operation's first success status) and extra headers. */
export function reply<T>(status: number, body: T, headers: Record<string, string> = {}): Reply<T> {
  return { [REPLY]: true, status, body, headers };
}

export function isReply(value: unknown): value is Reply<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[REPLY] === true;
}

/** A compiled path template. */
export interface Route {
  method: string;
  regex: RegExp;
  params: string[];
  operation: string;
  /** Per path segment: 2 literal, 1 literal with a template inside, 0 a template only (higher wins). */
  specificity: number[];
}

/** `/pets/{petId}` → a regex capturing `petId`. */
export function compileRoute(method: string, template: string, operation: string): Route {
  const params: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((piece) => {
      const m = /^\{([^}]+)\}$/.exec(piece);
      if (m) {
        params.push(m[1]!);
        return '([^/]+)';
      }
      return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const specificity = template.split('/').map((segment) => (!segment.includes('{') ? 2 : /^\{[^}]+\}$/.test(segment) ? 0 : 1));
  return { method: method.toUpperCase(), regex: new RegExp(`^${source}/?$`), params, operation, specificity };
}

/**
 * The routing table of `[method, path template, operation]`, most specific first: at the first
 * segment where two templates differ, a literal beats a template (`/items/special` before
 * `/items/{id}`, whatever the document order); otherwise the document order stands.
 */
export function compileRoutes(routes: readonly (readonly [method: string, template: string, operation: string])[]): Route[] {
  const compiled = routes.map(([method, template, operation]) => compileRoute(method, template, operation));
  const compare = (a: Route, b: Route): number => {
    for (let i = 0; i < Math.min(a.specificity.length, b.specificity.length); i++) {
      if (a.specificity[i] !== b.specificity[i]) return b.specificity[i]! - a.specificity[i]!;
    }
    return 0;
  };
  return compiled.sort(compare); // stable: equal routes keep the document order
}

/**
 * Finds the route for a request in a table from {@link compileRoutes}: the most specific route of
 * that path with that method, or 405 (path known, method not) / 404. Path values are returned as
 * they appear in the URL, still percent-encoded: their style decides what a `,` or `;` means.
 */
export function matchRoute(routes: Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | { status: 404 | 405; allow?: string[] } {
  const allow = new Set<string>();
  for (const route of routes) {
    const m = route.regex.exec(pathname);
    if (!m) continue;
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
      allow.add(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    route.params.forEach((name, i) => {
      params[name] = m[i + 1]!;
    });
    return { route, params };
  }
  return allow.size ? { status: 405, allow: [...allow] } : { status: 404 };
}

/** Reads the request body as text, refusing more than `limit` bytes (413). */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBodyBytes(req, limit)).toString('utf8');
}

/** Reads the request body, refusing more than `limit` bytes (413). */
export function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        reject(new StubError(413, `request body larger than ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!done) reject(e);
      done = true;
    });
  });
}

/**
 * Reads an operation's request body by its table (see `bodies.ts`): picks the documented media
 * type the Content-Type names (415 for another), parses it (400 when malformed), adds the schema's
 * issues under `path` and returns the value; undefined for an empty body (an issue when required).
 * JSON: parsed, big integers kept; form: fields coerced like query parameters; multipart: text
 * parts coerced likewise, file parts as {@link FilePart} with `data` a `Uint8Array`; text and XML:
 * the string; binary: a `Uint8Array`. A body a framework has parsed already (express.json()) is
 * reused for JSON.
 */
export async function readRequestBody(req: IncomingMessage, spec: BodySpec, limit: number, path: string, issues: Issue[]): Promise<unknown> {
  const header = headerString(req, 'content-type');
  const preParsed = (req as IncomingMessage & { body?: unknown }).body;
  let value: unknown;
  let media: MediaSpec | undefined;
  if (preParsed !== undefined && req.readableEnded) {
    media = spec.media.find((m) => mediaKind(m.type) === 'json') ?? spec.media[0]!;
    value = typeof preParsed === 'string' && mediaKind(media.type) === 'json' ? parseJsonOr400(preParsed) : preParsed;
  } else {
    const bytes = await readBodyBytes(req, limit);
    if (bytes.length > 0) {
      media = header === undefined ? spec.media[0]! : matchMedia(spec, header);
      value = await decodeRequestBody(media, header ?? media.type, bytes);
    }
  }
  if (value === undefined) {
    if (spec.required) issues.push({ path, code: 'required', message: 'a request body is required' });
    return undefined;
  }
  media!.validate?.(value, path, issues);
  return value;
}

/**
 * The documented media type a Content-Type names: the same type, else a documented range
 * (`image/*`, `*\/*`). As before bodies had media types, a JSON body is also read under another
 * JSON type or `text/plain` when the operation documents no text type (what simple browser
 * requests send).
 */
function matchMedia(spec: BodySpec, header: string): MediaSpec {
  const type = header.split(';')[0]!.trim().toLowerCase();
  const [major] = type.split('/');
  const found =
    spec.media.find((m) => m.type.toLowerCase() === type) ??
    spec.media.find((m) => m.type === '*/*' || m.type.toLowerCase() === `${major}/*`) ??
    (mediaKind(type) === 'json' || (type === 'text/plain' && !spec.media.some((m) => mediaKind(m.type) === 'text')) ? spec.media.find((m) => mediaKind(m.type) === 'json') : undefined);
  if (found) return found;
  const documented = spec.media.map((m) => m.type);
  throw new StubError(
    415,
    documented.length === 1 && mediaKind(documented[0]!) === 'json'
      ? `expected a JSON body (Content-Type: ${documented[0]}), got ${header}`
      : `Content-Type ${header} is not one this operation accepts (${documented.join(', ')})`,
  );
}

async function decodeRequestBody(media: MediaSpec, header: string, bytes: Buffer): Promise<unknown> {
  switch (mediaKind(media.type)) {
    case 'json': {
      const text = bytes.toString('utf8');
      return text.trim() === '' ? undefined : parseJsonOr400(text);
    }
    case 'form':
      return parseParameters(media.fields ?? [], { path: {}, query: bytes.toString('latin1'), headers: {} })['query'] ?? {};
    case 'multipart':
      return decodeMultipart(media, header, bytes);
    case 'text':
      return decodeText(bytes, header);
    default:
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

/**
 * `multipart/form-data` through the platform's parser (`Response.formData()`, the one `fetch` uses),
 * the body being bounded already by the size limit. Text parts are written into a query string and
 * read back by the operation's field table, so they are coerced like query parameters (a JSON
 * part is a `content` field); file parts (those with a filename) become {@link FilePart}s.
 */
async function decodeMultipart(media: MediaSpec, header: string, bytes: Buffer): Promise<Record<string, unknown>> {
  if (!/;\s*boundary=/i.test(header)) throw new StubError(400, 'malformed multipart body: the Content-Type has no boundary');
  let form: FormData;
  try {
    // A Buffer's memory is a plain ArrayBuffer (never shared), which is what Response takes.
    form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': header } }).formData();
  } catch (e) {
    throw new StubError(400, `malformed multipart body: ${(e as Error).message}`);
  }
  const text: string[] = [];
  const files = new Map<string, FilePart[]>();
  for (const [name, entry] of form) {
    if (typeof entry === 'string') text.push(`${encodeURIComponent(name)}=${encodeURIComponent(entry)}`);
    else {
      const part: FilePart = { filename: entry.name, contentType: entry.type || 'application/octet-stream', data: new Uint8Array(await entry.arrayBuffer()) };
      files.set(name, [...(files.get(name) ?? []), part]);
    }
  }
  const out = parseParameters(media.fields ?? [], { path: {}, query: text.join('&'), headers: {} })['query'] ?? {};
  for (const [name, parts] of files) {
    const field = media.fields?.find((f) => f.name === name);
    out[name] = parts.length > 1 || field?.shape === 'array' ? parts : parts[0];
  }
  return out;
}

function parseJsonOr400(text: string): unknown {
  try {
    return parseJson(text);
  } catch (e) {
    throw new StubError(400, `malformed JSON body: ${(e as Error).message}`);
  }
}

/** Credentials presented for `scheme`, or undefined when the request carries none (or malformed ones). */
export function presentedCredentials(req: IncomingMessage, url: URL, name: string, scheme: SchemeSpec, scopes: string[] = []): PresentedCredentials | undefined {
  const authorization = req.headers.authorization;
  switch (scheme.kind) {
    case 'http-bearer':
    case 'oauth2':
    case 'openid-connect': {
      const m = /^bearer\s+(.+)$/i.exec(authorization ?? '');
      if (!m) return undefined;
      const token = m[1]!.trim();
      const format = scheme.kind === 'http-bearer' ? scheme.format : undefined;
      if (!format) return { scheme: name, kind: scheme.kind, token, scopes };
      const parts = splitByFormat(format, token);
      return parts ? { scheme: name, kind: scheme.kind, token, scopes, parts } : undefined;
    }
    case 'http-basic': {
      const m = /^basic\s+(.+)$/i.exec(authorization ?? '');
      if (!m) return undefined;
      const decoded = Buffer.from(m[1]!.trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      return { scheme: name, kind: scheme.kind, token: m[1]!.trim(), scopes, username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    case 'api-key': {
      let value: string | undefined;
      if (scheme.in === 'header') value = headerString(req, scheme.name);
      else if (scheme.in === 'query') value = url.searchParams.get(scheme.name) ?? undefined;
      else value = parseCookies(req.headers.cookie)[scheme.name];
      return value ? { scheme: name, kind: scheme.kind, token: value, scopes } : undefined;
    }
    default:
      return authorization ? { scheme: name, kind: scheme.kind, token: authorization, scopes } : undefined;
  }
}

/** Matches a token against a format's literal/placeholder pieces; every placeholder must be non-empty. */
function splitByFormat(format: string[], token: string): Record<string, string> | undefined {
  const parts: Record<string, string> = {};
  let at = 0;
  if (!token.startsWith(format[0]!)) return undefined;
  at = format[0]!.length;
  for (let i = 1; i < format.length; i += 2) {
    const name = format[i]!;
    const next = format[i + 1] ?? '';
    let end: number;
    if (i + 2 >= format.length) end = next === '' ? token.length : token.endsWith(next) ? token.length - next.length : -1;
    else end = next === '' ? -1 : token.indexOf(next, at);
    if (end < 0 || end <= at) return undefined;
    parts[name] = token.slice(at, end);
    at = end + next.length;
  }
  return at === token.length ? parts : undefined;
}

export function headerString(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const piece of (header ?? '').split(';')) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    const k = piece.slice(0, eq).trim();
    try {
      out[k] = decodeURIComponent(piece.slice(eq + 1).trim());
    } catch {
      out[k] = piece.slice(eq + 1).trim();
    }
  }
  return out;
}

/**
 * An operation's parameters from the request, by the operation's table (see `params.ts`): grouped
 * by location, parsed by style and coerced to their declared kinds, ready for the validator.
 */
export function readParameters(req: IncomingMessage, url: URL, pathParams: Record<string, string>, specs: readonly ParamSpec[], reserved?: readonly string[]): Record<string, unknown> {
  return parseParameters(specs, { path: pathParams, query: url.search.slice(1), headers: req.headers }, reserved);
}

/** Writes a JSON (or text) answer. */
export function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  let text: string | undefined;
  if (body !== undefined && status !== 204 && status !== 304) {
    text = /json/i.test(contentType) ? JSON.stringify(body) : typeof body === 'string' ? body : JSON.stringify(body);
  }
  const head: Record<string, string | number> = { ...headers };
  if (text !== undefined) {
    head['content-type'] = /json/i.test(contentType) ? `${contentType}; charset=utf-8` : contentType.includes('charset') ? contentType : `${contentType}; charset=utf-8`;
    head['content-length'] = Buffer.byteLength(text);
  }
  res.writeHead(status, head);
  res.end(text);
}

/** The 400 answer for validation issues: a message naming the first bad field, plus every issue. */
export function badRequest(issues: Issue[], what: string): HttpError {
  const first = issues[0]!;
  return new StubError(400, `invalid ${what}: ${first.path || '/'}: ${first.message}`, {}, issues);
}

/**
 * Answers an error without leaking internals: a handler's HttpError as given; the stub's own
 * answers ({@link StubError}, and a plain 500 for anything unexpected) in the form the contract
 * declares for the operation and status.
 */
export function sendError(res: ServerResponse, error: unknown, forms?: ErrorForms, operation?: string, formatter: ErrorFormatter = formatError): void {
  if (error instanceof HttpError && !(error instanceof StubError)) {
    send(res, error.status, error.body, 'application/json', error.headers);
    return;
  }
  const problem: StubProblem =
    error instanceof StubError
      ? { status: error.status, message: error.problem, ...(error.issues ? { issues: error.issues } : {}), ...(operation ? { operation } : {}) }
      : { status: 500, message: 'internal server error', ...(operation ? { operation } : {}) };
  const { body, contentType } = formatter(problem, errorFormFor(forms, problem.status));
  send(res, problem.status, body, contentType ?? 'application/json', error instanceof StubError ? error.headers : {});
}

/** A security requirement of an operation: scheme name and the scopes (roles) it needs. */
export interface Requirement {
  scheme: string;
  scopes: string[];
}

export type Authenticate<Context> = (credentials: PresentedCredentials, context: Context) => Principal | undefined | null | false | Promise<Principal | undefined | null | false>;

/** Whether a scheme's credential is a bearer token (RFC 6750): bearer, OAuth2 and OpenID Connect. */
const isBearer = (kind: SchemeSpec['kind'] | undefined): boolean => kind === 'http-bearer' || kind === 'oauth2' || kind === 'openid-connect';

/**
 * `WWW-Authenticate` for an operation: a challenge per HTTP scheme it accepts, named by the scheme
 * (`Bearer` for bearer, OAuth2 and OpenID Connect, `Basic realm="api"`, an `other` HTTP scheme by its
 * name); API keys and mutual TLS have none. `error` adds RFC 6750's error and the scopes needed.
 */
function challengeFor(security: Requirement[][], schemes: Record<string, SchemeSpec>, error?: { code: string; scopes: string[] }): Record<string, string> {
  const challenges = new Set<string>();
  for (const alternative of security) {
    for (const r of alternative) {
      const scheme = schemes[r.scheme];
      if (isBearer(scheme?.kind)) {
        const params = error ? [`error="${error.code}"`, ...(error.scopes.length ? [`scope="${error.scopes.join(' ')}"`] : [])] : [];
        challenges.add(params.length ? `Bearer ${params.join(', ')}` : 'Bearer');
      } else if (scheme?.kind === 'http-basic') challenges.add('Basic realm="api"');
      else if (scheme?.kind === 'other' && scheme.scheme) challenges.add(scheme.scheme);
    }
  }
  return challenges.size ? { 'www-authenticate': [...challenges].join(', ') } : {};
}

/**
 * Checks an operation's security: credentials present (else 401), accepted by the implementer's
 * hook (else 401), of an allowed key type and, when the hook returned granted `scopes`, holding
 * every scope the alternative presented requires (else 403). Returns the caller, or undefined for
 * open operations.
 */
export async function authorize<Context>(
  req: IncomingMessage,
  url: URL,
  schemes: Record<string, SchemeSpec>,
  security: Requirement[][],
  keyTypes: string[] | undefined,
  operation: string,
  authenticate: Authenticate<Context> | undefined,
  context: Context,
): Promise<Principal | undefined> {
  if (security.length === 0) return undefined;
  const optional = security.some((alt) => alt.length === 0);
  const challenge = challengeFor(security, schemes);
  for (const alternative of security) {
    if (alternative.length === 0) continue;
    const presented = alternative.map((r) => (schemes[r.scheme] ? presentedCredentials(req, url, r.scheme, schemes[r.scheme]!, r.scopes) : undefined));
    if (presented.some((p) => p === undefined)) continue;
    if (!authenticate) throw new Error(`${operation} needs credentials but no authenticate hook was given`);
    let principal: Principal = {};
    for (const creds of presented) {
      const who = await authenticate(creds!, context);
      if (!who) throw new StubError(401, 'credentials were not accepted', challengeFor(security, schemes, { code: 'invalid_token', scopes: [] }));
      principal = { ...principal, ...who };
    }
    if (keyTypes && (principal.keyType === undefined || !keyTypes.includes(principal.keyType))) {
      throw new StubError(403, `a ${principal.keyType ?? 'key of unknown type'} may not call ${operation} (allowed: ${keyTypes.join(', ')})`);
    }
    if (principal.scopes) {
      const granted = new Set(principal.scopes);
      const missing = alternative.flatMap((r) => r.scopes.filter((s) => !granted.has(s)));
      if (missing.length) {
        throw new StubError(403, `the credentials lack the scope ${operation} needs (${[...new Set(missing)].join(', ')})`, challengeFor([alternative], schemes, { code: 'insufficient_scope', scopes: alternative.flatMap((r) => r.scopes) }));
      }
    }
    return principal;
  }
  if (optional) return undefined;
  throw new StubError(401, 'missing or malformed credentials', challenge);
}

/** How one operation is served: its row in the generated `OPERATIONS` table, read by {@link serveOperation}. */
export interface ServerOperation {
  /** operationId, for messages, when it differs from the handler's name. */
  operationId?: string;
  /** Security alternatives, each a list of schemes that must all be presented; absent: open. */
  security?: Requirement[][];
  /** Key types (`x-key-types`) allowed to call the operation; absent: any. */
  keyTypes?: string[];
  /** What the handler receives: nothing, the body itself, or `{ path, query, header, cookie, body }`. */
  input: 'none' | 'body' | 'params';
  params?: readonly ParamSpec[];
  /** Query and cookie names that carry API keys, not properties of an open object parameter. */
  reserved?: readonly string[];
  /** Checks the parsed parameters (the generated validator of the operation's parameter object). */
  validateParams?: (value: unknown, path: string, issues: Issue[]) => void;
  body?: BodySpec;
  /** Checks a success answer against the contract's response schema (used when `validateResponses` is on). */
  validateResult?: (value: unknown, path: string, issues: Issue[]) => void;
  /** First success status and its media type, used when the handler returns a plain value. */
  status: number;
  contentType: string;
}

/** What {@link serveOperation} needs besides the operation: the document's schemes and the listener's options. */
export interface ServeOptions<Context> {
  schemes: Record<string, SchemeSpec>;
  authenticate?: Authenticate<Context> | undefined;
  maxBodyBytes: number;
  /** Check each success answer against its response schema; a mismatch is the implementation's bug (500, `onError`). */
  validateResponses?: boolean | undefined;
}

/**
 * Serves one matched request: security, parameters and body read and validated (400 with every issue), then the
 * handler `handlers[name]`, then its result written. A handler takes `(input, context)`, or `(context)` when the
 * operation has no input.
 */
export async function serveOperation<Context extends { principal?: Principal | undefined }>(
  name: string,
  op: ServerOperation,
  handlers: object,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  pathParams: Record<string, string>,
  options: ServeOptions<Context>,
  context: Context,
): Promise<void> {
  if (op.security?.length) context.principal = await authorize(req, url, options.schemes, op.security, op.keyTypes, op.operationId ?? name, options.authenticate, context);
  const handler = (handlers as Record<string, (...args: unknown[]) => unknown>)[name]!;
  const issues: Issue[] = [];
  let result: unknown;
  if (op.input === 'params') {
    const input = readParameters(req, url, pathParams, op.params ?? [], op.reserved);
    op.validateParams?.(input, '', issues);
    if (op.body) {
      const body = await readRequestBody(req, op.body, options.maxBodyBytes, '/body', issues);
      if (body !== undefined) input['body'] = body;
    }
    if (issues.length > 0) throw badRequest(issues, 'request');
    result = await handler.call(handlers, input, context);
  } else if (op.input === 'body') {
    const body = await readRequestBody(req, op.body!, options.maxBodyBytes, '', issues);
    if (issues.length > 0) throw badRequest(issues, 'request body');
    result = await handler.call(handlers, body, context);
  } else {
    result = await handler.call(handlers, context);
  }
  if (options.validateResponses && op.validateResult) {
    const answer = isReply(result) ? (result.status === op.status ? result.body : undefined) : result;
    const wrong: Issue[] = [];
    if (answer !== undefined) op.validateResult(answer, '', wrong);
    // Not an HttpError: the listener reports it to onError and answers a plain 500, as for any handler bug.
    if (wrong.length > 0) throw new Error(`${name}: the handler's answer does not match the contract: ${wrong.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`);
  }
  respond(res, result, op.status, op.contentType);
}

/** Writes a handler's result: a {@link reply} as given, otherwise `defaultStatus` with the body. */
export function respond(res: ServerResponse, result: unknown, defaultStatus: number, contentType: string): void {
  if (isReply(result)) {
    send(res, result.status, result.body, contentType, result.headers);
    return;
  }
  send(res, result === undefined && defaultStatus === 200 ? 204 : defaultStatus, result, contentType);
}
