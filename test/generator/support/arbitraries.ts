/**
 * fast-check arbitraries driven by the generator's model: random *valid*
 * values of any model type (required/optional/nullable/repeated, enumerations,
 * patterns via fixed samples or regex generation, int ranges, xs:long and
 * xs:decimal as digit strings beyond 2^53), and the places in such a value
 * where one mutation must make the validator complain.
 */
import fc from 'fast-check';
import type { ApiModel, Field, ObjectType, ScalarRef, TypeRef } from '../../../generator/model/model.ts';
import { ModelIndex } from '../../../generator/model/lookup.ts';

/** Known XSD patterns of our contracts → values that match them (XSD regex dialect is not JS). */
const PATTERN_SAMPLES: Record<string, string[]> = {
  '(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/[0-9]{4}': ['12/31/2026', '01/01/1999', '06/30/2027'],
  '[0-9]{1,5}\\.[0-9]{1,5}\\.[0-9]{1,5}\\.[0-9]{1,5}': ['2.10.0.1500', '1.0.0.0', '99999.1.22.333'],
  '([A-Za-z]{2})?': ['', 'en', 'DE'],
};

const INT_RANGES: Record<string, [number, number]> = {
  int: [-2147483648, 2147483647],
  short: [-32768, 32767],
  byte: [-128, 127],
  unsignedInt: [0, 4294967295],
  unsignedShort: [0, 65535],
  unsignedByte: [0, 255],
};

const BIG_RANGES: Record<string, [bigint | undefined, bigint | undefined]> = {
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  unsignedLong: [0n, 2n ** 64n - 1n],
  integer: [-(10n ** 30n), 10n ** 30n],
  nonNegativeInteger: [0n, 10n ** 30n],
  positiveInteger: [1n, 10n ** 30n],
  nonPositiveInteger: [-(10n ** 30n), 0n],
  negativeInteger: [-(10n ** 30n), -1n],
};

/** Characters that survive an XML round trip (no C0 controls but tab/LF/CR, no lone surrogates, no U+FFFE/FFFF). */
const textChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ019 -_.:/@'.split('')) },
  { weight: 2, arbitrary: fc.constantFrom('<', '>', '&', '"', "'", ']]>', '\t', '\n', '\r', '\r\n') },
  { weight: 2, arbitrary: fc.constantFrom('ü', 'é', 'ß', '日', '本', '€', '😀', '\u00a0') },
);

function textString(min = 0, max = 12): fc.Arbitrary<string> {
  // Lengths in code points, as XSD counts them.
  return fc.array(textChar, { minLength: min, maxLength: max }).map((parts) => {
    let s = parts.join('');
    // A ']]>' or '\r\n' piece counts as several code points; trim to the bound.
    const cps = [...s];
    if (cps.length > max) s = cps.slice(0, max).join('');
    return s;
  }).filter((s) => [...s].length >= min);
}

/** Strings for whitespace-collapsing types (token, Name, …): no leading/trailing/double spaces. */
const tokenString = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,10}$/);

function num(v: string | undefined): number | undefined {
  return v === undefined ? undefined : Number(v);
}

export class Arbitraries {
  private readonly index: ModelIndex;
  private readonly cache = new Map<string, fc.Arbitrary<unknown>>();

  constructor(readonly api: ApiModel) {
    this.index = new ModelIndex(api);
  }

  /** All fields of an object type, base fields first. */
  fields(type: ObjectType): Field[] {
    const base = type.base ? this.index.type(type.base) : undefined;
    return [...(base?.kind === 'object' ? this.fields(base) : []), ...type.fields];
  }

  scalar(ref: ScalarRef): fc.Arbitrary<unknown> {
    const f = ref.facets ?? {};
    if (f.enumeration?.length) {
      return fc.constantFrom(
        ...f.enumeration.map((e) => (ref.scalar === 'int' || ref.scalar === 'double' ? Number(e.value) : ref.scalar === 'boolean' ? e.value === true || e.value === 'true' : String(e.value))),
      );
    }
    if (f.patterns?.length) {
      const p = f.patterns[0]!;
      const samples = PATTERN_SAMPLES[p];
      if (samples) return fc.constantFrom(...samples);
      try {
        return fc.stringMatching(new RegExp(`^(?:${p})$`)).filter((s) => f.patterns!.every((q) => new RegExp(`^(?:${q})$`).test(s)));
      } catch {
        throw new Error(`no sample for XSD pattern ${p}: add one to PATTERN_SAMPLES`);
      }
    }
    switch (ref.scalar) {
      case 'boolean':
        return fc.boolean();
      case 'int': {
        const [lo, hi] = INT_RANGES[ref.xsdType ?? 'int'] ?? INT_RANGES.int!;
        const min = Math.max(lo, num(f.minInclusive) ?? lo, (num(f.minExclusive) ?? lo - 1) + 1);
        const max = Math.min(hi, num(f.maxInclusive) ?? hi, (num(f.maxExclusive) ?? hi + 1) - 1);
        return fc.integer({ min, max });
      }
      case 'long': {
        const [lo, hi] = BIG_RANGES[ref.xsdType ?? 'long'] ?? BIG_RANGES.long!;
        // Bias towards values beyond 2^53, where a JS number would lose digits.
        return fc.oneof(fc.bigInt({ min: lo!, max: hi! }), fc.constantFrom(2n ** 53n + 1n, 9007199254740993n, hi!, lo!)).map(String);
      }
      case 'decimal': {
        const digits = f.fractionDigits ?? 4;
        return fc
          .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 10 ** Math.min(digits, 6) - 1 }), fc.boolean())
          .map(([i, frac, withFrac]) => (withFrac && digits > 0 ? `${i}.${String(frac).padStart(Math.min(digits, 6), '0')}` : String(i)));
      }
      case 'double':
        return fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0));
      case 'date':
        return fc.constantFrom('2025-03-15', '1999-12-31', '2026-01-01Z');
      case 'dateTime':
        return fc.constantFrom('2025-03-15T14:22:05', '2026-03-15T00:00:00Z', '2012-04-25T09:53:13.5+02:00');
      case 'time':
        return fc.constantFrom('14:22:05', '00:00:00Z');
      case 'duration':
        return fc.constantFrom('P1D', 'PT5M', 'P1Y2M3DT4H5M6S');
      case 'base64Binary':
        return fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('base64'));
      case 'hexBinary':
        return fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('hex').toUpperCase());
      case 'anyURI':
        return fc.constantFrom('https://example.com/a?b=c', 'urn:x:y', '');
      case 'QName':
        return fc.constantFrom('xs:string', 'local');
      case 'string': {
        const collapsing = ref.xsdType !== undefined && !['string', 'anyType', 'anySimpleType'].includes(ref.xsdType);
        const min = f.length ?? f.minLength ?? 0;
        const max = f.length ?? f.maxLength ?? Math.max(min, 12);
        if (collapsing) return tokenString.filter((s) => s.length >= min && s.length <= max);
        return textString(min, Math.min(max, min + 16));
      }
    }
  }

  /** An arbitrary for a type reference. */
  ref(ref: TypeRef, depth = 0): fc.Arbitrary<unknown> {
    switch (ref.kind) {
      case 'scalar':
        return this.scalar(ref);
      case 'named':
        return this.named(ref.name, depth);
      case 'array':
        return fc.array(this.ref(ref.items, depth + 1), { minLength: ref.minItems ?? 0, maxLength: Math.min(ref.maxItems ?? 3, 3) });
      case 'union':
        return fc.oneof(...ref.members.map((m) => this.ref(m, depth + 1)));
      case 'literal':
        return fc.constant(ref.value);
      case 'unknown':
        throw new Error(`no arbitrary for unknown type: ${ref.reason}`);
      case 'document': {
        const d = ref as typeof ref & { list?: boolean; contentType?: TypeRef };
        const one =
          ref.roots.length === 1
            ? this.ref(d.contentType ?? this.index.element(ref.roots[0]!).type, depth + 1)
            : fc.oneof(...ref.roots.map((r) => { const el = this.index.element(r); return fc.record({ [el.element.local]: this.ref(el.type, depth + 1) }); }));
        const doc = d.list ? fc.array(one, { maxLength: 3 }) : one;
        if (!(ref as { orText?: boolean }).orText) return doc;
        // cg:documentOrText: the document, or text that is not a declared document (words, '<' in a message, markup that is not one)
        const text = fc.oneof(textString(0, 16).filter((t) => !t.trimStart().startsWith('<')), fc.constantFrom('Error: value < 10', '<b>no such root</b>', '<data>unclosed', ' <'));
        return fc.oneof(doc.map((document) => ({ document })), text.map((t) => ({ text: t })));
      }
    }
  }

  named(name: string, depth: number): fc.Arbitrary<unknown> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const t = this.index.type(name);
    let arb: fc.Arbitrary<unknown>;
    switch (t.kind) {
      case 'scalar':
        arb = this.scalar(t.type);
        break;
      case 'element':
        arb = this.ref(t.type, depth);
        break;
      case 'array':
        arb = this.ref(t.type, depth);
        break;
      case 'union':
        arb = fc.oneof(...t.members.map((m) => this.ref(m, depth + 1)));
        break;
      case 'object':
        arb = this.object(t, depth);
        break;
    }
    this.cache.set(name, arb);
    return arb;
  }

  private object(t: ObjectType, depth: number): fc.Arbitrary<unknown> {
    const fields = this.fields(t);
    const inChoice = new Set((t.choices ?? []).flat());
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const requiredKeys: string[] = [];
    for (const f of fields) {
      if (inChoice.has(f.name)) continue;
      if (f.type.kind === 'unknown') continue; // wildcard-typed field: nothing typed to generate
      let a = this.ref(f.type, depth + 1);
      if (f.nullable) a = fc.option(a, { nil: null, freq: 4 });
      // Zero occurrences of an optional repeated element decode as absent (not []): the field is left out instead.
      if (f.repeated) a = fc.array(a, { minLength: Math.max(1, f.repeated.min), maxLength: Math.max(1, f.repeated.min, Math.min(f.repeated.max === 'unbounded' ? 3 : f.repeated.max, 3)) });
      model[f.name] = a;
      // Deep optional structures are cut short so values stay small.
      if (f.required) requiredKeys.push(f.name);
    }
    if (t.text) {
      // Whitespace-only text in mixed content is indistinguishable from indentation, and the codec
      // drops it (by design); generate text with some non-space character when there is any.
      model.$value = t.xml?.mixed ? this.ref(t.text, depth + 1).filter((x) => typeof x !== 'string' || x.trim() !== '') : this.ref(t.text, depth + 1);
      if (!t.xml?.mixed) requiredKeys.push('$value');
    }
    const base = fc.record(model, { requiredKeys });
    if (!t.choices?.length) return base;
    // xs:choice: each inner list is one choice; exactly one of its fields is present.
    const byName = new Map(fields.map((f) => [f.name, f]));
    const choiceArbs = t.choices.map((choice) =>
      fc.oneof(
        ...choice.map((n) => {
          const f = byName.get(n)!;
          let a = this.ref(f.type, depth + 1);
          if (f.repeated) a = fc.array(a, { minLength: Math.max(1, f.repeated.min), maxLength: 2 });
          return a.map((v) => ({ [n]: v }));
        }),
      ),
    );
    return fc.tuple(base, ...choiceArbs).map(([a, ...picked]) => Object.assign({}, a as object, ...(picked as object[])));
  }
  /**
   * Places in `value` (of type `ref`) where a single mutation must be caught
   * by the validator, with the JSON pointer the issue must carry.
   */
  mutations(ref: TypeRef, value: unknown, at = ''): Mutation[] {
    const out: Mutation[] = [];
    const t = this.resolveObject(ref);
    if (!t || value === null || typeof value !== 'object') return out;
    const obj = value as Record<string, unknown>;
    const inChoice = new Set((t.choices ?? []).flat());
    for (const f of this.fields(t)) {
      const here = `${at}/${f.name}`;
      const v = obj[f.name];
      if (f.required && !inChoice.has(f.name) && !(f.repeated && f.repeated.min === 0)) out.push({ pointer: here, kind: 'delete', key: f.name, parent: at });
      if (v === undefined || v === null) continue;
      const items = f.repeated ? (v as unknown[]).map((x, i) => [x, `${here}/${i}`] as const) : [[v, here] as const];
      for (const [item, p] of items) {
        if (item === null) continue;
        const scalar = this.index.scalar(f.type);
        if (scalar) {
          if (scalar.facets?.enumeration?.length) out.push({ pointer: p, kind: 'set', value: typeof item === 'number' ? -987654321 : 'not-a-listed-value' });
          if (scalar.scalar === 'int' || scalar.scalar === 'double') out.push({ pointer: p, kind: 'set', value: 'not a number' });
          else if (scalar.scalar === 'boolean') out.push({ pointer: p, kind: 'set', value: 'yes' });
          else out.push({ pointer: p, kind: 'set', value: 12345 });
        } else {
          const inner = f.type.kind === 'document' ? this.documentType(f.type) : f.type;
          const orText = f.type.kind === 'document' && (f.type as { orText?: boolean }).orText;
          if (inner && !orText) out.push(...this.mutations(inner, item, p));
          else if (inner && typeof item === 'object' && 'document' in item) out.push(...this.mutations(inner, (item as { document: unknown }).document, `${p}/document`));
        }
      }
    }
    return out;
  }

  private documentType(ref: TypeRef): TypeRef | undefined {
    if (ref.kind !== 'document' || ref.roots.length !== 1 || (ref as { list?: boolean }).list) return undefined;
    return (ref as { contentType?: TypeRef }).contentType ?? this.index.element(ref.roots[0]!).type;
  }

  private resolveObject(ref: TypeRef): ObjectType | undefined {
    let r: TypeRef | undefined = ref;
    for (let i = 0; i < 16 && r; i++) {
      if (r.kind !== 'named') return undefined;
      const t = this.index.type(r.name);
      if (t.kind === 'object') return t;
      if (t.kind === 'element') r = t.type;
      else return undefined;
    }
    return undefined;
  }
}

export type Mutation =
  | { pointer: string; kind: 'delete'; key: string; parent: string }
  | { pointer: string; kind: 'set'; value: unknown };

/** Applies a mutation to a deep copy of `value`. */
export function applyMutation(value: unknown, m: Mutation): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const segs = (m.kind === 'delete' ? m.parent : m.pointer).split('/').slice(1);
  if (m.kind === 'delete') {
    let o: Record<string, unknown> = copy;
    for (const s of segs) o = o[s] as Record<string, unknown>;
    delete o[m.key];
    return copy;
  }
  let o: Record<string, unknown> = copy;
  for (const s of segs.slice(0, -1)) o = o[s] as Record<string, unknown>;
  o[segs.at(-1)!] = m.value;
  return copy;
}
