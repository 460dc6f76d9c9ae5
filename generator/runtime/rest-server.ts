/**
 * Runtime for generated REST server stubs: routing by method and path
 * template, body reading with a size limit, credential extraction, parameter
 * coercion and safe error answers (never a stack trace). The generated
 * `server.ts` holds the per-operation decisions; this file the mechanics.
 * Copied verbatim into `generated/runtime/`.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseJson } from './json.ts';
import { parseParameters, type ParamSpec } from './params.ts';
import type { SchemeSpec } from './rest-client.ts';
import type { Issue } from './validation.ts';

/** What an `authenticate` hook learns about the caller's credentials for one scheme. */
export interface PresentedCredentials {
  /** Security scheme name from the contract. */
  scheme: string;
  kind: SchemeSpec['kind'];
  /** The raw token / key / Authorization value. */
  token: string;
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
  /** Granted scopes/roles (checked against the operation's security requirements when given). */
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
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
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
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!done) reject(e);
      done = true;
    });
  });
}

/** Parses a JSON request body (any method). Empty → undefined; malformed → 400. Framework-parsed bodies are reused. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  // A framework (express.json() and the like) may have consumed the stream already: use what it parsed.
  const preParsed = (req as IncomingMessage & { body?: unknown }).body;
  if (preParsed !== undefined && req.readableEnded) return typeof preParsed === 'string' ? parseJsonOr400(preParsed) : preParsed;
  const text = await readBody(req, limit);
  if (text.trim() === '') return undefined;
  const type = req.headers['content-type'];
  if (type && !/json/i.test(type) && !/^text\/plain/i.test(type)) {
    throw new StubError(415, `expected a JSON body (Content-Type: application/json), got ${type}`);
  }
  return parseJsonOr400(text);
}

function parseJsonOr400(text: string): unknown {
  try {
    return parseJson(text);
  } catch (e) {
    throw new StubError(400, `malformed JSON body: ${(e as Error).message}`);
  }
}

/** Credentials presented for `scheme`, or undefined when the request carries none (or malformed ones). */
export function presentedCredentials(req: IncomingMessage, url: URL, name: string, scheme: SchemeSpec): PresentedCredentials | undefined {
  const authorization = req.headers.authorization;
  switch (scheme.kind) {
    case 'http-bearer': {
      const m = /^bearer\s+(.+)$/i.exec(authorization ?? '');
      if (!m) return undefined;
      const token = m[1]!.trim();
      if (!scheme.format) return { scheme: name, kind: scheme.kind, token };
      const parts = splitByFormat(scheme.format, token);
      return parts ? { scheme: name, kind: scheme.kind, token, parts } : undefined;
    }
    case 'http-basic': {
      const m = /^basic\s+(.+)$/i.exec(authorization ?? '');
      if (!m) return undefined;
      const decoded = Buffer.from(m[1]!.trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      return { scheme: name, kind: scheme.kind, token: m[1]!.trim(), username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    case 'api-key': {
      let value: string | undefined;
      if (scheme.in === 'header') value = headerString(req, scheme.name);
      else if (scheme.in === 'query') value = url.searchParams.get(scheme.name) ?? undefined;
      else value = parseCookies(req.headers.cookie)[scheme.name];
      return value ? { scheme: name, kind: scheme.kind, token: value } : undefined;
    }
    default:
      return authorization ? { scheme: name, kind: scheme.kind, token: authorization } : undefined;
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

/** `WWW-Authenticate` for an operation: a challenge per HTTP scheme it accepts (API keys have none). */
function challengeFor(security: Requirement[][], schemes: Record<string, SchemeSpec>): Record<string, string> {
  const challenges = new Set<string>();
  for (const alternative of security) {
    for (const r of alternative) {
      const kind = schemes[r.scheme]?.kind;
      if (kind === 'http-bearer' || kind === 'other') challenges.add('Bearer'); // 'other': OAuth2 / OpenID Connect access tokens
      else if (kind === 'http-basic') challenges.add('Basic realm="api"');
    }
  }
  return challenges.size ? { 'www-authenticate': [...challenges].join(', ') } : {};
}

/**
 * Checks an operation's security: credentials present (else 401), accepted by
 * the implementer's hook (else 401), of an allowed key type and holding the
 * required scopes (else 403). Returns the caller, or undefined for open operations.
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
    const presented = alternative.map((r) => (schemes[r.scheme] ? presentedCredentials(req, url, r.scheme, schemes[r.scheme]!) : undefined));
    if (presented.some((p) => p === undefined)) continue;
    if (!authenticate) throw new Error(`${operation} needs credentials but no authenticate hook was given`);
    let principal: Principal = {};
    for (const creds of presented) {
      const who = await authenticate(creds!, context);
      if (!who) throw new StubError(401, 'credentials were not accepted', challenge);
      principal = { ...principal, ...who };
    }
    if (keyTypes && (principal.keyType === undefined || !keyTypes.includes(principal.keyType))) {
      throw new StubError(403, `a ${principal.keyType ?? 'key of unknown type'} may not call ${operation} (allowed: ${keyTypes.join(', ')})`);
    }
    if (principal.scopes) {
      const granted = new Set(principal.scopes);
      const satisfied = security.some((alt) => alt.every((r) => r.scopes.every((s) => granted.has(s))));
      if (!satisfied) throw new StubError(403, `the credentials lack the scope ${operation} needs`);
    }
    return principal;
  }
  if (optional) return undefined;
  throw new StubError(401, 'missing or malformed credentials', challenge);
}

/** Writes a handler's result: a {@link reply} as given, otherwise `defaultStatus` with the body. */
export function respond(res: ServerResponse, result: unknown, defaultStatus: number, contentType: string): void {
  if (isReply(result)) {
    send(res, result.status, result.body, contentType, result.headers);
    return;
  }
  send(res, result === undefined && defaultStatus === 200 ? 204 : defaultStatus, result, contentType);
}
