/**
 * The HTTP transport generated clients use by default: `node:http` /
 * `node:https`, with a body on any method (some vendor APIs expect a body on
 * GET and DELETE, which `fetch` refuses), per-request timeout, AbortSignal
 * support and charset-aware response decoding. Redirects are not followed.
 *
 * Copied verbatim into generated code: imports only `node:` built-ins.
 * @module
 */
import { Buffer } from 'node:buffer';
import * as http from 'node:http';
import * as https from 'node:https';
import * as zlib from 'node:zlib';

/** One HTTP request. */
export interface HttpRequest {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Absolute `http:` or `https:` URL. */
  url: string;
  /** Request headers (names are case-insensitive). */
  headers: Record<string, string>;
  /** Request body; sent with any method, `Content-Length` is set from it. */
  body?: string | Uint8Array;
  /** Whole-exchange timeout in milliseconds (connect to last response byte). */
  timeoutMs?: number;
  /** Aborts the request; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Adds an `Authorization: Basic …` header. */
  basicAuth?: { username: string; password: string };
}

/** One HTTP response; header names are lower-case, repeated headers joined with `, `. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body decoded as text (charset from Content-Type, else UTF-8). */
  body: string;
}

/** Sends one request. Replaceable, e.g. by a fake in tests or a fetch-based one elsewhere. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** The request could not be completed: `timeout`, `network` (DNS, connection, protocol) or `aborted`. */
export class TransportError extends Error {
  readonly code: 'timeout' | 'network' | 'aborted';
  constructor(code: 'timeout' | 'network' | 'aborted', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
  }
}

/** The charset parameter of a Content-Type, if any. */
function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m ? m[2] : undefined;
}

/** Decodes a body with the declared charset, falling back to UTF-8 for unknown labels. */
function decodeBody(bytes: Buffer, contentType: string | undefined): string {
  const charset = charsetOf(contentType);
  if (charset !== undefined) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // Unknown label: UTF-8 below.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * Keep-alive agents of the default transport. An idle socket is closed after 4 s, below the 5 s
 * keep-alive of Node servers (the shortest common default), and sooner when the server announces a
 * shorter `Keep-Alive: timeout=N` (Node's agent honours the hint, closing a second before it), so
 * a socket is not reused at the moment the server closes it.
 */
const FREE_SOCKET_TIMEOUT_MS = 4000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: FREE_SOCKET_TIMEOUT_MS }),
  'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo', timeout: FREE_SOCKET_TIMEOUT_MS }),
};

/** Methods that may be sent twice with the effect of once (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** Whether `request` may be repeated safely. */
export function isIdempotent(request: HttpRequest): boolean {
  return IDEMPOTENT.has(request.method.toUpperCase());
}

/**
 * The default {@link Transport}, built on `node:http` / `node:https`. An idempotent request that
 * fails on a reused keep-alive socket before any byte of the answer arrived (the server closed the
 * idle socket as the request went out) is sent once more on a new connection.
 */
export const nodeTransport: Transport = async (request) => {
  try {
    return await sendOnce(request);
  } catch (e) {
    if (e instanceof StaleSocketError && isIdempotent(request)) return sendOnce(request);
    throw e instanceof StaleSocketError ? e.error : e;
  }
};

/** A failure on a reused socket before any response byte: the request may not have reached the server. */
class StaleSocketError extends Error {
  constructor(readonly error: TransportError) {
    super(error.message);
  }
}

function sendOnce(request: HttpRequest): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      reject(new TypeError(`invalid URL: ${request.url}`));
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new TypeError(`unsupported URL scheme: ${url.protocol}`));
      return;
    }
    const signal = request.signal;
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === 'string'
          ? Buffer.from(request.body, 'utf8')
          : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    if (request.basicAuth) {
      const { username, password } = request.basicAuth;
      headers['authorization'] = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
    }

    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error: unknown, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error !== undefined) {
        req.destroy();
        reject(error);
      } else resolve(response as HttpResponse);
    };
    const onAbort = (): void => finish(signal ? abortReason(signal) : new TransportError('aborted', 'request aborted'));

    const lib = url.protocol === 'https:' ? https : http;
    let answered = false;
    const req = lib.request(url, { method: request.method.toUpperCase(), headers, agent: agents[url.protocol] }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      const enc = (res.headers['content-encoding'] ?? '').toLowerCase();
      // Servers may compress even unasked; decode the common codings.
      const stream =
        enc === 'gzip' || enc === 'x-gzip'
          ? res.pipe(zlib.createGunzip())
          : enc === 'deflate'
            ? res.pipe(zlib.createInflate())
            : enc === 'br'
              ? res.pipe(zlib.createBrotliDecompress())
              : res;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e: Error) => finish(new TransportError('network', `error reading the response: ${e.message}`, { cause: e })));
      res.on('aborted', () => finish(new TransportError('network', 'the connection closed before the response was complete')));
      stream.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
        }
        finish(undefined, {
          status: res.statusCode ?? 0,
          headers: out,
          body: decodeBody(Buffer.concat(chunks), out['content-type']),
        });
      });
    });
    req.on('error', (e: Error) => {
      const error = new TransportError('network', `${request.method} ${url.origin}${url.pathname}: ${e.message}`, { cause: e });
      finish(req.reusedSocket && !answered ? new StaleSocketError(error) : error);
    });
    if (request.timeoutMs !== undefined && request.timeoutMs > 0) {
      const ms = request.timeoutMs;
      timer = setTimeout(() => finish(new TransportError('timeout', `no complete response within ${ms} ms`)), ms);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });
}

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** Attempts after the first (default 2). */
  retries?: number;
  /** Delay before the first retry in ms, doubled each time, with jitter (default 200). */
  baseDelayMs?: number;
  /** Which requests may be repeated (default: idempotent methods only). */
  retryable?: (request: HttpRequest) => boolean;
  /** Which outcomes are retried (default: network errors, timeouts, and 502/503/504 answers). */
  shouldRetry?: (outcome: { error?: unknown; response?: HttpResponse }) => boolean;
}

const transient = ({ error, response }: { error?: unknown; response?: HttpResponse }): boolean =>
  error !== undefined ? error instanceof TransportError && error.code !== 'aborted' : [502, 503, 504].includes(response!.status);

/**
 * Opt-in retries with exponential backoff around a transport, for idempotent requests only unless
 * told otherwise: `new Client({ transport: withRetries(nodeTransport, { retries: 3 }) })`.
 * A `Retry-After` answer (seconds) is honoured when it is longer than the backoff.
 */
export function withRetries(transport: Transport, options: RetryOptions = {}): Transport {
  const retries = options.retries ?? 2;
  const base = options.baseDelayMs ?? 200;
  const retryable = options.retryable ?? isIdempotent;
  const shouldRetry = options.shouldRetry ?? transient;
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      let outcome: { error?: unknown; response?: HttpResponse };
      try {
        outcome = { response: await transport(request) };
      } catch (error) {
        outcome = { error };
      }
      if (attempt >= retries || !retryable(request) || request.signal?.aborted || !shouldRetry(outcome)) {
        if (outcome.error !== undefined) throw outcome.error;
        return outcome.response!;
      }
      const hinted = Number(outcome.response?.headers['retry-after']) * 1000;
      const backoff = base * 2 ** attempt * (0.5 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, Number.isFinite(hinted) && hinted > backoff ? hinted : backoff));
    }
  };
}
