/**
 * Secret handling shared by every API: scrypt hashes for passwords and API
 * keys, constant-time comparison, and a dummy verification for unknown IDs so
 * that a wrong ID and a wrong secret cost the same and answer the same.
 */
import crypto from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(secret, salt, KEYLEN, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$saltB64$hashB64`. Synchronous variant for seeding. */
export function hashSecretSync(secret: string): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(secret, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(secret, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** The parts of a stored `scrypt$N$r$p$salt$hash`, or undefined for anything else. */
function parseHash(stored: string): { n: number; r: number; p: number; salt: Buffer; hash: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  return { n: Number(n), r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

/** Synchronous check of `secret` against a stored hash (start-up maintenance only; requests use {@link verifySecret}). */
export function verifySecretSync(stored: string, secret: string): boolean {
  const h = parseHash(stored);
  if (!h) return false;
  const actual = crypto.scryptSync(secret, h.salt, KEYLEN, { N: h.n, r: h.r, p: h.p, maxmem: 64 * 1024 * 1024 });
  return h.hash.length === actual.length && crypto.timingSafeEqual(h.hash, actual);
}

/** A hash no secret matches; verified against when the ID is unknown, to keep timing uniform. */
const DUMMY = hashSecretSync(crypto.randomBytes(12).toString('hex'));

/*
 * Verified (hash, secret) pairs are remembered by a keyed digest so repeated calls with the same
 * credentials (every SOAP call carries them) do not pay ~30 ms of scrypt each. Only successes are
 * cached, the secret itself is never kept, and the key dies with the process.
 */
const CACHE_KEY = crypto.randomBytes(32);
const verified = new Map<string, true>();
const CACHE_MAX = 10_000;

function cacheId(stored: string, secret: string): string {
  return crypto.createHmac('sha256', CACHE_KEY).update(stored).update('\0').update(secret).digest('base64');
}

/** Key derivations run so far (the tests check that every attempt costs exactly one). */
export const derivations = { count: 0 };

/** Whether this exact (hash, secret) pair was verified before: answers without a key derivation. */
export function wasVerified(stored: string | null | undefined, secret: string | null | undefined): boolean {
  return !!stored && verified.has(cacheId(stored, secret ?? ''));
}

/** Whether `secret` matches `stored` (undefined/null stored → runs a dummy check and answers false). */
export async function verifySecret(stored: string | null | undefined, secret: string | null | undefined): Promise<boolean> {
  const candidate = secret ?? '';
  const target = stored ?? DUMMY;
  const id = cacheId(target, candidate);
  if (stored && verified.has(id)) return true;
  derivations.count++;
  const h = parseHash(target);
  if (!h) return false;
  const actual = await scrypt(candidate, h.salt, h.n, h.r, h.p);
  const ok = h.hash.length === actual.length && crypto.timingSafeEqual(h.hash, actual) && !!stored && secret != null;
  if (ok) {
    if (verified.size >= CACHE_MAX) verified.clear();
    verified.set(id, true);
  }
  return ok;
}

/** Fast lookup digest for high-entropy random tokens (never for human passwords). */
export function tokenDigest(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A random secret of `bytes` bytes as URL-safe text. */
export function randomSecret(bytes = 18): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** A random upper-case alphanumeric code in groups, e.g. `ABCDE-FGHIJ`. Avoids 0/O/1/I ambiguity. */
export function randomCode(groups: number, size: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const out: string[] = [];
  for (let g = 0; g < groups; g++) {
    let s = '';
    const bytes = crypto.randomBytes(size);
    for (let i = 0; i < size; i++) s += alphabet[bytes[i]! % alphabet.length];
    out.push(s);
  }
  return out.join('-');
}

/** Thrown by {@link FailureLimiter.check} while a client or credential must wait. */
export class TooManyAttempts extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed authentication attempts; retry after ${retryAfterSeconds} s`);
    this.name = 'TooManyAttempts';
  }
}

/** Bucket sizes and refill rates of the {@link FailureLimiter}. */
export interface FailureLimits {
  /** Failed attempts one client address may make at once, and how many it regains per second. */
  perAddress: { burst: number; perSecond: number };
  /** The same per credential ID (a customer ID), whichever address tries it. */
  perCredential: { burst: number; perSecond: number };
}

/** 30 failures per address, then one more every 2 s; 10 per customer ID, then one every 5 s. */
export const DEFAULT_FAILURE_LIMITS: FailureLimits = { perAddress: { burst: 30, perSecond: 0.5 }, perCredential: { burst: 10, perSecond: 0.2 } };

/**
 * Failed-authentication limiter: a token bucket per client address and per credential ID, drained
 * only by failures. A blocked attempt is refused before any key derivation, so guessing costs the
 * server nothing; a credential that was verified before still gets in (see {@link verifyAttempt}).
 * Buckets live in memory, bounded in number.
 */
export class FailureLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private static readonly MAX_BUCKETS = 100_000;

  constructor(
    private readonly limits: FailureLimits = DEFAULT_FAILURE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  private level(key: string, rule: { burst: number; perSecond: number }): { tokens: number; at: number } {
    const t = this.now();
    const b = this.buckets.get(key);
    if (!b) return { tokens: rule.burst, at: t };
    return { tokens: Math.min(rule.burst, b.tokens + ((t - b.at) / 1000) * rule.perSecond), at: t };
  }

  private rules(address: string, credential: string): [string, { burst: number; perSecond: number }][] {
    return [[`a:${address}`, this.limits.perAddress], [`c:${credential}`, this.limits.perCredential]];
  }

  /** Throws {@link TooManyAttempts} when the address or the credential has no failures left. */
  check(address: string, credential: string): void {
    let wait = 0;
    for (const [key, rule] of this.rules(address, credential)) {
      const { tokens } = this.level(key, rule);
      if (tokens < 1) wait = Math.max(wait, Math.ceil((1 - tokens) / rule.perSecond));
    }
    if (wait > 0) throw new TooManyAttempts(wait);
  }

  /** Records a failed attempt against both buckets. */
  fail(address: string, credential: string): void {
    for (const [key, rule] of this.rules(address, credential)) {
      const b = this.level(key, rule);
      this.buckets.delete(key); // re-inserted last: the map's order is least recently failed first
      this.buckets.set(key, { tokens: b.tokens - 1, at: b.at });
    }
    while (this.buckets.size > FailureLimiter.MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}

/**
 * One authentication attempt at a constant cost: a pair verified before answers at once; a limited
 * client is refused before any work; otherwise exactly one key derivation runs (against a dummy
 * hash when `stored` is missing), and a failure is counted.
 */
export async function verifyAttempt(limiter: FailureLimiter, address: string, credential: string, stored: string | null | undefined, secret: string): Promise<boolean> {
  if (wasVerified(stored, secret)) return true;
  limiter.check(address, credential);
  const ok = await verifySecret(stored, secret);
  if (!ok) limiter.fail(address, credential);
  return ok;
}

/**
 * Reversible storage for the few secrets a vendor API must show again (SOLO's customer passwords, readable with the
 * "View Password" permission): AES-256-GCM under a key derived from the data dir's server secret, so a copied
 * database alone does not reveal them. Format: `v1:<iv>:<tag>:<ciphertext>` (base64url).
 */
export class SecretBox {
  readonly #key: Buffer;
  constructor(serverSecret: Buffer, purpose: string) {
    this.#key = Buffer.from(crypto.hkdfSync('sha256', serverSecret, Buffer.alloc(0), `contract-gen ${purpose}`, 32));
  }
  seal(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.#key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
  }
  /** The plain text, or undefined when `sealed` is absent or was not sealed with this key. */
  open(sealed: string | null | undefined): string | undefined {
    const [version, iv, tag, data] = (sealed ?? '').split(':');
    if (version !== 'v1' || !iv || !tag || data === undefined) return undefined;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
