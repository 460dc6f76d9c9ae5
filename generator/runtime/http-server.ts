/**
 * A `node:http` server with bounded resources for the generated listeners (SOAP and REST): how long
 * a client may take to send its headers and its whole request, how long a connection may sit idle,
 * how many connections and requests per connection it may hold. Node's own defaults let a client
 * trickle a body for 300 s and open connections without limit; these defaults are safe for a
 * service on the open network and each can be changed.
 *
 * Copied verbatim into generated code: imports only `node:` built-ins.
 * @module
 */
import * as http from 'node:http';

/** Resource limits of {@link createBoundedServer}; every value may be overridden. */
export interface ServerLimits {
  /** Time to receive the request headers, ms (then 408 and the connection closes). */
  headersTimeoutMs: number;
  /** Time to receive the whole request, headers and body, ms (then 408). */
  requestTimeoutMs: number;
  /** A connection with no traffic at all for this long is closed, ms. */
  idleTimeoutMs: number;
  /**
   * How long an idle keep-alive connection is kept between requests, ms. Longer than the common
   * client idle timeouts (Node's agents: 5 s), so that clients close first and never send on a
   * socket the server is closing.
   */
  keepAliveTimeoutMs: number;
  /** Connections held at once; further ones are refused until some close. */
  maxConnections: number;
  /** Requests one keep-alive connection may carry before the server closes it. */
  maxRequestsPerSocket: number;
  /** Largest request header block, bytes. */
  maxHeaderBytes: number;
}

export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 15_000,
  maxConnections: 1024,
  maxRequestsPerSocket: 1000,
  maxHeaderBytes: 16 * 1024,
});

/**
 * `http.createServer(listener)` with {@link DEFAULT_SERVER_LIMITS} (or `limits`) applied; call
 * `listen()` on the result as usual.
 */
export function createBoundedServer(listener: http.RequestListener, limits: Partial<ServerLimits> = {}): http.Server {
  const l = { ...DEFAULT_SERVER_LIMITS, ...limits };
  const server = http.createServer(
    {
      headersTimeout: l.headersTimeoutMs,
      requestTimeout: l.requestTimeoutMs,
      keepAliveTimeout: l.keepAliveTimeoutMs,
      maxHeaderSize: l.maxHeaderBytes,
      // How often the header and request deadlines are checked (Node's default is 30 s).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(l.headersTimeoutMs, l.requestTimeoutMs) / 4))),
    },
    listener,
  );
  server.keepAliveTimeout = l.keepAliveTimeoutMs;
  server.timeout = l.idleTimeoutMs;
  server.maxConnections = l.maxConnections;
  server.maxRequestsPerSocket = l.maxRequestsPerSocket;
  return server;
}
