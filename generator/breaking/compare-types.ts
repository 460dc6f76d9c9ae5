/**
 * Compares what two contracts say one place in a message carries: types, fields, parameters.
 *
 * The direction decides what breaks. A request is sent by old clients, so the new contract must
 * accept everything the old one did (narrowing breaks); a response is read by old clients, so the
 * new contract must send nothing the old one could not (widening breaks). A type reached from both
 * requests and responses is compared in both directions.
 *
 * Named types are compared as pairs (the type a place had before, the type it has now), once per
 * direction: the pair's findings live in its own scope, and every place reaching it links there.
 */
import type { ApiModel, DocumentRef, ElementType, Field, NamedType, ObjectType, ScalarRef, SourceLocation, TypeRef, UnionType } from '../model/model.ts';
import { ModelIndex } from '../model/lookup.ts';
import { Scope, type Findings, type Sides } from './findings.ts';
import { ruleById, type RuleId } from './rules.ts';
import { facetChanges, kindAccepts, tsTypeOf, type Protocol } from './values.ts';

export type Direction = 'request' | 'response';

/** Where a comparison stands: the scope and path findings go to, what the thing is called, where each side declares it. */
export interface Site {
  scope: Scope;
  /** Path below the scope, `/`-separated. */
  rel: string;
  /** Names the compared thing independently of the path that reached it, so a change is found once. */
  subject: string;
  /** How messages name it: "field `email` of `Customer`", "query parameter `limit`". */
  what: string;
  /** Set inside a request or response; messages then start with the direction. */
  dir?: Direction | undefined;
  before?: SourceLocation | undefined;
  after?: SourceLocation | undefined;
}

/** A field, parameter or body: what a comparison of presence, repetition and nullability needs. */
export interface Member {
  required: boolean;
  nullable: boolean;
  type: TypeRef;
  repeated?: { min: number; max: number | 'unbounded' } | undefined;
  fixed?: string | undefined;
  xml?: Field['xml'];
}

/** One side of the comparison: its model, and the type names it declares. */
export class Side {
  readonly index: ModelIndex;
  readonly names: Set<string>;
  constructor(readonly api: ApiModel) {
    this.index = new ModelIndex(api);
    this.names = new Set(api.types.map((t) => t.name));
  }
}

const inDirection = (site: Site, dir: Direction): Site => (site.dir === dir ? site : { ...site, dir });

export const below = (rel: string, segment: string): string => (rel ? `${rel}/${segment}` : segment);

export class TypeComparison {
  /** Before-name → after-name of every type found renamed (the rest of a removed type is CODE-TYPE-REMOVED). */
  readonly renamed = new Map<string, string>();
  private readonly pairs = new Map<string, { scope: Scope; broke: boolean }>();
  private readonly protocol: Protocol;

  constructor(
    readonly before: Side,
    readonly after: Side,
    private readonly findings: Findings,
  ) {
    this.protocol = after.api.soap ? 'xml' : 'json';
  }

  /**
   * Records a change at a site; returns whether it breaks the wire (code and compatible changes do
   * not), which tells a caller whether a TypeScript-only difference is worth its own finding.
   */
  flag(rule: RuleId, site: Site, detail: string, sides: Sides = 'both'): boolean {
    const message = `${site.dir ? `${site.dir} ` : ''}${site.what}: ${detail}`;
    this.findings.add(rule, `${site.subject}\u0000${detail}`, { scope: site.scope, rel: site.rel }, message, site, sides);
    const group = ruleById(rule).group;
    return group === 'requests' || group === 'responses';
  }

  /** Compares the types one place has on each side. */
  compare(b: TypeRef, a: TypeRef, dir: Direction, at: Site): boolean {
    const site = inDirection(at, dir);
    if (b.kind === 'named' && a.kind === 'named') return this.comparePair(b.name, a.name, dir, site);
    // A named scalar, array or union against an inline one is the same TypeScript: compare what each stands for.
    if (b.kind === 'named') {
      const body = bodyOf(this.before.index.type(b.name));
      if (body) return this.compare(body, a, dir, site);
    }
    if (a.kind === 'named') {
      const body = bodyOf(this.after.index.type(a.name));
      if (body) return this.compare(b, body, dir, site);
    }
    if (b.kind === 'unknown' || a.kind === 'unknown') return this.compareUnknown(b, a, dir, site);
    if (b.kind === 'union' || a.kind === 'union') return this.compareUnions(membersOf(b), membersOf(a), dir, site);
    const bScalar = asScalar(b);
    const aScalar = asScalar(a);
    if (bScalar && aScalar) return this.compareScalars(bScalar, aScalar, dir, site);
    if (b.kind === 'array' && a.kind === 'array') return this.compareArrays(b, a, dir, site);
    if (b.kind === 'document' && a.kind === 'document') return this.compareDocuments(b, a, dir, site);
    // A cg:document is carried in a string: a string now parsed as a document narrows, the reverse widens.
    if (b.kind === 'document' && b.carrier === 'string' && aScalar?.scalar === 'string') return dir === 'response' ? this.typeChanged(b, a, dir, site) : this.flag('REQUEST-WIDENED', site, 'any string is accepted, not only the document');
    if (a.kind === 'document' && a.carrier === 'string' && bScalar?.scalar === 'string') return dir === 'request' ? this.typeChanged(b, a, dir, site) : this.flag('RESPONSE-NARROWED', site, 'the string now carries a document');
    return this.typeChanged(b, a, dir, site);
  }

  /** A field, parameter or body present on both sides. */
  compareMember(b: Member, a: Member, dir: Direction, at: Site): boolean {
    const site = inDirection(at, dir);
    let broke = false;
    if (b.xml && a.xml && (b.xml.node !== a.xml.node || !this.sameNamespace(b.xml.ns, a.xml.ns))) {
      broke = this.flag('ELEMENT-NAME-CHANGED', site, `${xmlName(b.xml)} → ${xmlName(a.xml)}`);
    }
    if (!b.required && a.required) broke = (dir === 'request' ? this.flag('REQ-FIELD-REQUIRED', site, 'now required') : this.flag('RESPONSE-NARROWED', site, 'now always present')) || broke;
    if (b.required && !a.required) broke = (dir === 'response' ? this.flag('RES-FIELD-OPTIONAL', site, 'no longer always present') : this.flag('REQUEST-WIDENED', site, 'now optional')) || broke;
    if (b.nullable && !a.nullable) broke = (dir === 'request' ? this.flag('REQ-NILLABLE-REMOVED', site, 'no longer nillable') : this.flag('RESPONSE-NARROWED', site, 'no longer nil')) || broke;
    if (!b.nullable && a.nullable) broke = (dir === 'response' ? this.flag('RES-NULLABLE-ADDED', site, 'may now be nil (null)') : this.flag('REQUEST-WIDENED', site, 'now nillable')) || broke;
    // Absent or present is the required rule's business; occurrences count from one.
    const occurs = (m: Member): [number, number] => [Math.max(m.repeated?.min ?? 1, 1), m.repeated ? (m.repeated.max === 'unbounded' ? Infinity : m.repeated.max) : 1];
    broke = this.compareOccurs(occurs(b), occurs(a), dir, site, 'occurrences') || broke;
    if (b.fixed !== a.fixed) {
      if (dir === 'request' && a.fixed !== undefined) broke = this.flag('REQ-ENUM-VALUE-REMOVED', site, `fixed value ${show(b.fixed)} → ${show(a.fixed)}`) || broke;
      if (dir === 'response' && b.fixed !== undefined) broke = this.flag('RES-ENUM-VALUE-ADDED', site, `fixed value ${show(b.fixed)} → ${show(a.fixed)}`) || broke;
    }
    broke = this.compare(b.type, a.type, dir, site) || broke;
    const bShape = memberShape(b, this.before.index);
    const aShape = memberShape(a, this.after.index);
    if (!broke && bShape !== aShape) this.flag('CODE-FIELD-TYPE-CHANGED', site, `TypeScript type ${bShape} → ${aShape}`);
    return broke;
  }

  /** A member only one side has. `closed`: the new contract refuses content it does not declare. */
  memberRemoved(b: Member, dir: Direction, at: Site, closed: boolean): boolean {
    const site = inDirection(at, dir);
    if (dir === 'request') return closed ? this.flag('REQ-FIELD-REMOVED', site, 'removed', 'before') : this.flag('CODE-FIELD-REMOVED', site, 'removed (the wire tolerates it)', 'before');
    return b.required ? this.flag('RES-FIELD-REMOVED', site, 'removed', 'before') : this.flag('CODE-FIELD-REMOVED', site, 'removed (it was optional)', 'before');
  }

  memberAdded(a: Member, dir: Direction, at: Site): boolean {
    const site = inDirection(at, dir);
    if (dir === 'request' && a.required) return this.flag('REQ-FIELD-ADDED-REQUIRED', site, 'added as required', 'after');
    return this.flag('FIELD-ADDED', site, a.required ? 'added' : 'added (optional)', 'after');
  }

  /** Whether two XML namespaces are the same one, a renamed target namespace counting as the same (NAMESPACE-CHANGED says it once). */
  sameNamespace(b: string, a: string): boolean {
    return b === a || (b === this.before.api.soap?.targetNamespace && a === this.after.api.soap?.targetNamespace);
  }

  typeChanged(b: TypeRef, a: TypeRef, dir: Direction, site: Site): boolean {
    return this.flag(dir === 'request' ? 'REQ-TYPE-CHANGED' : 'RES-TYPE-CHANGED', site, `${describe(b)} → ${describe(a)}`);
  }

  private comparePair(bName: string, aName: string, dir: Direction, site: Site): boolean {
    const key = `${dir}\u0000${bName}\u0000${aName}`;
    const known = this.pairs.get(key);
    if (known) {
      known.scope.reachedFrom(site.scope, site.rel);
      return known.broke;
    }
    const scope = new Scope();
    scope.reachedFrom(site.scope, site.rel);
    // Registered before the walk, so a type that contains itself ends the recursion here.
    const entry = { scope, broke: false };
    this.pairs.set(key, entry);
    const bt = this.before.index.type(bName);
    const at = this.after.index.type(aName);
    const inner: Site = { scope, rel: '', subject: `${bName}>${aName}`, what: `type \`${aName}\``, before: bt.location, after: at.location, dir };
    this.noteRename(bt, at, inner);
    entry.broke = this.compareNamed(bt, at, dir, inner);
    return entry.broke;
  }

  /** A place that had type B and now has type A, where B is gone and A is new: the generated name changed. */
  private noteRename(bt: NamedType, at: NamedType, site: Site): void {
    if (bt.name === at.name || bt.kind === 'element' || at.kind === 'element') return;
    if (this.after.names.has(bt.name) || this.before.names.has(at.name)) return;
    this.renamed.set(bt.name, at.name);
    this.findings.add('CODE-TYPE-RENAMED', `rename\u0000${bt.name}`, { scope: site.scope, rel: '' }, `type \`${bt.name}\` is now \`${at.name}\``, site);
  }

  private compareNamed(bt: NamedType, at: NamedType, dir: Direction, site: Site): boolean {
    if (bt.kind === 'object' && at.kind === 'object') return this.compareObjects(bt, at, dir, site);
    if (bt.kind === 'element' && at.kind === 'element') return this.compareElements(bt, at, dir, site);
    const tagsBroke = bt.kind === 'union' && at.kind === 'union' && this.compareDiscriminators(bt.discriminator, at.discriminator, dir, site);
    const bBody = bodyOf(bt);
    const aBody = bodyOf(at);
    if (bBody && aBody) return this.compare(bBody, aBody, dir, site) || tagsBroke;
    return this.typeChanged({ kind: 'named', name: bt.name }, { kind: 'named', name: at.name }, dir, site);
  }

  /**
   * The discriminator's property and tag values (OpenAPI `discriminator`): the members themselves are
   * compared as a union; this is what selects one. A discriminator only one side declares changes
   * no value on the wire (the members' own properties say what is sent), so only pairs are compared.
   */
  private compareDiscriminators(b: UnionType['discriminator'], a: UnionType['discriminator'], dir: Direction, site: Site): boolean {
    if (!b || !a) return false;
    const rule = dir === 'request' ? 'REQ-DISCRIMINATOR-CHANGED' : 'RES-DISCRIMINATOR-CHANGED';
    if (b.property !== a.property) return this.flag(rule, site, `discriminator property \`${b.property}\` → \`${a.property}\``);
    const removed = Object.keys(b.mapping).filter((tag) => !(tag in a.mapping));
    const added = Object.keys(a.mapping).filter((tag) => !(tag in b.mapping));
    const tags = (list: string[]) => `${list.length > 1 ? 'values' : 'value'} ${list.map((t) => JSON.stringify(t)).join(', ')}`;
    let broke = false;
    // Old clients send the tags they know and read only those.
    if (removed.length) broke = dir === 'request' ? this.flag(rule, site, `discriminator ${tags(removed)} removed`) : this.flag('RESPONSE-NARROWED', site, `discriminator ${tags(removed)} no longer sent`);
    if (added.length) broke = (dir === 'response' ? this.flag(rule, site, `discriminator ${tags(added)} added`) : this.flag('REQUEST-WIDENED', site, `discriminator ${tags(added)} accepted`)) || broke;
    return broke;
  }

  /**
   * xs:choice: which fields exclude each other. Old clients may send two fields that have become
   * alternatives, and may not expect two that were alternatives to arrive together. Pairs with a
   * field only one side has are the field rules' business.
   */
  private compareChoices(b: ObjectType, a: ObjectType, both: Set<string>, dir: Direction, site: Site): boolean {
    const bPairs = exclusivePairs(b, this.before.index, both);
    const aPairs = exclusivePairs(a, this.after.index, both);
    const gained = [...aPairs].filter((p) => !bPairs.has(p));
    const lost = [...bPairs].filter((p) => !aPairs.has(p));
    const show = (list: string[]) => list.map((p) => p.replace('\u0000', '` and `')).map((p) => `\`${p}\``).join(', ');
    let broke = false;
    if (gained.length) broke = dir === 'request' ? this.flag('REQ-CHOICE-NARROWED', site, `now alternatives (xs:choice): ${show(gained)}`) : this.flag('RESPONSE-NARROWED', site, `now alternatives: ${show(gained)}`);
    if (lost.length) broke = (dir === 'response' ? this.flag('RES-CHOICE-WIDENED', site, `no longer alternatives, may arrive together: ${show(lost)}`) : this.flag('REQUEST-WIDENED', site, `no longer alternatives: ${show(lost)}`)) || broke;
    return broke;
  }

  private compareElements(b: ElementType, a: ElementType, dir: Direction, site: Site): boolean {
    let broke = false;
    if (b.element.local !== a.element.local || !this.sameNamespace(b.element.ns, a.element.ns)) broke = this.flag('ELEMENT-NAME-CHANGED', site, `element ${clark(b.element)} → ${clark(a.element)}`);
    if (dir === 'request' && b.nillable && !a.nillable) broke = this.flag('REQ-NILLABLE-REMOVED', site, 'no longer nillable') || broke;
    if (dir === 'response' && !b.nillable && a.nillable) broke = this.flag('RES-NULLABLE-ADDED', site, 'may now be nil') || broke;
    return this.compare(b.type, a.type, dir, site) || broke;
  }

  private compareObjects(b: ObjectType, a: ObjectType, dir: Direction, site: Site): boolean {
    const bFields = fieldsOf(b, this.before.index);
    const aFields = fieldsOf(a, this.after.index);
    let broke = false;
    const fieldSite = (f: OwnedField, bOwner: string, aOwner: string, side: { before?: Field; after?: Field }): Site => ({
      scope: site.scope,
      rel: below(site.rel, f.field.name),
      subject: `${bOwner}>${aOwner}.${f.field.name}`,
      what: `field \`${f.field.name}\` of \`${aOwner}\``,
      before: side.before?.location,
      after: side.after?.location,
    });
    const { matched, removed, added } = matchFields(bFields, aFields);
    broke = this.compareChoices(b, a, new Set(matched.map(([, af]) => af.field.name)), dir, site);
    for (const [bf, af] of matched) broke = this.compareMember(bf.field, af.field, dir, fieldSite(af, bf.owner, af.owner, { before: bf.field, after: af.field })) || broke;
    // Content the new type does not declare is refused unless it has a wildcard (xs:any, additionalProperties).
    for (const bf of removed) broke = this.memberRemoved(bf.field, dir, { ...fieldSite(bf, bf.owner, a.name, { before: bf.field }), after: a.location }, a.rest === undefined) || broke;
    for (const af of added) broke = this.memberAdded(af.field, dir, fieldSite(af, b.name, af.owner, { after: af.field })) || broke;
    if (b.rest && !a.rest) broke = (dir === 'request' ? this.flag('REQ-OPEN-CONTENT-CLOSED', site, 'extra content is no longer allowed') : this.flag('RESPONSE-NARROWED', site, 'no extra content any more')) || broke;
    if (!b.rest && a.rest && dir === 'request') this.flag('REQUEST-WIDENED', site, 'extra content is now allowed');
    if (b.rest && a.rest) broke = this.compare(b.rest.type, a.rest.type, dir, { ...site, rel: below(site.rel, '*'), subject: `${site.subject}.*`, what: `extra content of ${site.what}` }) || broke;
    const textSite: Site = { ...site, rel: below(site.rel, '$value'), subject: `${site.subject}.$value`, what: `the text of ${site.what}` };
    if (b.text && a.text) broke = this.compare(b.text, a.text, dir, textSite) || broke;
    else if (b.text || a.text) broke = this.flag(dir === 'request' ? 'REQ-TYPE-CHANGED' : 'RES-TYPE-CHANGED', textSite, b.text ? 'simple content removed' : 'simple content added') || broke;
    if (b.mapEntry && a.mapEntry) broke = this.compare({ kind: 'named', name: b.mapEntry }, { kind: 'named', name: a.mapEntry }, dir, { ...site, rel: below(site.rel, '*') }) || broke;
    else if (b.mapEntry || a.mapEntry) broke = this.flag(dir === 'request' ? 'REQ-TYPE-CHANGED' : 'RES-TYPE-CHANGED', site, b.mapEntry ? 'no longer a map of entries' : 'now a map of entries') || broke;
    return broke;
  }

  private compareUnknown(b: TypeRef, a: TypeRef, dir: Direction, site: Site): boolean {
    if (b.kind === 'unknown' && a.kind === 'unknown') return false;
    if (b.kind === 'unknown') return dir === 'request' ? this.typeChanged(b, a, dir, site) : this.flag('RESPONSE-NARROWED', site, `any value → ${describe(a)}`);
    return dir === 'response' ? this.typeChanged(b, a, dir, site) : this.flag('REQUEST-WIDENED', site, `${describe(b)} → any value`);
  }

  private compareUnions(bm: TypeRef[], am: TypeRef[], dir: Direction, site: Site): boolean {
    let broke = false;
    const bNull = bm.some(isNull);
    const aNull = am.some(isNull);
    if (bNull && !aNull) broke = dir === 'request' ? this.flag('REQ-NILLABLE-REMOVED', site, 'no longer nullable') : this.flag('RESPONSE-NARROWED', site, 'no longer null');
    if (!bNull && aNull) broke = dir === 'response' ? this.flag('RES-NULLABLE-ADDED', site, 'may now be null') : this.flag('REQUEST-WIDENED', site, 'now nullable');
    const bs = bm.filter((m) => !isNull(m));
    const as = am.filter((m) => !isNull(m));
    if (bs.length === 1 && as.length === 1) return this.compare(bs[0]!, as[0]!, dir, site) || broke;
    const { pairs, removed, added } = matchMembers(bs, as);
    for (const [bMember, aMember] of pairs) {
      const label = memberLabel(aMember);
      broke = this.compare(bMember, aMember, dir, { ...site, rel: below(site.rel, `(${label})`), subject: `${site.subject}|${label}` }) || broke;
    }
    const literals = (list: TypeRef[]) => list.every((m) => m.kind === 'literal');
    const labels = (list: TypeRef[]) => list.map(memberLabel).join(', ');
    if (removed.length) {
      const rule = dir === 'request' ? (literals(removed) ? 'REQ-ENUM-VALUE-REMOVED' : 'REQ-UNION-MEMBER-REMOVED') : 'RESPONSE-NARROWED';
      broke = this.flag(rule, site, `${literals(removed) ? 'value' : 'member'}${removed.length > 1 ? 's' : ''} ${labels(removed)} removed`) || broke;
    }
    if (added.length) {
      const rule = dir === 'response' ? (literals(added) ? 'RES-ENUM-VALUE-ADDED' : 'RES-UNION-MEMBER-ADDED') : 'REQUEST-WIDENED';
      broke = this.flag(rule, site, `${literals(added) ? 'value' : 'member'}${added.length > 1 ? 's' : ''} ${labels(added)} added`) || broke;
    }
    return broke;
  }

  private compareScalars(b: ScalarRef, a: ScalarRef, dir: Direction, site: Site): boolean {
    const kinds = `${b.xsdType ?? b.scalar} → ${a.xsdType ?? a.scalar}`;
    const fits = dir === 'request' ? kindAccepts(a.scalar, b.scalar, this.protocol) : kindAccepts(b.scalar, a.scalar, this.protocol);
    // The value space itself changed: one finding says it; facets of another kind are not comparable.
    if (!fits) return this.flag(dir === 'request' ? 'REQ-TYPE-CHANGED' : 'RES-TYPE-CHANGED', site, kinds);
    if (b.scalar !== a.scalar) this.flag(dir === 'request' ? 'REQUEST-WIDENED' : 'RESPONSE-NARROWED', site, kinds);
    let broke = false;
    if (dir === 'request' && b.lenient && !a.lenient) broke = this.flag('REQ-TYPE-CHANGED', site, `a ${a.scalar} sent as a string is no longer accepted`);
    for (const c of facetChanges(b, a)) {
      // A facet that both narrows and widens (a changed pattern) is a break either way: no compatible half.
      if (dir === 'request' && c.narrowed) broke = this.flag(c.narrowRule, site, c.narrowed) || broke;
      else if (dir === 'request' && c.widened) this.flag('REQUEST-WIDENED', site, c.widened);
      if (dir === 'response' && c.widened) broke = this.flag(c.wideRule, site, c.widened) || broke;
      else if (dir === 'response' && c.narrowed) this.flag('RESPONSE-NARROWED', site, c.narrowed);
    }
    return broke;
  }

  private compareArrays(b: Extract<TypeRef, { kind: 'array' }>, a: Extract<TypeRef, { kind: 'array' }>, dir: Direction, site: Site): boolean {
    const broke = this.compareOccurs([b.minItems ?? 0, b.maxItems ?? Infinity], [a.minItems ?? 0, a.maxItems ?? Infinity], dir, site, 'items');
    return this.compare(b.items, a.items, dir, { ...site, rel: below(site.rel, '[]'), subject: `${site.subject}[]`, what: `items of ${site.what}` }) || broke;
  }

  private compareOccurs([bMin, bMax]: [number, number], [aMin, aMax]: [number, number], dir: Direction, site: Site, unit: string): boolean {
    const text = `${unit} ${range(bMin, bMax)} → ${range(aMin, aMax)}`;
    const fewer = aMax < bMax || aMin > bMin;
    const more = aMax > bMax || aMin < bMin;
    let broke = false;
    if (fewer) broke = dir === 'request' ? this.flag('REQ-OCCURS-NARROWED', site, text) : this.flag('RESPONSE-NARROWED', site, text);
    if (more) broke = (dir === 'response' ? this.flag('RES-OCCURS-WIDENED', site, text) : this.flag('REQUEST-WIDENED', site, text)) || broke;
    return broke;
  }

  private compareDocuments(b: DocumentRef, a: DocumentRef, dir: Direction, site: Site): boolean {
    if (b.carrier !== a.carrier) return this.typeChanged(b, a, dir, site);
    let broke = false;
    if (Boolean(b.list) !== Boolean(a.list)) broke = this.compareOccurs([1, b.list ? Infinity : 1], [1, a.list ? Infinity : 1], dir, site, 'document roots');
    const rootKey = (side: Side, name: string) => clark(side.index.element(name).element);
    const { pairs, removed, added } = matchBy(b.roots, a.roots, (n) => rootKey(this.before, n), (n) => rootKey(this.after, n));
    for (const [bRoot, aRoot] of pairs) {
      const local = this.after.index.element(aRoot).element.local;
      broke = this.compare({ kind: 'named', name: bRoot }, { kind: 'named', name: aRoot }, dir, { ...site, rel: below(site.rel, `<${local}>`) }) || broke;
    }
    if (removed.length) broke = (dir === 'request' ? this.flag('REQ-UNION-MEMBER-REMOVED', site, `document root${removed.length > 1 ? 's' : ''} ${removed.join(', ')} removed`) : this.flag('RESPONSE-NARROWED', site, `document roots ${removed.join(', ')} removed`)) || broke;
    if (added.length) broke = (dir === 'response' ? this.flag('RES-UNION-MEMBER-ADDED', site, `document root${added.length > 1 ? 's' : ''} ${added.join(', ')} added`) : this.flag('REQUEST-WIDENED', site, `document roots ${added.join(', ')} added`)) || broke;
    if (b.contentType && a.contentType) broke = this.compare(b.contentType, a.contentType, dir, site) || broke;
    // cg:documentOrText: plain text in place of the document is one more form the string may take.
    if (!b.orText && a.orText) broke = (dir === 'response' ? this.flag('RES-UNION-MEMBER-ADDED', site, 'may now be plain text in place of the document') : this.flag('REQUEST-WIDENED', site, 'plain text is now accepted in place of the document')) || broke;
    if (b.orText && !a.orText) broke = (dir === 'request' ? this.flag('REQ-UNION-MEMBER-REMOVED', site, 'plain text is no longer accepted in place of the document') : this.flag('RESPONSE-NARROWED', site, 'no longer plain text in place of the document')) || broke;
    return broke;
  }
}

interface OwnedField {
  field: Field;
  /** The type that declares it (a base type for inherited fields). */
  owner: string;
}

/** All fields of an object, inherited ones first, each with the type that declares it. */
/** The field pairs an object's xs:choice groups (its own and its bases') make exclusive, as `a\0b` with a < b, among `names`. */
function exclusivePairs(type: ObjectType, index: ModelIndex, names: Set<string>, depth = 0): Set<string> {
  const base = type.base && depth < 64 ? index.type(type.base) : undefined;
  const pairs = base?.kind === 'object' ? exclusivePairs(base, index, names, depth + 1) : new Set<string>();
  for (const group of type.choices ?? []) {
    const present = group.filter((n) => names.has(n)).sort();
    for (let i = 0; i < present.length; i++) for (let j = i + 1; j < present.length; j++) pairs.add(`${present[i]}\u0000${present[j]}`);
  }
  return pairs;
}

function fieldsOf(type: ObjectType, index: ModelIndex, depth = 0): OwnedField[] {
  const own = type.fields.map((field) => ({ field, owner: type.name }));
  const base = type.base && depth < 64 ? index.type(type.base) : undefined;
  return base?.kind === 'object' ? [...fieldsOf(base, index, depth + 1), ...own] : own;
}

/** Pairs fields by their wire name: XML node and local name (then local name alone, for element ↔ attribute), JSON property name. */
function matchFields(before: OwnedField[], after: OwnedField[]): { matched: [OwnedField, OwnedField][]; removed: OwnedField[]; added: OwnedField[] } {
  const exact = (f: OwnedField) => (f.field.xml ? `${f.field.xml.node}:${f.field.xml.local}` : f.field.name);
  const loose = (f: OwnedField) => f.field.xml?.local ?? f.field.name;
  const first = matchBy(before, after, exact, exact);
  const second = matchBy(first.removed, first.added, loose, loose);
  return { matched: [...first.pairs, ...second.pairs], removed: second.removed, added: second.added };
}

/** Pairs items by key, in the order of `after`; unpaired items of each side are returned in their order. */
function matchBy<B, A>(before: B[], after: A[], keyB: (b: B) => string, keyA: (a: A) => string): { pairs: [B, A][]; removed: B[]; added: A[] } {
  const pool = new Map<string, B[]>();
  for (const b of before) pool.set(keyB(b), [...(pool.get(keyB(b)) ?? []), b]);
  const pairs: [B, A][] = [];
  const added: A[] = [];
  for (const a of after) {
    const candidates = pool.get(keyA(a));
    const b = candidates?.shift();
    if (b === undefined) added.push(a);
    else pairs.push([b, a]);
  }
  const paired = new Set(pairs.map(([b]) => b));
  return { pairs, removed: before.filter((b) => !paired.has(b)), added };
}

/**
 * Union members paired by what they are (named type, literal value, scalar kind). Of the rest, one
 * left over of a kind on each side (a named type renamed, an array of something else) is the same
 * member changed; literals are values, never renamed.
 */
function matchMembers(before: TypeRef[], after: TypeRef[]): { pairs: [TypeRef, TypeRef][]; removed: TypeRef[]; added: TypeRef[] } {
  const m = matchBy(before, after, memberKey, memberKey);
  const pairs = [...m.pairs];
  let removed = m.removed;
  let added = m.added;
  for (const kind of new Set(removed.map((r) => r.kind))) {
    const was = removed.filter((r) => r.kind === kind);
    const now = added.filter((a) => a.kind === kind);
    if (kind === 'literal' || was.length !== 1 || now.length !== 1) continue;
    pairs.push([was[0]!, now[0]!]);
    removed = removed.filter((r) => r !== was[0]);
    added = added.filter((a) => a !== now[0]);
  }
  return { pairs, removed, added };
}

function memberKey(ref: TypeRef): string {
  switch (ref.kind) {
    case 'named':
      return `named:${ref.name}`;
    case 'literal':
      return `literal:${typeof ref.value}:${String(ref.value)}`;
    case 'scalar':
      return `scalar:${ref.scalar}`;
    default:
      return ref.kind;
  }
}

function memberLabel(ref: TypeRef): string {
  if (ref.kind === 'named') return ref.name;
  if (ref.kind === 'literal') return JSON.stringify(ref.value);
  if (ref.kind === 'scalar') return ref.xsdType ?? ref.scalar;
  return ref.kind;
}

const isNull = (ref: TypeRef): boolean => ref.kind === 'literal' && ref.value === null;

function membersOf(ref: TypeRef): TypeRef[] {
  return ref.kind === 'union' ? ref.members : [ref];
}

/** A named scalar, array or union as the reference it stands for; objects and elements have none. */
function bodyOf(type: NamedType): TypeRef | undefined {
  if (type.kind === 'scalar' || type.kind === 'array') return type.type;
  if (type.kind === 'union') return { kind: 'union', members: type.members };
  return undefined;
}

/** A scalar, or a constant as the one-value enumeration of its kind. */
function asScalar(ref: TypeRef): ScalarRef | undefined {
  if (ref.kind === 'scalar') return ref;
  if (ref.kind !== 'literal' || ref.value === null) return undefined;
  const v = ref.value;
  const scalar = typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'boolean' : Number.isInteger(v) ? 'int' : 'double';
  return { kind: 'scalar', scalar, facets: { enumeration: [{ value: v }] } };
}

/** The TypeScript shape the emitters give a member, as far as names aside: `number`, `string[]`, `named`. */
function memberShape(m: Member, index: ModelIndex): string {
  return shape(m.type, index) + (m.repeated ? '[]' : '');
}

function shape(ref: TypeRef, index: ModelIndex): string {
  switch (ref.kind) {
    case 'scalar':
      return tsTypeOf(ref.scalar);
    case 'named': {
      const t = index.type(ref.name);
      if (t.kind === 'scalar') return tsTypeOf(t.type.scalar);
      if (t.kind === 'array') return shape(t.type, index);
      // Objects and unions are compared member by member where they are used; their names are CODE-TYPE-RENAMED's.
      return t.kind === 'element' ? shape(t.type, index) : 'named';
    }
    case 'array':
      return `${shape(ref.items, index)}[]`;
    case 'union':
      return [...new Set(ref.members.filter((m) => !isNull(m)).map((m) => shape(m, index)))].sort().join(' | ');
    case 'literal':
      return ref.value === null ? 'null' : typeof ref.value;
    case 'document':
      return `${ref.list ? 'document[]' : 'document'}${ref.orText ? ' | text' : ''}`;
    case 'unknown':
      return 'unknown';
  }
}

function describe(ref: TypeRef): string {
  switch (ref.kind) {
    case 'named':
      return `\`${ref.name}\``;
    case 'scalar':
      return ref.xsdType ?? ref.scalar;
    case 'array':
      return `array of ${describe(ref.items)}`;
    case 'union':
      return ref.members.map(describe).join(' | ');
    case 'literal':
      return JSON.stringify(ref.value);
    case 'document':
      return `document ${ref.roots.join(' | ')}`;
    case 'unknown':
      return 'any value';
  }
}

const clark = (q: { ns: string; local: string }): string => (q.ns ? `{${q.ns}}${q.local}` : q.local);
const xmlName = (x: NonNullable<Field['xml']>): string => `${x.node} ${clark({ ns: x.ns, local: x.local })}`;
const show = (v: string | undefined): string => (v === undefined ? '(none)' : JSON.stringify(v));
const range = (min: number, max: number): string => `${min}..${max === Infinity ? 'unbounded' : max}`;
