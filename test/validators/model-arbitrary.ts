/**
 * fast-check arbitraries that produce values valid for a model type, and a
 * walker that lists where a valid value can be broken (with the JSON pointer
 * the validator must then report). Test-only; reads the same model the
 * validator emitter compiles, so the two are checked against each other.
 */
import fc from 'fast-check';
import type { ApiModel, Field, NamedType, ObjectType, ScalarRef, TypeRef } from '../../generator/model/model.ts';
import { xsdToEcma } from '../../generator/model/xsd-builtins.ts';
import { ENTRIES_PROPERTY } from '../../generator/emit/types.ts';

const MAX_DEPTH = 3;

export class ModelArbitraries {
  private readonly byName = new Map<string, NamedType>();
  private readonly json: boolean;
  private readonly cache = new Map<string, fc.Arbitrary<unknown>>();
  constructor(readonly api: ApiModel) {
    for (const t of api.types) this.byName.set(t.name, t);
    this.json = api.rest !== undefined;
  }

  named(name: string, depth = 0): fc.Arbitrary<unknown> {
    const key = `${name}@${Math.min(depth, MAX_DEPTH + 1)}`;
    let arb = this.cache.get(key);
    if (!arb) {
      arb = fc.constant(null).chain(() => this.namedNow(name, depth));
      this.cache.set(key, arb);
    }
    return arb;
  }

  private namedNow(name: string, depth: number): fc.Arbitrary<unknown> {
    const t = this.byName.get(name);
    if (!t) throw new Error(`unknown type ${name}`);
    switch (t.kind) {
      case 'scalar':
      case 'array':
        return this.ref(t.type, depth);
      case 'element':
        return this.ref(t.type, depth);
      case 'union':
        if (t.discriminator) {
          const d = t.discriminator;
          return fc.oneof(
            ...Object.entries(d.mapping).map(([value, target]) => this.named(target, depth + 1).map((v) => ({ ...(v as object), [d.property]: value }))),
          );
        }
        return fc.oneof(...t.members.map((m) => this.ref(m, depth + 1)));
      case 'object':
        return this.object(t, depth);
    }
  }

  private chain(t: ObjectType): ObjectType[] {
    const out: ObjectType[] = [];
    for (let cur: NamedType | undefined = t; cur && cur.kind === 'object'; cur = cur.base ? this.byName.get(cur.base) : undefined) out.unshift(cur);
    return out;
  }

  private object(t: ObjectType, depth: number): fc.Arbitrary<unknown> {
    const chain = this.chain(t);
    const fields = chain.flatMap((c) => c.fields);
    const choices = chain.flatMap((c) => c.choices ?? []);
    const inChoice = new Set(choices.flat());
    const mapEntry = chain.find((c) => c.mapEntry)?.mapEntry;
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const requiredKeys: string[] = [];
    for (const f of fields) {
      if (inChoice.has(f.name)) continue;
      const required = f.required && !(f.repeated && f.repeated.min === 0);
      if (!required && depth >= MAX_DEPTH) continue;
      model[f.name] = this.field(f, depth + 1);
      if (required) requiredKeys.push(f.name);
    }
    let arb: fc.Arbitrary<Record<string, unknown>> = fc.record(model, { requiredKeys });
    for (const choice of choices) {
      const byName = new Map(fields.map((f) => [f.name, f]));
      arb = arb.chain((base) =>
        fc.oneof(...choice.map((name) => this.field(byName.get(name)!, depth + 1).map((v) => ({ ...base, [name]: v })))),
      );
    }
    if (mapEntry && fields.length === 0) return fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/), this.named(mapEntry, depth + 1), { maxKeys: depth >= MAX_DEPTH ? 0 : 2 });
    if (mapEntry) {
      return arb.chain((base) =>
        fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/), this.named(mapEntry, depth + 1), { maxKeys: 2 }).map((entries) => ({ ...base, [ENTRIES_PROPERTY]: entries })),
      );
    }
    return arb;
  }

  private field(f: Field, depth: number): fc.Arbitrary<unknown> {
    let item = this.ref(f.type, depth);
    if (f.nullable && !f.repeated) item = fc.oneof(item, fc.constant(null));
    if (!f.repeated) return item;
    const min = f.repeated.min;
    const max = f.repeated.max === 'unbounded' ? min + 2 : Math.min(f.repeated.max, min + 2);
    return fc.array(f.nullable ? fc.oneof(item, fc.constant(null)) : item, { minLength: min, maxLength: depth >= MAX_DEPTH ? min : max });
  }

  ref(ref: TypeRef, depth: number): fc.Arbitrary<unknown> {
    switch (ref.kind) {
      case 'named':
        return this.named(ref.name, depth);
      case 'literal':
        return fc.constant(ref.value);
      case 'unknown':
        return fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null));
      case 'array': {
        const min = ref.minItems ?? 0;
        const max = Math.min(ref.maxItems ?? min + 2, min + 2);
        return fc.array(this.ref(ref.items, depth + 1), { minLength: min, maxLength: depth >= MAX_DEPTH ? min : max });
      }
      case 'union':
        return fc.oneof(...ref.members.map((m) => this.ref(m, depth + 1)));
      case 'document': {
        if (ref.roots.length === 1) return this.named(ref.roots[0]!, depth + 1);
        return fc.oneof(
          ...ref.roots.map((r) => {
            const t = this.byName.get(r)!;
            const local = t.kind === 'element' ? t.element.local : t.name;
            return this.named(r, depth + 1).map((v) => ({ [local]: v }));
          }),
        );
      }
      case 'scalar':
        return this.scalar(ref);
    }
  }

  private scalar(ref: ScalarRef): fc.Arbitrary<unknown> {
    const f = ref.facets ?? {};
    if (f.enumeration?.length) {
      const values = f.enumeration.map((e) => e.value);
      const typed = values.map((v) => (ref.scalar === 'int' || ref.scalar === 'double' ? Number(v) : ref.scalar === 'boolean' ? v === true || v === 'true' : String(v)));
      return fc.constantFrom(...typed);
    }
    const lenient = <T>(arb: fc.Arbitrary<T>) => (ref.lenient ? fc.oneof(arb, arb.map((v) => String(v))) : arb);
    const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
    switch (ref.scalar) {
      case 'boolean':
        return lenient(fc.boolean());
      case 'int': {
        const bounds: Record<string, [number, number]> = { byte: [-128, 127], short: [-32768, 32767], int: [-2147483648, 2147483647], unsignedByte: [0, 255], unsignedShort: [0, 65535], unsignedInt: [0, 4294967295] };
        let [min, max] = bounds[ref.xsdType ?? ''] ?? [-1e9, 1e9];
        if (f.minInclusive !== undefined) min = Math.max(min, num(f.minInclusive)!);
        if (f.minExclusive !== undefined) min = Math.max(min, Math.floor(num(f.minExclusive)!) + 1);
        if (f.maxInclusive !== undefined) max = Math.min(max, num(f.maxInclusive)!);
        if (f.maxExclusive !== undefined) max = Math.min(max, Math.ceil(num(f.maxExclusive)!) - 1);
        const arb = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
        if (f.patterns?.length) return this.patterned(f.patterns).filter((s) => /^-?\d+$/.test(s)).map((s) => (ref.lenient ? s : Number(s)));
        return lenient(arb);
      }
      case 'double': {
        const min = num(f.minInclusive ?? f.minExclusive) ?? -1e6;
        const max = num(f.maxInclusive ?? f.maxExclusive) ?? 1e6;
        return lenient(
          fc
            .double({ min, max, noNaN: true, noDefaultInfinity: true })
            .filter((d) => (f.minExclusive === undefined || d > Number(f.minExclusive)) && (f.maxExclusive === undefined || d < Number(f.maxExclusive)) && !Object.is(d, -0)),
        );
      }
      case 'long':
      case 'decimal': {
        const lo = f.minInclusive ?? f.minExclusive;
        const hi = f.maxInclusive ?? f.maxExclusive;
        const min = lo !== undefined ? BigInt(Math.ceil(Number(lo)) + (f.minExclusive !== undefined ? 1 : 0)) : -(10n ** 15n);
        const max = hi !== undefined ? BigInt(Math.floor(Number(hi)) - (f.maxExclusive !== undefined ? 1 : 0)) : 10n ** 15n;
        const digits = f.totalDigits !== undefined ? 10n ** BigInt(f.totalDigits - (f.fractionDigits ?? 0)) - 1n : undefined;
        const arb = fc.bigInt({ min: digits !== undefined && -digits > min ? -digits : min, max: digits !== undefined && digits < max ? digits : max }).map(String);
        if (f.patterns?.length) return this.patterned(f.patterns);
        if (ref.scalar === 'decimal' && (f.fractionDigits ?? 2) > 0) {
          return fc.tuple(arb, fc.integer({ min: 0, max: 9 })).map(([i, d]) => (d === 0 || (hi !== undefined && i === String(max)) ? i : `${i}.${d}`));
        }
        return arb;
      }
      case 'date':
        return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      case 'dateTime':
        return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      case 'time':
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(11, 19));
      case 'duration':
        return fc.nat(100).map((n) => `P${n}D`);
      case 'base64Binary':
        return fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('base64'));
      case 'hexBinary':
        return fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('hex').toUpperCase());
      default: {
        if (f.format === 'email') return fc.emailAddress();
        if (f.format === 'uuid') return fc.uuid();
        let arb: fc.Arbitrary<string> = f.patterns?.length ? this.patterned(f.patterns) : fc.string({ maxLength: 12 });
        const min = f.length ?? f.minLength;
        const max = f.length ?? f.maxLength;
        if (!f.patterns?.length && min !== undefined) arb = fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max ?? min + 12, min + 12)) });
        else if (!f.patterns?.length && max !== undefined) arb = fc.string({ maxLength: max });
        const cp = (s: string) => [...s].length;
        return arb.filter((s) => (min === undefined || cp(s) >= min) && (max === undefined || cp(s) <= max));
      }
    }
  }

  private patterned(patterns: string[]): fc.Arbitrary<string> {
    return fc.oneof(
      ...patterns.map((p) => {
        const re = this.json ? new RegExp(p, 'u') : new RegExp(`^(?:${xsdToEcma(p)})$`, 'u');
        return fc.stringMatching(re);
      }),
    );
  }
}

/** A place in a valid value where a wrong-typed value must be reported at exactly `path`. */
export interface BreakPoint {
  path: string;
  set: (root: unknown) => unknown;
  kind: 'wrong-type' | 'missing';
}

/**
 * Lists break points of `value` (valid for `ref`): scalar/array/literal
 * fields (replaced by an object, which none of them accept) and required
 * fields (deleted). Skips anything under a union without a discriminator,
 * where which member "should" have matched is ambiguous.
 */
export function breakPoints(arbs: ModelArbitraries, ref: TypeRef, value: unknown): BreakPoint[] {
  const out: BreakPoint[] = [];
  const byName = new Map(arbs.api.types.map((t) => [t.name, t]));
  const resolve = (r: TypeRef): TypeRef => {
    let cur = r;
    for (let i = 0; i < 20 && cur.kind === 'named'; i++) {
      const t = byName.get(cur.name);
      if (!t) break;
      if (t.kind === 'scalar' || t.kind === 'array' || t.kind === 'element') cur = t.type;
      else if (t.kind === 'union' && !t.discriminator && t.members.length === 1) cur = t.members[0]!;
      else break;
    }
    return cur;
  };
  const setter = (segments: (string | number)[], mutate: (parent: Record<string | number, unknown>, key: string | number) => void) => (root: unknown) => {
    const copy = structuredClone(root);
    let parent = copy as Record<string | number, unknown>;
    for (const s of segments.slice(0, -1)) parent = parent[s] as Record<string | number, unknown>;
    mutate(parent, segments[segments.length - 1]!);
    return copy;
  };
  const walk = (r: TypeRef, v: unknown, segments: (string | number)[]) => {
    const target = resolve(r);
    const pointer = segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
    if (v === null || v === undefined) return;
    if (target.kind === 'scalar' || target.kind === 'literal' || target.kind === 'array') {
      if (segments.length > 0) out.push({ path: pointer, kind: 'wrong-type', set: setter(segments, (p, k) => (p[k] = { wrong: true })) });
      if (target.kind === 'array' && Array.isArray(v)) v.forEach((item, i) => walk(target.items, item, [...segments, i]));
      return;
    }
    if (target.kind !== 'named') return;
    const t = byName.get(target.name);
    if (!t) return;
    if (t.kind === 'union') {
      if (!t.discriminator) return;
      const tag = (v as Record<string, unknown>)[t.discriminator.property];
      const member = t.discriminator.mapping[String(tag)];
      if (member) walk({ kind: 'named', name: member }, v, segments);
      return;
    }
    if (t.kind !== 'object' || typeof v !== 'object') return;
    const chain: ObjectType[] = [];
    for (let cur: NamedType | undefined = t; cur && cur.kind === 'object'; cur = cur.base ? byName.get(cur.base) : undefined) chain.unshift(cur);
    const inChoice = new Set(chain.flatMap((c) => c.choices ?? []).flat());
    for (const f of chain.flatMap((c) => c.fields)) {
      const fv = (v as Record<string, unknown>)[f.name];
      if (fv === undefined) continue;
      if (f.required && !inChoice.has(f.name) && !(f.repeated && f.repeated.min === 0)) {
        out.push({ path: `${pointer}/${f.name.replace(/~/g, '~0').replace(/\//g, '~1')}`, kind: 'missing', set: setter([...segments, f.name], (p, k) => delete p[k]) });
      }
      if (f.repeated && Array.isArray(fv)) fv.forEach((item, i) => walk(f.type, item, [...segments, f.name, i]));
      else walk(f.type, fv, [...segments, f.name]);
    }
  };
  walk(ref, value, []);
  return out;
}
