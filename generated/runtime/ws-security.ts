/**
 * WS-Security UsernameToken (OASIS WSS 1.0 and its UsernameToken Profile 1.0), client side: the
 * `wsse:Security` header block a client sends. The names and the digest input are shared with the
 * server side (`ws-security-server.ts`).
 *
 * SHA-1 and random bytes come from `node:crypto`, loaded with `process.getBuiltinModule` like the
 * transport's modules (so a browser bundle has no `node:` import), else from WebCrypto.
 *
 * Copied verbatim into generated code: imports only sibling runtime files.
 * @module
 */
import { nodeBuiltin } from './http.js';
import { envelopePrefix, WSSE_NS, type SoapVersion } from './soap.js';
import { escapeText } from './xml.js';

export { WSSE_NS };
/** WS-Security 1.0 utility namespace (`wsu`: Timestamp, Created, Expires). */
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const TOKEN_PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
/** `Type` of a `wsse:Password`, by the names the options use. */
export const PASSWORD_TYPE_URIS = {
  PasswordText: `${TOKEN_PROFILE}#PasswordText`,
  PasswordDigest: `${TOKEN_PROFILE}#PasswordDigest`,
} as const;
/** `EncodingType` of a base64 `wsse:Nonce`. */
export const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

/** How the password travels: as itself, or as Base64(SHA-1(nonce + created + password)). */
export type PasswordType = keyof typeof PASSWORD_TYPE_URIS;

/** The `wsSecurity` client option: a UsernameToken (and optionally a Timestamp) in every request. */
export interface WsSecurityOptions {
  username: string;
  password: string;
  /** Default `PasswordText`; send it over TLS. `PasswordDigest` never sends the password itself. */
  passwordType?: PasswordType | undefined;
  /** Send a random `wsse:Nonce` (the server rejects a nonce it has seen). Default: true for `PasswordDigest`, false for `PasswordText`. */
  nonce?: boolean | undefined;
  /** Send `wsu:Created` in the token. Default: whenever a nonce is sent (the server bounds its replay window with it). */
  created?: boolean | undefined;
  /** Also send a `wsu:Timestamp` that expires `ttlSeconds` after it was created. */
  timestamp?: { ttlSeconds: number } | undefined;
}

/** The bytes a PasswordDigest hashes: the nonce's octets, then `created` and `password` in UTF-8. */
export function digestInput(nonce: Uint8Array, created: string, password: string): Uint8Array {
  const encoder = new TextEncoder();
  const rest = encoder.encode(created + password);
  const out = new Uint8Array(nonce.byteLength + rest.byteLength);
  out.set(nonce, 0);
  out.set(rest, nonce.byteLength);
  return out;
}

/** An instant as `xs:dateTime` in UTC, to the second (`2026-01-31T12:00:00Z`), as WSS examples write it. */
export function utcDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What this module needs of `node:crypto`, typed here so that a browser build needs no Node types. */
interface NodeCrypto {
  createHash(algorithm: 'sha1'): { update(data: Uint8Array): { digest(): Uint8Array } };
  randomBytes(size: number): Uint8Array;
}
/** What this module needs of WebCrypto. */
interface WebCrypto {
  getRandomValues(array: Uint8Array): Uint8Array;
  subtle: { digest(algorithm: 'SHA-1', data: Uint8Array): Promise<ArrayBuffer> };
}

const nodeCrypto = nodeBuiltin?.('node:crypto') as NodeCrypto | undefined;

function randomBytes(size: number): Uint8Array {
  if (nodeCrypto) return nodeCrypto.randomBytes(size);
  const web = (globalThis as { crypto?: WebCrypto }).crypto;
  if (!web) throw new TypeError('WS-Security needs node:crypto or WebCrypto for its nonce');
  return web.getRandomValues(new Uint8Array(size));
}

async function sha1(data: Uint8Array): Promise<Uint8Array> {
  if (nodeCrypto) return nodeCrypto.createHash('sha1').update(data).digest();
  const subtle = (globalThis as { crypto?: WebCrypto }).crypto?.subtle;
  if (!subtle) throw new TypeError('a WS-Security PasswordDigest needs node:crypto or WebCrypto (a secure context in browsers)');
  return new Uint8Array(await subtle.digest('SHA-1', data));
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The `wsse:Security` header block for one request in `version`, marked `mustUnderstand`:
 * a Timestamp when asked for, then the UsernameToken. `now` is the creation time (ms since the epoch).
 */
export async function securityHeader(options: WsSecurityOptions, version: SoapVersion, now: number = Date.now()): Promise<string> {
  const type = options.passwordType ?? 'PasswordText';
  if (!(type in PASSWORD_TYPE_URIS)) throw new TypeError(`wsSecurity.passwordType must be PasswordText or PasswordDigest, not '${String(type)}'`);
  const ttl = options.timestamp?.ttlSeconds;
  if (ttl !== undefined && !(Number.isFinite(ttl) && ttl > 0)) throw new TypeError('wsSecurity.timestamp.ttlSeconds must be a positive number');
  const created = utcDateTime(now);
  const nonce = (options.nonce ?? type === 'PasswordDigest') ? randomBytes(16) : undefined;
  const withCreated = options.created ?? nonce !== undefined;
  const password = type === 'PasswordDigest' ? base64(await sha1(digestInput(nonce ?? new Uint8Array(0), withCreated ? created : '', options.password))) : escapeText(options.password);
  const p = envelopePrefix(version);
  let xml = `<wsse:Security xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}" ${p}:mustUnderstand="${version === '1.2' ? 'true' : '1'}">`;
  if (ttl !== undefined) xml += `<wsu:Timestamp><wsu:Created>${created}</wsu:Created><wsu:Expires>${utcDateTime(now + ttl * 1000)}</wsu:Expires></wsu:Timestamp>`;
  xml += `<wsse:UsernameToken><wsse:Username>${escapeText(options.username)}</wsse:Username>`;
  xml += `<wsse:Password Type="${PASSWORD_TYPE_URIS[type]}">${password}</wsse:Password>`;
  if (nonce) xml += `<wsse:Nonce EncodingType="${BASE64_BINARY}">${base64(nonce)}</wsse:Nonce>`;
  if (withCreated) xml += `<wsu:Created>${created}</wsu:Created>`;
  return `${xml}</wsse:UsernameToken></wsse:Security>`;
}
