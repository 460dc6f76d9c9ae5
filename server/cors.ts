/**
 * CORS, so that a browser page on another origin (a generated fetch client in a web app) can call
 * the REST and SOAP endpoints. Credentials travel in headers (API keys, Basic, bearer), never in
 * cookies, so no `Allow-Credentials`: an origin that is allowed still needs the caller's key.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** `*` (any origin, the default), a list of exact origins, or `off`. */
export type CorsPolicy = '*' | 'off' | readonly string[];

/** Parses `--cors`: `*`, `off`, or comma-separated origins such as `http://localhost:5173`. */
export function parseCorsPolicy(text: string): CorsPolicy {
  const t = text.trim();
  if (t === '*' || t === 'off') return t;
  const origins = t.split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of origins) if (!/^https?:\/\/[^/\s]+$/.test(o)) throw new Error(`not an origin (scheme://host[:port]): ${o}`);
  return origins;
}

/**
 * Adds the CORS answer headers for a request from an allowed origin. Returns true when the request
 * was a preflight and has been answered (204), false when it goes on to the API.
 */
export function handleCors(req: IncomingMessage, res: ServerResponse, policy: CorsPolicy): boolean {
  const origin = req.headers.origin;
  if (policy === 'off' || origin === undefined) return false;
  if (policy !== '*' && !policy.includes(origin)) return false;
  res.setHeader('Access-Control-Allow-Origin', policy === '*' ? '*' : origin);
  if (policy !== '*') res.setHeader('Vary', 'Origin');
  // Headers a client reads from error answers: the challenge, the back-off hint, the allowed methods.
  res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate, Retry-After, Allow, Content-Length');
  const requestedMethod = req.headers['access-control-request-method'];
  if (req.method !== 'OPTIONS' || requestedMethod === undefined) return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
    // Echo what the page asks for: SOAPAction, Authorization, Content-Type, vendor headers.
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
    'Access-Control-Max-Age': '600',
    'Content-Length': '0',
  });
  res.end();
  return true;
}
