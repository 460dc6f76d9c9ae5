/**
 * How generated clients send requests: the {@link Transport} contract, its errors, opt-in retries,
 * and the `fetch`-based transport for browsers, Deno, Bun and edge workers. No `node:` import, so a
 * browser bundle of a client is self-contained; the `node:http` transport lives in `http.ts`.
 * @module
 */

/** One HTTP request. */
export interface HttpRequest {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Absolute `http:` or `https:` URL. */
  url: string;
  /** Request headers (names are case-insensitive). */
  headers: Record<string, string>;
  /** Request body; `Content-Length` is set from it. */
  body?: string | Uint8Array | undefined;
  /** Whole-exchange timeout in milliseconds (connect to last response byte). */
  timeoutMs?: number | undefined;
  /** Aborts the request; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Adds an `Authorization: Basic …` header. */
  basicAuth?: { username: string; password: string } | undefined;
}

/** One HTTP response; header names are lower-case, repeated headers joined with `, `. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body decoded as text (charset from Content-Type, else UTF-8). */
  body: string;
}

/** Sends one request. Replaceable, e.g. by a fake in tests or a transport with retries. */
export interface Transport {
  (request: HttpRequest): Promise<HttpResponse>;
  /** `false` when the transport cannot send a body with GET or HEAD (fetch); clients then refuse such calls before sending. */
  readonly bodyOnGet?: boolean;
}

/** The request could not be completed: `timeout`, `network` (DNS, connection, protocol) or `aborted`. */
export class TransportError extends Error {
  readonly code: 'timeout' | 'network' | 'aborted';
  constructor(code: 'timeout' | 'network' | 'aborted', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
  }
}

/** `Basic <base64(user:password)>`, UTF-8 encoded (RFC 7617). */
export function basicAuthorization(username: string, password: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** Decodes a body with the charset of its Content-Type, falling back to UTF-8 for none or an unknown label. */
export function decodeText(bytes: Uint8Array, contentType: string | undefined): string {
  const charset = contentType ? /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType)?.[2] : undefined;
  if (charset !== undefined) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // Unknown label: UTF-8 below.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** The reason a signal was aborted with, or a standard AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

/** Methods that may be sent twice with the effect of once (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** Whether `request` may be repeated safely. */
export function isIdempotent(request: HttpRequest): boolean {
  return IDEMPOTENT.has(request.method.toUpperCase());
}

/**
 * A {@link Transport} on the standard `fetch`: browsers, Deno, Bun, edge workers, and Node when
 * chosen. Redirects are followed (browsers give no other choice). The Fetch standard forbids a
 * body on GET and HEAD, so `bodyOnGet` is `false` and clients refuse such calls up front.
 */
export const fetchTransport: Transport = Object.assign(
  async (request: HttpRequest): Promise<HttpResponse> => {
    const method = request.method.toUpperCase();
    if (request.body !== undefined && (method === 'GET' || method === 'HEAD')) throw new TypeError(`fetch cannot send a body with ${method}`);
    const signal = request.signal;
    if (signal?.aborted) throw abortReason(signal);
    const headers: Record<string, string> = { ...request.headers };
    if (request.basicAuth) headers['authorization'] = basicAuthorization(request.basicAuth.username, request.basicAuth.password);
    const controller = new AbortController();
    let failure: unknown;
    const stop = (reason: unknown): void => {
      failure = reason;
      controller.abort(reason);
    };
    const onAbort = (): void => stop(abortReason(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const ms = request.timeoutMs;
    const timer = ms !== undefined && ms > 0 ? setTimeout(() => stop(new TransportError('timeout', `no complete response within ${ms} ms`)), ms) : undefined;
    try {
      const init: RequestInit = { method, headers, signal: controller.signal };
      // A Uint8Array over a plain ArrayBuffer: the only kind fetch accepts, and the only kind clients build.
      if (request.body !== undefined) init.body = request.body as string | Uint8Array<ArrayBuffer>;
      const response = await fetch(request.url, init);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        out[name] = value;
      });
      return { status: response.status, headers: out, body: decodeText(bytes, out['content-type']) };
    } catch (error) {
      if (failure !== undefined) throw failure;
      throw new TransportError('network', `${method} ${request.url}: ${(error as Error).message}`, { cause: error });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  },
  { bodyOnGet: false },
);

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
  const retrying = async (request: HttpRequest): Promise<HttpResponse> => {
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
  return transport.bodyOnGet === undefined ? retrying : Object.assign(retrying, { bodyOnGet: transport.bodyOnGet });
}
