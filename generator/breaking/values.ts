/**
 * How the set of values a scalar admits changed between two contracts: by kind (string, int,
 * long, …) and by facet (length, pattern, range, digits, enumeration, format). Pure functions; the
 * type comparison decides which direction makes a difference a break.
 */
import type { EnumValue, Facets, ScalarKind, ScalarRef } from '../model/model.ts';
import type { RuleId } from './rules.ts';

export type Protocol = 'xml' | 'json';

/** Kinds that are strings on the JSON wire (a `format` gives them their own kind in the model). */
const JSON_STRINGS = new Set<ScalarKind>(['string', 'date', 'dateTime', 'time', 'duration', 'base64Binary', 'hexBinary', 'anyURI', 'QName']);

/** Numeric kinds whose lexical values each wider kind also accepts. */
const WIDER_NUMBERS: Partial<Record<ScalarKind, ScalarKind[]>> = {
  int: ['long', 'decimal', 'double'],
  long: ['decimal', 'double'],
  decimal: ['double'],
};

/** Whether every value of kind `narrow` is also a value of kind `wide` on this wire. */
export function kindAccepts(wide: ScalarKind, narrow: ScalarKind, protocol: Protocol): boolean {
  if (wide === narrow) return true;
  // In XML every value is text, so a string accepts anything; in JSON only other strings.
  if (wide === 'string') return protocol === 'xml' || JSON_STRINGS.has(narrow);
  return WIDER_NUMBERS[narrow]?.includes(wide) ?? false;
}

/** The TypeScript type the emitters give a scalar kind (model.ts: long and decimal stay strings). */
export function tsTypeOf(kind: ScalarKind): 'number' | 'string' | 'boolean' {
  if (kind === 'int' || kind === 'double') return 'number';
  return kind === 'boolean' ? 'boolean' : 'string';
}

/**
 * One facet that differs. `narrowed` says how fewer values are admitted (a break for requests),
 * `widened` how more are (a break for responses); a changed pattern does both.
 */
export interface FacetChange {
  narrowRule: RuleId;
  wideRule: RuleId;
  narrowed?: string;
  widened?: string;
}

export function facetChanges(before: ScalarRef, after: ScalarRef): FacetChange[] {
  const b = before.facets ?? {};
  const a = after.facets ?? {};
  // A number's format (int32, int64) is carried by its range; only a string's format is a restriction of its own.
  const formats = JSON_STRINGS.has(before.scalar) ? [formatChange(b, a)] : [];
  return [lengthChange(b, a), patternChange(b, a), ...formats, rangeChange(b, a), digitsChange(b, a), enumerationChange(b, a)].filter((c): c is FacetChange => c !== undefined);
}

function lengthChange(b: Facets, a: Facets): FacetChange | undefined {
  const [bMin, bMax] = lengthBounds(b);
  const [aMin, aMax] = lengthBounds(a);
  const narrowed: string[] = [];
  const widened: string[] = [];
  if (aMin > bMin) narrowed.push(`minimum length ${bMin} → ${aMin}`);
  if (aMin < bMin) widened.push(`minimum length ${bMin} → ${aMin}`);
  if (aMax < bMax) narrowed.push(`maximum length ${show(bMax)} → ${aMax}`);
  if (aMax > bMax) widened.push(`maximum length ${bMax} → ${show(aMax)}`);
  return change('REQ-LENGTH-NARROWED', 'RES-FACET-WIDENED', narrowed, widened);
}

function lengthBounds(f: Facets): [number, number] {
  return [f.length ?? f.minLength ?? 0, f.length ?? f.maxLength ?? Infinity];
}

function patternChange(b: Facets, a: Facets): FacetChange | undefined {
  const bp = b.patterns ?? [];
  const ap = a.patterns ?? [];
  // Whether one regular expression admits all another does is not decidable here: any new pattern may narrow, any dropped one widens.
  const added = ap.filter((p) => !bp.includes(p));
  const dropped = bp.filter((p) => !ap.includes(p));
  const quoted = (list: string[]) => list.map((p) => `\`${p}\``).join(' and ');
  if (added.length && dropped.length) {
    const text = `pattern ${quoted(dropped)} → ${quoted(added)}`;
    return change('REQ-PATTERN-NARROWED', 'RES-FACET-WIDENED', [text], [text]);
  }
  return change('REQ-PATTERN-NARROWED', 'RES-FACET-WIDENED', added.length ? [`pattern ${quoted(added)} added`] : [], dropped.length ? [`pattern ${quoted(dropped)} dropped`] : []);
}

function formatChange(b: Facets, a: Facets): FacetChange | undefined {
  if (b.format === a.format) return undefined;
  const narrowed = a.format !== undefined ? [`format ${b.format ?? '(none)'} → ${a.format}`] : [];
  const widened = b.format !== undefined ? [`format ${b.format} → ${a.format ?? '(none)'}`] : [];
  return change('REQ-PATTERN-NARROWED', 'RES-FACET-WIDENED', narrowed, widened);
}

interface Bound {
  value: string;
  exclusive: boolean;
}

function rangeChange(b: Facets, a: Facets): FacetChange | undefined {
  const narrowed: string[] = [];
  const widened: string[] = [];
  const compareBound = (side: 'minimum' | 'maximum', before: Bound | undefined, after: Bound | undefined, sign: 1 | -1): void => {
    const tighter = boundOrder(after, before, sign);
    const text = `${side} ${showBound(before, side)} → ${showBound(after, side)}`;
    if (tighter > 0) narrowed.push(text);
    if (tighter < 0) widened.push(text);
  };
  compareBound('minimum', lower(b), lower(a), 1);
  compareBound('maximum', upper(b), upper(a), -1);
  return change('REQ-RANGE-NARROWED', 'RES-FACET-WIDENED', narrowed, widened);
}

const lower = (f: Facets): Bound | undefined => (f.minExclusive !== undefined ? { value: f.minExclusive, exclusive: true } : f.minInclusive !== undefined ? { value: f.minInclusive, exclusive: false } : undefined);
const upper = (f: Facets): Bound | undefined => (f.maxExclusive !== undefined ? { value: f.maxExclusive, exclusive: true } : f.maxInclusive !== undefined ? { value: f.maxInclusive, exclusive: false } : undefined);

/** > 0 when bound `x` admits fewer values than `y` (sign 1: lower bounds, -1: upper bounds); no bound admits all. */
function boundOrder(x: Bound | undefined, y: Bound | undefined, sign: 1 | -1): number {
  if (!x && !y) return 0;
  if (!x) return -1;
  if (!y) return 1;
  const byValue = compareValues(x.value, y.value) * sign;
  if (byValue !== 0) return byValue;
  return Number(x.exclusive) - Number(y.exclusive);
}

/** Compares two facet values: integers exactly (xs:long's bounds exceed 2^53), other numbers as numbers, dates as text. */
function compareValues(x: string, y: string): number {
  if (/^[-+]?\d+$/.test(x) && /^[-+]?\d+$/.test(y)) {
    const d = BigInt(x) - BigInt(y);
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  }
  const nx = Number(x);
  const ny = Number(y);
  if (!Number.isNaN(nx) && !Number.isNaN(ny)) return Math.sign(nx - ny);
  return x < y ? -1 : x > y ? 1 : 0;
}

function digitsChange(b: Facets, a: Facets): FacetChange | undefined {
  const narrowed: string[] = [];
  const widened: string[] = [];
  for (const key of ['totalDigits', 'fractionDigits'] as const) {
    const bv = b[key] ?? Infinity;
    const av = a[key] ?? Infinity;
    if (av < bv) narrowed.push(`${key} ${show(bv)} → ${av}`);
    if (av > bv) widened.push(`${key} ${bv} → ${show(av)}`);
  }
  return change('REQ-RANGE-NARROWED', 'RES-FACET-WIDENED', narrowed, widened);
}

function enumerationChange(b: Facets, a: Facets): FacetChange | undefined {
  if (!b.enumeration && !a.enumeration) return undefined;
  if (!a.enumeration) return change('REQ-ENUM-VALUE-REMOVED', 'RES-ENUM-VALUE-ADDED', [], ['the enumeration was dropped: any value may be sent']);
  if (!b.enumeration) return change('REQ-ENUM-VALUE-REMOVED', 'RES-ENUM-VALUE-ADDED', [`an enumeration (${list(a.enumeration)}) now restricts the value`], []);
  const bKeys = new Set(b.enumeration.map(enumKey));
  const aKeys = new Set(a.enumeration.map(enumKey));
  const removed = b.enumeration.filter((v) => !aKeys.has(enumKey(v)));
  const added = a.enumeration.filter((v) => !bKeys.has(enumKey(v)));
  return change('REQ-ENUM-VALUE-REMOVED', 'RES-ENUM-VALUE-ADDED', removed.length ? [`enumeration value${removed.length > 1 ? 's' : ''} ${list(removed)} removed`] : [], added.length ? [`enumeration value${added.length > 1 ? 's' : ''} ${list(added)} added`] : []);
}

const enumKey = (v: EnumValue): string => `${typeof v.value}:${String(v.value)}`;
const list = (values: EnumValue[]): string => values.map((v) => JSON.stringify(v.value)).join(', ');
const show = (n: number): string => (n === Infinity ? 'unbounded' : String(n));
const showBound = (b: Bound | undefined, side: 'minimum' | 'maximum'): string => (b ? `${b.exclusive ? (side === 'minimum' ? '>' : '<') : side === 'minimum' ? '≥' : '≤'} ${b.value}` : 'none');

function change(narrowRule: RuleId, wideRule: RuleId, narrowed: string[], widened: string[]): FacetChange | undefined {
  if (!narrowed.length && !widened.length) return undefined;
  const c: FacetChange = { narrowRule, wideRule };
  if (narrowed.length) c.narrowed = narrowed.join(', ');
  if (widened.length) c.widened = widened.join(', ');
  return c;
}
