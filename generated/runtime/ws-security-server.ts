/**
 * WS-Security UsernameToken, server side: reads the `wsse:Security` header block addressed to this
 * node, checks the Timestamp and the token's freshness, rejects a replayed nonce, and asks the
 * implementer's `verify` hook whether the token is good (the token compares passwords itself, in
 * constant time). Every refusal is a sender fault with a WS-Security fault code.
 *
 * Copied verbatim into generated code: imports only sibling runtime files and `node:` built-ins.
 * @module
 */
import { Buffer } from 'node:buffer';
import { createHash, timingSafeEqual } from 'node:crypto';
import { addressedToUs, SoapFault, type Envelope } from './soap.js';
import { BASE64_BINARY, digestInput, PASSWORD_TYPE_URIS, WSSE_NS, WSU_NS, type PasswordType } from './ws-security.js';
import type { XmlElement } from './xml.js';

/** A UsernameToken as it arrived, for the `verify` hook. */
export interface UsernameToken {
  username: string;
  passwordType: PasswordType;
  /** The password, for `PasswordText` (absent when the token has no Password). */
  password?: string;
  /** Base64(SHA-1(nonce + created + password)), for `PasswordDigest`. */
  digest?: string;
  /** The nonce, base64. */
  nonce?: string;
  /** The token's `wsu:Created`, as sent. */
  created?: string;
  /** Whether the token proves `password`: compares the text or recomputes the digest, in constant time. */
  matches(password: string): boolean;
}

/** The `wsSecurity` listener option: requests must carry a UsernameToken that `verify` accepts. */
export interface WsSecurityPolicy {
  /**
   * Accepts or refuses a token whose freshness and nonce have already been checked. Usually
   * `(token) => token.matches(passwordOf(token.username))`; with hashed passwords, check
   * `token.password` (PasswordText only) yourself. Throwing is a bug: a Server fault.
   */
  verify(token: UsernameToken): boolean | Promise<boolean>;
  /** Refuse a request without a Security header (default true); when false such a request reaches the handler unauthenticated. */
  required?: boolean;
  /** Password types accepted (default both). */
  passwordTypes?: readonly PasswordType[];
  /**
   * Clock skew and freshness limit in seconds (default 300): a `wsu:Created` (token or Timestamp)
   * older than this or further ahead than this, or a Timestamp whose `wsu:Expires` passed more than
   * this long ago, is `wsse:MessageExpired`.
   */
  maxSkewSeconds?: number;
  /**
   * How many nonces are remembered (default 10,000); each for twice the skew, the longest its
   * Created can stay acceptable. When more arrive within that window, the oldest are forgotten first.
   */
  maxNonces?: number;
}

/** Who a verified request came from, as the handler's `context.wsSecurity` shows it. */
export interface WsSecurityIdentity {
  username: string;
}

/** The Security header block's name, understood (for `mustUnderstand`) when a policy is configured. */
export const SECURITY_HEADER = { ns: WSSE_NS, local: 'Security' } as const;

/** WS-Security 1.0 fault codes (section 12) this module answers with. */
type WssFaultCode = 'InvalidSecurity' | 'FailedAuthentication' | 'MessageExpired';

const REASONS: Record<WssFaultCode, string> = {
  InvalidSecurity: 'An error was discovered processing the <wsse:Security> header',
  FailedAuthentication: 'The security token could not be authenticated or authorized',
  MessageExpired: 'The message has expired',
};

/** A sender fault with a `wsse:` code; `why` is appended except for FailedAuthentication, which must not tell unknown users from wrong passwords. */
function wssFault(code: WssFaultCode, why?: string): SoapFault {
  const reason = why !== undefined && code !== 'FailedAuthentication' ? `${REASONS[code]}: ${why}` : REASONS[code];
  return new SoapFault('Client', reason, { subcode: code, subcodeNamespace: { prefix: 'wsse', uri: WSSE_NS } });
}

const DATE_TIME = /^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(Z|[+-]\d\d:\d\d)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** An `xs:dateTime` as ms since the epoch; one without a time zone is taken as UTC (zeep writes `+00:00`, others `Z`). */
function instant(text: string, what: string): number {
  const t = text.trim();
  const m = DATE_TIME.exec(t);
  const ms = m ? Date.parse(m[1] === undefined ? `${t}Z` : t) : NaN;
  if (Number.isNaN(ms)) throw wssFault('InvalidSecurity', `${what} is not an xs:dateTime`);
  return ms;
}

/** The one child `{ns}local` of `el`, if any; two are InvalidSecurity. */
function single(el: XmlElement, ns: string, local: string, what: string): XmlElement | undefined {
  const found = el.children.filter((c) => c.ns === ns && c.local === local);
  if (found.length > 1) throw wssFault('InvalidSecurity', `more than one ${what}`);
  return found[0];
}

/** Remembers nonces for a fixed time, in arrival order, at most `max` of them. */
class NonceCache {
  private readonly until = new Map<string, number>();
  private readonly keepMs: number;
  private readonly max: number;

  constructor(keepMs: number, max: number) {
    this.keepMs = keepMs;
    this.max = max;
  }

  /** Forgets the nonces whose time is up (they arrived in order, so they are at the front). */
  private prune(now: number): void {
    for (const [nonce, until] of this.until) {
      if (until > now) break;
      this.until.delete(nonce);
    }
  }

  has(nonce: string, now: number): boolean {
    this.prune(now);
    return this.until.has(nonce);
  }

  add(nonce: string, now: number): void {
    this.until.set(nonce, now + this.keepMs);
    if (this.until.size > this.max) this.until.delete(this.until.keys().next().value as string);
  }
}

/** SHA-256 of a string: equal-length inputs for timingSafeEqual, so the comparison does not reveal the length either. */
const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Reads the UsernameToken element into what `verify` sees. */
function readToken(el: XmlElement, accepted: readonly PasswordType[]): UsernameToken {
  const username = single(el, WSSE_NS, 'Username', 'wsse:Username')?.text.trim() ?? '';
  if (username === '') throw wssFault('InvalidSecurity', 'the UsernameToken has no Username');
  const passwordEl = single(el, WSSE_NS, 'Password', 'wsse:Password');
  const typeUri = passwordEl?.attrs['Type'] ?? PASSWORD_TYPE_URIS.PasswordText;
  const passwordType = (Object.keys(PASSWORD_TYPE_URIS) as PasswordType[]).find((t) => PASSWORD_TYPE_URIS[t] === typeUri);
  if (passwordType === undefined) throw wssFault('InvalidSecurity', `unsupported password type '${typeUri}'`);
  if (!accepted.includes(passwordType)) throw wssFault('InvalidSecurity', `${passwordType} is not accepted here`);
  const nonceEl = single(el, WSSE_NS, 'Nonce', 'wsse:Nonce');
  const nonce = nonceEl?.text.trim();
  if (nonceEl !== undefined) {
    const encoding = nonceEl.attrs['EncodingType'];
    if (encoding !== undefined && encoding !== BASE64_BINARY) throw wssFault('InvalidSecurity', `unsupported nonce encoding '${encoding}'`);
    if (nonce === '' || !BASE64.test(nonce!)) throw wssFault('InvalidSecurity', 'the Nonce is not base64');
  }
  const created = single(el, WSU_NS, 'Created', 'wsu:Created')?.text.trim();
  const secret = passwordEl?.text;
  const token: UsernameToken = {
    username,
    passwordType,
    matches(password: string): boolean {
      if (secret === undefined) return false;
      if (passwordType === 'PasswordText') return timingSafeEqual(sha256(secret), sha256(password));
      const expected = createHash('sha1')
        .update(digestInput(Buffer.from(nonce ?? '', 'base64'), created ?? '', password))
        .digest();
      const given = Buffer.from(secret.trim(), 'base64');
      return given.byteLength === expected.byteLength && timingSafeEqual(given, expected);
    },
  };
  if (secret !== undefined) {
    if (passwordType === 'PasswordText') token.password = secret;
    else token.digest = secret.trim();
  }
  if (nonce !== undefined) token.nonce = nonce;
  if (created !== undefined) token.created = created;
  return token;
}

/**
 * The check a listener runs before dispatching, for a policy: resolves to the verified identity,
 * or `undefined` for a request without a Security header when none is required; throws a
 * `SoapFault` (a sender fault with a `wsse:` code) for every refusal.
 */
export function createWsSecurityCheck(policy: WsSecurityPolicy): (envelope: Envelope) => Promise<WsSecurityIdentity | undefined> {
  const skewMs = (policy.maxSkewSeconds ?? 300) * 1000;
  if (!(skewMs >= 0 && Number.isFinite(skewMs))) throw new TypeError('wsSecurity.maxSkewSeconds must be a non-negative number');
  const accepted = policy.passwordTypes ?? ['PasswordText', 'PasswordDigest'];
  const required = policy.required ?? true;
  const nonces = new NonceCache(2 * skewMs, policy.maxNonces ?? 10_000);

  /** A Created must be neither older than the skew nor further ahead than it. */
  const fresh = (createdText: string, what: string, now: number): void => {
    const created = instant(createdText, what);
    if (created > now + skewMs) throw wssFault('MessageExpired', `${what} is in the future`);
    if (created < now - skewMs) throw wssFault('MessageExpired', `${what} is too old`);
  };

  return async (envelope) => {
    const blocks = (envelope.header?.children ?? []).filter((b) => b.ns === WSSE_NS && b.local === 'Security' && addressedToUs(envelope, b));
    if (blocks.length > 1) throw wssFault('InvalidSecurity', 'more than one Security header for this receiver');
    const security = blocks[0];
    if (security === undefined) {
      if (required) throw wssFault('InvalidSecurity', 'a Security header is required');
      return undefined;
    }
    const now = Date.now();
    const timestamp = single(security, WSU_NS, 'Timestamp', 'wsu:Timestamp');
    if (timestamp !== undefined) {
      const created = single(timestamp, WSU_NS, 'Created', 'wsu:Created');
      if (created !== undefined) fresh(created.text, 'the Timestamp Created', now);
      const expires = single(timestamp, WSU_NS, 'Expires', 'wsu:Expires');
      if (expires !== undefined && instant(expires.text, 'the Timestamp Expires') < now - skewMs) throw wssFault('MessageExpired', 'the Timestamp has expired');
    }
    const tokenEl = single(security, WSSE_NS, 'UsernameToken', 'wsse:UsernameToken');
    if (tokenEl === undefined) throw wssFault('InvalidSecurity', 'no UsernameToken');
    const token = readToken(tokenEl, accepted);
    if (token.created !== undefined) fresh(token.created, 'the token Created', now);
    if (token.nonce !== undefined && nonces.has(token.nonce, now)) throw wssFault('InvalidSecurity', 'the nonce was already used');
    if (!(await policy.verify(token))) throw wssFault('FailedAuthentication');
    // Recorded only for accepted tokens (strangers cannot flush the cache), and checked again:
    // a concurrent copy of this request may have been accepted while `verify` ran.
    if (token.nonce !== undefined) {
      if (nonces.has(token.nonce, Date.now())) throw wssFault('InvalidSecurity', 'the nonce was already used');
      nonces.add(token.nonce, Date.now());
    }
    return { username: token.username };
  };
}
