/**
 * Support code for the emitted validators (`validators.ts` in each generated
 * API). The validators are compiled from the schema; this file only holds the
 * issue type and a few exact helpers they share (decimal comparison, digit
 * counting, lexical forms). Copied verbatim into `generated/runtime/`.
 */

/** One problem found in a value: where (a JSON pointer, `''` for the root) and what. */
export interface Issue {
  /** JSON pointer to the offending value, e.g. `/Usage/Status` or `/items/3/name`. */
  path: string;
  /** Short machine-readable kind: `required`, `type`, `enum`, `pattern`, `length`, `range`, `digits`, `choice`, `union`, `unknown`, `items`, `literal`, `format`. */
  code: string;
  /** Plain-language explanation, naming the expected form. */
  message: string;
}

/** Thrown when a value does not satisfy its schema; carries every issue found. */
export class ValidationError extends Error {
  readonly issues: Issue[];
  constructor(issues: Issue[], what = 'value') {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(first ? `invalid ${what}: ${first.path || '/'}: ${first.message}${more}` : `invalid ${what}`);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** Records an issue. Kept tiny: emitted code calls it only on the failure path. */
export function fail(issues: Issue[], path: string, code: string, message: string): void {
  issues.push({ path, code, message });
}

/** Throws a {@link ValidationError} if `issues` is not empty. */
export function assertValid(issues: Issue[], what?: string): void {
  if (issues.length > 0) throw new ValidationError(issues, what);
}

/** Escapes one JSON-pointer segment (`~` → `~0`, `/` → `~1`). */
export function pointerSegment(key: string): string {
  return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A plain data object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an own property only. Emitted code uses it for keys that plain objects
 * inherit (`constructor`, `toString`, `__proto__`, …), so an inherited member
 * is never mistaken for a value that was sent.
 */
export function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? Object.getOwnPropertyDescriptor(o, key)!.value : undefined;
}

/** Binary content (`format: binary`): a string, bytes, a Blob, or a file part `{ data, filename?, contentType? }` holding one of those. */
export function isBinary(value: unknown): boolean {
  const bytes = (v: unknown): boolean => typeof v === 'string' || v instanceof Uint8Array || (typeof Blob !== 'undefined' && v instanceof Blob);
  return bytes(value) || (isRecord(value) && bytes(value['data']));
}

/** Describes a value's JSON type for messages. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Length in Unicode code points (what XSD and JSON Schema count), not UTF-16 units. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Decoded length in octets of a base64 (`b64`) or hex string, for length facets on binary types. */
export function octets(s: string, encoding: 'base64' | 'hex'): number {
  if (encoding === 'hex') return s.length >> 1;
  const clean = s.replace(/\s+/g, '');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
}

// ---------------------------------------------------------------------------
// Exact decimal arithmetic on lexical forms

/** Lexical forms, anchored. */
export const INTEGER_RE = /^[+-]?[0-9]+$/;
export const DECIMAL_RE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
export const DOUBLE_RE = /^(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN)$/;
export const BOOLEAN_RE = /^(?:true|false|1|0)$/;
export const DATE_RE = /^-?[0-9]{4,}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?:Z|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])?$/;
export const DATETIME_RE =
  /^-?[0-9]{4,}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[Tt](?:[01][0-9]|2[0-4]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?(?:[Zz]|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])?$/;
export const TIME_RE = /^(?:[01][0-9]|2[0-4]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?(?:[Zz]|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])?$/;
export const DURATION_RE = /^-?P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?$/;
export const BASE64_RE = /^(?:[A-Za-z0-9+/]\s*[A-Za-z0-9+/]\s*[A-Za-z0-9+/]\s*[A-Za-z0-9+/]\s*)*(?:[A-Za-z0-9+/]\s*[A-Za-z0-9+/]\s*(?:[A-Za-z0-9+/]\s*=|=\s*=)\s*)?$/;
export const HEX_RE = /^(?:[0-9A-Fa-f]{2})*$/;
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const UUID_RE = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
export const IPV4_RE = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

interface Decimal {
  negative: boolean;
  /** Integer digits without leading zeros ('' for zero). */
  int: string;
  /** Fraction digits without trailing zeros. */
  frac: string;
}

/** Parses a decimal lexical form, or a JavaScript number's `String()` (which may use an exponent). */
function parseDecimal(text: string): Decimal | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  let digits = m[2]! + (m[3] ?? '');
  let point = m[2]!.length + (m[4] ? Number(m[4]) : 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  return { negative: m[1] === '-' && (int !== '' || frac !== ''), int, frac };
}

function compareMagnitude(a: Decimal, b: Decimal): number {
  if (a.int.length !== b.int.length) return a.int.length < b.int.length ? -1 : 1;
  if (a.int !== b.int) return a.int < b.int ? -1 : 1;
  const len = Math.max(a.frac.length, b.frac.length);
  const fa = a.frac.padEnd(len, '0');
  const fb = b.frac.padEnd(len, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/**
 * Compares two decimal values given as text (or numbers) exactly, without
 * going through floating point: -1, 0 or 1. NaN if either is not a decimal.
 */
export function compareDecimal(a: string | number, b: string | number): number {
  const x = parseDecimal(String(a));
  const y = parseDecimal(String(b));
  if (!x || !y) return NaN;
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const c = compareMagnitude(x, y);
  return c === 0 ? 0 : x.negative ? -c : c;
}

/** Total and fraction digit counts of a decimal value (XSD `totalDigits`/`fractionDigits`). */
export function digitCounts(value: string | number): { total: number; fraction: number } {
  const d = parseDecimal(String(value));
  if (!d) return { total: Infinity, fraction: Infinity };
  return { total: Math.max(1, d.int.length + d.frac.length), fraction: d.frac.length };
}

/** True if `value` is an integer in JavaScript's exactly representable range, or an integer lexical form. */
export function isIntegerText(value: string): boolean {
  return INTEGER_RE.test(value);
}
