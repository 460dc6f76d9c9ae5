/**
 * The `node:http` / `node:https` transport, and the default choice of transport. It sends a body
 * on any method (some vendor APIs expect one on GET and DELETE, which `fetch` refuses), keeps
 * connections alive, decodes compressed and non-UTF-8 answers, and does not follow redirects.
 *
 * The node modules are loaded with `process.getBuiltinModule` on first use rather than imported:
 * a bundler building a client for the browser then finds no `node:` import, and where there is no
 * `node:http` (browsers, edge workers) {@link defaultTransport} is {@link fetchTransport}.
 * @module
 */
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Zlib from 'node:zlib';
import { abortReason, basicAuthorization, decodeText, fetchTransport, isIdempotent, TransportError, type HttpRequest, type HttpResponse, type Transport } from './transport.ts';

export { fetchTransport, isIdempotent, TransportError, withRetries, type HttpRequest, type HttpResponse, type RetryOptions, type Transport } from './transport.ts';

/**
 * Keep-alive agents of the default transport. An idle socket is closed after 4 s, below the 5 s
 * keep-alive of Node servers (the shortest common default), and sooner when the server announces a
 * shorter `Keep-Alive: timeout=N` (Node's agent honours the hint, closing a second before it), so
 * a socket is not reused at the moment the server closes it.
 */
const FREE_SOCKET_TIMEOUT_MS = 4000;

interface NodeHttp {
  http: typeof Http;
  https: typeof Https;
  zlib: typeof Zlib;
  agents: Record<string, Http.Agent>;
}

/** `process`, read without Node's types (a browser build of a client compiles without them). */
const nodeProcess = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
/** `process.getBuiltinModule` (Node ≥ 20.16, Deno, Bun): loads a built-in without an `import` a bundler would follow. */
export const nodeBuiltin = nodeProcess?.getBuiltinModule ? (id: string): unknown => nodeProcess.getBuiltinModule!(id) : undefined;

let loaded: NodeHttp | undefined;
function nodeHttp(): NodeHttp {
  if (loaded) return loaded;
  if (!nodeBuiltin) throw new TypeError('nodeTransport needs node:http (Node ≥ 20.16); use fetchTransport here');
  const http = nodeBuiltin('node:http') as typeof Http;
  const https = nodeBuiltin('node:https') as typeof Https;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: FREE_SOCKET_TIMEOUT_MS }),
    'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo', timeout: FREE_SOCKET_TIMEOUT_MS }),
  };
  loaded = { http, https, zlib: nodeBuiltin('node:zlib') as typeof Zlib, agents };
  return loaded;
}

/**
 * The {@link Transport} built on `node:http` / `node:https`. An idempotent request that
 * fails on a reused keep-alive socket before any byte of the answer arrived (the server closed the
 * idle socket as the request went out) is sent once more on a new connection.
 */
export const nodeTransport: Transport = async (request: HttpRequest): Promise<HttpResponse> => {
  try {
    return await sendOnce(request);
  } catch (e) {
    if (e instanceof StaleSocketError && isIdempotent(request)) return sendOnce(request);
    throw e instanceof StaleSocketError ? e.error : e;
  }
};

/** A failure on a reused socket before any response byte: the request may not have reached the server. */
class StaleSocketError extends Error {
  readonly error: TransportError;
  constructor(error: TransportError) {
    super(error.message);
    this.error = error;
  }
}

function sendOnce(request: HttpRequest): Promise<HttpResponse> {
  const { http, https, zlib, agents } = nodeHttp();
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
    const body = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    if (request.basicAuth) headers['authorization'] = basicAuthorization(request.basicAuth.username, request.basicAuth.password);

    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
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
    const req = lib.request(url, { method: request.method.toUpperCase(), headers, agent: agents[url.protocol]! }, (res) => {
      answered = true;
      const chunks: Uint8Array[] = [];
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
      stream.on('data', (c: Uint8Array) => chunks.push(c));
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
          body: decodeText(concat(chunks), out['content-type']),
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

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * What clients use when none is given: {@link nodeTransport} where `node:http` exists (it can send
 * a body on GET), {@link fetchTransport} elsewhere.
 */
export const defaultTransport: Transport = nodeBuiltin ? nodeTransport : fetchTransport;
