/**
 * Lexical codecs for the XSD built-in types the emitted decoders and encoders
 * use. Readers take the element text and the JSON-pointer-like path of the
 * field, apply XSD whitespace collapsing (every non-string type), check the
 * lexical form and range, and throw {@link DecodeError} naming the path.
 *
 * Numbers that may not fit a JavaScript number exactly (xs:long, xs:integer
 * and relatives, xs:decimal) are returned as strings, so 9007199254740993
 * survives untouched.
 *
 * Copied verbatim into generated code: imports nothing.
 * @module
 */

/** A field's text does not match its XSD type. `path` is like `/Purchase/Usage/Status`. */
export class DecodeError extends Error {
  /** Where the bad value is, e.g. `/Purchase/Usage/Status` (`/` for the payload itself). */
  readonly path: string;
  /** The problem without the path. */
  readonly reason: string;

  constructor(path: string, reason: string) {
    super(`${path || '/'}: ${reason}`);
    this.name = 'DecodeError';
    this.path = path || '/';
    this.reason = reason;
  }
}

/** XSD `whiteSpace="collapse"`: trims, and reduces inner runs of whitespace to one space. */
export function collapse(s: string): string {
  // Fast path: most values have no whitespace at all.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      plain = false;
      break;
    }
  }
  return plain ? s : s.replace(/[ \t\n\r]+/g, ' ').trim();
}

function show(s: string): string {
  return s.length > 40 ? JSON.stringify(s.slice(0, 40) + '…') : JSON.stringify(s);
}

/** Integer kinds that fit a JavaScript number; the third argument of {@link readInt}. */
export type IntKind = 'int' | 'short' | 'byte' | 'unsignedInt' | 'unsignedShort' | 'unsignedByte';

const INT_RANGES: Record<IntKind, readonly [number, number]> = {
  int: [-2147483648, 2147483647],
  short: [-32768, 32767],
  byte: [-128, 127],
  unsignedInt: [0, 4294967295],
  unsignedShort: [0, 65535],
  unsignedByte: [0, 255],
};

const INTEGER = /^[+-]?[0-9]+$/;

/**
 * Reads xs:int (default) or, with `kind`, xs:short, xs:byte, xs:unsignedInt,
 * xs:unsignedShort or xs:unsignedByte, checking the range of that type.
 */
export function readInt(s: string, path: string, kind: IntKind = 'int'): number {
  const v = collapse(s);
  if (!INTEGER.test(v)) throw new DecodeError(path, `expected an integer (xs:${kind}), got ${show(s)}`);
  const range = INT_RANGES[kind];
  if (range === undefined) throw new TypeError(`unknown integer kind ${String(kind)}`);
  const n = Number(v);
  if (v.length > 16 || n < range[0] || n > range[1]) {
    throw new DecodeError(path, `xs:${kind} out of range [${range[0]}, ${range[1]}]: ${show(v)}`);
  }
  return n === 0 ? 0 : n; // no -0
}

/** Integer kinds returned as strings; the third argument of {@link readLong}. */
export type BigIntKind =
  | 'long'
  | 'integer'
  | 'nonNegativeInteger'
  | 'positiveInteger'
  | 'nonPositiveInteger'
  | 'negativeInteger'
  | 'unsignedLong';

const BIG_RANGES: Record<BigIntKind, readonly [bigint | undefined, bigint | undefined]> = {
  long: [-9223372036854775808n, 9223372036854775807n],
  integer: [undefined, undefined],
  nonNegativeInteger: [0n, undefined],
  positiveInteger: [1n, undefined],
  nonPositiveInteger: [undefined, 0n],
  negativeInteger: [undefined, -1n],
  unsignedLong: [0n, 18446744073709551615n],
};

/**
 * Reads xs:long (default) or, with `kind`, xs:integer, xs:nonNegativeInteger,
 * xs:positiveInteger, xs:nonPositiveInteger, xs:negativeInteger or
 * xs:unsignedLong. Returns the canonical decimal string (no `+`, no leading
 * zeros, no `-0`), never a number, so no precision is lost.
 */
/** Up to 15 plain digits with no leading zero: already canonical and inside every signed/unsigned 64-bit range. */
const SMALL_CANONICAL = /^-?[1-9][0-9]{0,14}$|^0$/;

export function readLong(s: string, path: string, kind: BigIntKind = 'long'): string {
  // Fast path: a small canonical value needs no BigInt, for the kinds whose range holds every such value.
  if (SMALL_CANONICAL.test(s)) {
    if (kind === 'long' || kind === 'integer') return s;
    if ((kind === 'unsignedLong' || kind === 'nonNegativeInteger') && s.charCodeAt(0) !== 45 /* - */) return s;
  }
  const v = collapse(s);
  if (!INTEGER.test(v)) throw new DecodeError(path, `expected an integer (xs:${kind}), got ${show(s)}`);
  const range = BIG_RANGES[kind];
  if (range === undefined) throw new TypeError(`unknown integer kind ${String(kind)}`);
  if (v.length > 4096) throw new DecodeError(path, `integer too long (${v.length} digits)`);
  const b = BigInt(v);
  if ((range[0] !== undefined && b < range[0]) || (range[1] !== undefined && b > range[1])) {
    throw new DecodeError(path, `xs:${kind} out of range: ${show(v)}`);
  }
  return b.toString();
}

const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/**
 * Reads xs:decimal. Returns the collapsed lexical form as written (trailing
 * zeros such as `10.50` are kept: for money they carry presentation).
 */
export function readDecimal(s: string, path: string): string {
  const v = collapse(s);
  if (!DECIMAL.test(v) || v.length > 4096) throw new DecodeError(path, `expected a decimal number (xs:decimal), got ${show(s)}`);
  return v;
}

const DOUBLE = /^(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN)$/;

/** Reads xs:double (also right for xs:float): decimal or exponent forms, `INF`, `+INF`, `-INF`, `NaN`. */
export function readDouble(s: string, path: string): number {
  const v = collapse(s);
  if (!DOUBLE.test(v)) throw new DecodeError(path, `expected a number (xs:double), got ${show(s)}`);
  if (v === 'INF' || v === '+INF') return Infinity;
  if (v === '-INF') return -Infinity;
  if (v === 'NaN') return NaN;
  return Number(v);
}

/** Reads xs:float: same lexical space as xs:double, value rounded to single precision. */
export function readFloat(s: string, path: string): number {
  return Math.fround(readDouble(s, path));
}

/** Reads xs:boolean: `true`, `false`, `1`, `0`. */
export function readBoolean(s: string, path: string): boolean {
  const v = collapse(s);
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new DecodeError(path, `expected a boolean (true, false, 1 or 0), got ${show(s)}`);
}

const DATE = /^(-?(?:[1-9][0-9]{4,}|[0-9]{4}))-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const DATETIME =
  /^(-?(?:[1-9][0-9]{4,}|[0-9]{4}))-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    // XSD uses the proleptic Gregorian calendar with a year 0 (= 1 BCE), a leap year.
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validTimezone(tz: string | undefined): boolean {
  if (tz === undefined || tz === 'Z') return true;
  const h = Number(tz.slice(1, 3));
  const m = Number(tz.slice(4, 6));
  return m <= 59 && (h < 14 || (h === 14 && m === 0));
}

function validDate(y: string, mo: string, d: string): boolean {
  const month = Number(mo);
  const day = Number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(y), month);
}

function validTime(h: string, mi: string, sec: string, frac: string | undefined): boolean {
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (hour === 24) return minute === 0 && second === 0 && (frac === undefined || /^\.0+$/.test(frac));
  return hour <= 23 && minute <= 59 && second <= 59;
}

/** Reads xs:date (`YYYY-MM-DD` with optional time zone), checking the calendar; returns the collapsed string. */
export function readDate(s: string, path: string): string {
  const v = collapse(s);
  const m = DATE.exec(v);
  if (m === null || !validDate(m[1]!, m[2]!, m[3]!) || !validTimezone(m[4])) {
    throw new DecodeError(path, `expected a date (xs:date, YYYY-MM-DD), got ${show(s)}`);
  }
  return v;
}

/** Reads xs:dateTime (`YYYY-MM-DDThh:mm:ss[.fff][zone]`), checking the calendar and clock; returns the collapsed string. */
export function readDateTime(s: string, path: string): string {
  const v = collapse(s);
  const m = DATETIME.exec(v);
  if (m === null || !validDate(m[1]!, m[2]!, m[3]!) || !validTime(m[4]!, m[5]!, m[6]!, m[7]) || !validTimezone(m[8])) {
    throw new DecodeError(path, `expected a date-time (xs:dateTime, YYYY-MM-DDThh:mm:ss), got ${show(s)}`);
  }
  return v;
}

/** Reads xs:time (`hh:mm:ss[.fff][zone]`); returns the collapsed string. */
export function readTime(s: string, path: string): string {
  const v = collapse(s);
  const m = TIME.exec(v);
  if (m === null || !validTime(m[1]!, m[2]!, m[3]!, m[4]) || !validTimezone(m[5])) {
    throw new DecodeError(path, `expected a time (xs:time, hh:mm:ss), got ${show(s)}`);
  }
  return v;
}

/** Writes an xs:double/xs:float: `INF`, `-INF`, `NaN` as XSD spells them, other values in JavaScript's shortest round-trip form. */
export function writeDouble(n: number): string {
  if (n === Infinity) return 'INF';
  if (n === -Infinity) return '-INF';
  if (Number.isNaN(n)) return 'NaN';
  return Object.is(n, -0) ? '-0' : String(n);
}
