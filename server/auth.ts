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

/** Whether `secret` matches `stored` (undefined/null stored → runs a dummy check and answers false). */
export async function verifySecret(stored: string | null | undefined, secret: string | null | undefined): Promise<boolean> {
  const candidate = secret ?? '';
  const target = stored ?? DUMMY;
  const id = cacheId(target, candidate);
  if (stored && verified.has(id)) return true;
  const parts = target.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scrypt(candidate, Buffer.from(saltB64, 'base64'), Number(n), Number(r), Number(p));
  const ok = expected.length === actual.length && crypto.timingSafeEqual(expected, actual) && !!stored && secret != null;
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
