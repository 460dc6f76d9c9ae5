/**
 * REST: what old clients of an OpenAPI document see of it. Operations are matched by method and
 * path (path parameter names aside: `/pets/{id}` and `/pets/{petId}` are the same URL), then by
 * operationId for a path or method that changed; parameters by location and name, responses by status.
 */
import type { RestOperation, RestParameter, RestResponse, RestSecurityScheme } from '../model/model.ts';
import { operationInfos } from '../emit/rest/operations.ts';
import type { Findings, Scope } from './findings.ts';
import { below, type Member, type Site, type TypeComparison } from './compare-types.ts';

export function compareRest(types: TypeComparison, findings: Findings, api: Scope): void {
  const before = types.before.api.rest!;
  const after = types.after.api.rest!;
  compareSchemes(before.security, after.security, types, { scope: api, rel: 'security', subject: 'security', what: 'security scheme' });
  const bMethods = new Map(operationInfos(types.before.api).map((i) => [i.op, i.method]));
  const aMethods = new Map(operationInfos(types.after.api).map((i) => [i.op, i.method]));
  const { matched, removed, added } = matchOperations(before.operations, after.operations);
  // Findings hang under the operations in the order the new document lists them; removed ones after.
  const root = (op: RestOperation): Site => {
    const label = `${op.method.toUpperCase()} ${op.path}`;
    return { scope: findings.root(`${label} (${op.id})`, label), rel: '', subject: `operation ${label}`, what: `operation \`${op.id}\`` };
  };
  const roots = new Map<RestOperation, Site>();
  for (const op of after.operations) roots.set(op, root(op));
  for (const [b, a] of matched) {
    const site: Site = { ...roots.get(a)!, before: b.location, after: a.location };
    if (b.method !== a.method) types.flag('OP-METHOD-CHANGED', site, `${b.method.toUpperCase()} → ${a.method.toUpperCase()}`);
    if (templateOf(b.path) !== templateOf(a.path)) types.flag('OP-PATH-CHANGED', site, `${b.path} → ${a.path}`);
    const bMethod = bMethods.get(b)!;
    const aMethod = aMethods.get(a)!;
    if (bMethod !== aMethod) types.flag('CODE-METHOD-RENAMED', site, `method \`${bMethod}\` is now \`${aMethod}\` (operationId ${b.id} → ${a.id}), and its Input/Output/Body/Error types with it`);
    if (!b.deprecated && a.deprecated) types.flag('OP-DEPRECATED', site, 'deprecated');
    compareSecurity(b, a, types, { ...site, rel: 'security', subject: `${site.subject} security`, what: `security of \`${a.id}\`` });
    compareParameters(b, a, types, site);
    compareBody(b, a, types, site);
    compareResponses(b, a, types, site);
  }
  for (const b of removed) types.flag('OP-REMOVED', { ...root(b), before: b.location }, 'removed', 'before');
  for (const a of added) types.flag('OP-ADDED', { ...roots.get(a)!, after: a.location }, 'added', 'after');
}

/** A path with its parameter names blanked: `/pets/{}`. */
const templateOf = (path: string): string => path.replace(/\{[^}]*\}/g, '{}');

function matchOperations(before: RestOperation[], after: RestOperation[]): { matched: [RestOperation, RestOperation][]; removed: RestOperation[]; added: RestOperation[] } {
  const matched: [RestOperation, RestOperation][] = [];
  let removed = [...before];
  let added = [...after];
  for (const key of [(op: RestOperation) => `${op.method} ${templateOf(op.path)}`, (op: RestOperation) => `id ${op.id}`]) {
    const next: RestOperation[] = [];
    for (const b of removed) {
      const i = added.findIndex((a) => key(a) === key(b));
      if (i < 0) next.push(b);
      else matched.push([b, added.splice(i, 1)[0]!]);
    }
    removed = next;
  }
  return { matched, removed, added };
}

function compareSchemes(before: RestSecurityScheme[], after: RestSecurityScheme[], types: TypeComparison, site: Site): void {
  const aByName = new Map(after.map((s) => [s.name, s]));
  for (const b of before) {
    const a = aByName.get(b.name);
    if (!a) continue; // a scheme no operation uses any more changes nothing; one that is used shows in the operations' security
    const where = (s: RestSecurityScheme) => `${s.kind}${s.in ? ` in ${s.in}` : ''}${s.parameterName ? ` \`${s.parameterName}\`` : ''}`;
    if (where(b) !== where(a)) types.flag('SECURITY-SCHEME-CHANGED', { ...site, rel: below(site.rel, b.name), subject: `scheme ${b.name}`, what: `security scheme \`${b.name}\``, before: b.location, after: a.location }, `${where(b)} → ${where(a)}`);
  }
}

type Requirement = RestOperation['security'][number];

/**
 * An old client meets one of the old alternatives (we do not know which): the change breaks it when
 * some old alternative meets none of the new ones. No security at all is the one empty alternative.
 */
function compareSecurity(b: RestOperation, a: RestOperation, types: TypeComparison, site: Site): void {
  const alternatives = (op: RestOperation): Requirement[] => (op.security.length ? op.security : [[]]);
  const meets = (held: Requirement, wanted: Requirement) => wanted.every((w) => held.some((h) => h.scheme === w.scheme && w.scopes.every((s) => h.scopes.includes(s))));
  const show = (r: Requirement) => (r.length ? r.map((x) => `${x.scheme}${x.scopes.length ? `[${x.scopes.join(', ')}]` : ''}`).join(' + ') : 'none');
  const stranded = alternatives(b).filter((held) => !alternatives(a).some((wanted) => meets(held, wanted)));
  if (stranded.length) types.flag('SECURITY-ADDED', site, `callers presenting ${stranded.map(show).join(' or ')} are no longer accepted (now: ${alternatives(a).map(show).join(' or ')})`);
  else if (alternatives(a).some((wanted) => !alternatives(b).some((held) => meets(held, wanted)))) types.flag('SECURITY-RELAXED', site, `now: ${alternatives(a).map(show).join(' or ')}`);
  // x-key-types: absent means any key type may call.
  const dropped = a.keyTypes ? (b.keyTypes ?? ['(any)']).filter((k) => !a.keyTypes!.includes(k)) : [];
  if (dropped.length) types.flag('SECURITY-ADDED', site, `key type${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} no longer accepted (x-key-types)`);
  else if (b.keyTypes && (!a.keyTypes || a.keyTypes.some((k) => !b.keyTypes!.includes(k)))) types.flag('SECURITY-RELAXED', site, `x-key-types now ${a.keyTypes?.join(', ') ?? 'any'}`);
}

const asMember = (p: RestParameter): Member => ({ required: p.required, nullable: false, type: p.type });
/** Header names are case-insensitive on the wire. */
const paramKey = (p: RestParameter): string => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;

function compareParameters(b: RestOperation, a: RestOperation, types: TypeComparison, op: Site): void {
  const siteOf = (p: RestParameter, side: 'before' | 'after'): Site => ({
    scope: op.scope,
    rel: `request/${p.in}/${p.name}`,
    subject: `${op.subject} ${paramKey(p)}`,
    what: `${p.in} parameter \`${p.name}\``,
    before: side === 'after' ? undefined : (p.location ?? op.before),
    after: side === 'before' ? undefined : (p.location ?? op.after),
  });
  const pairSite = (bp: RestParameter, ap: RestParameter): Site => ({ ...siteOf(ap, 'after'), before: bp.location ?? op.before });
  // Path parameters are positions in the URL: matched by position, a new name is the generated code's business only.
  const bPath = b.parameters.filter((p) => p.in === 'path');
  const aPath = a.parameters.filter((p) => p.in === 'path');
  const bOrder = [...b.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const aOrder = [...a.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  bOrder.forEach((name, i) => {
    const bp = bPath.find((p) => p.name === name);
    const ap = aPath.find((p) => p.name === aOrder[i]);
    if (!bp || !ap) return;
    if (bp.name !== ap.name) types.flag('CODE-PARAM-RENAMED', pairSite(bp, ap), `was \`${bp.name}\``);
    compareStyle(bp, ap, types, { ...pairSite(bp, ap), subject: `${op.subject} path:${i}`, dir: 'request' });
    types.compareMember(asMember(bp), asMember(ap), 'request', { ...pairSite(bp, ap), subject: `${op.subject} path:${i}` });
  });
  const bOthers = b.parameters.filter((p) => p.in !== 'path');
  const aOthers = a.parameters.filter((p) => p.in !== 'path');
  const aByKey = new Map(aOthers.map((p) => [paramKey(p), p]));
  const bKeys = new Set(bOthers.map(paramKey));
  const moved = new Set<RestParameter>();
  for (const bp of bOthers) {
    const ap = aByKey.get(paramKey(bp));
    if (ap) {
      compareStyle(bp, ap, types, { ...pairSite(bp, ap), dir: 'request' });
      types.compareMember(asMember(bp), asMember(ap), 'request', pairSite(bp, ap));
      continue;
    }
    const elsewhere = a.parameters.find((p) => p.name.toLowerCase() === bp.name.toLowerCase() && !bKeys.has(paramKey(p)) && !moved.has(p));
    if (elsewhere) {
      moved.add(elsewhere);
      types.flag('PARAM-LOCATION-CHANGED', pairSite(bp, elsewhere), `moved from ${bp.in} to ${elsewhere.in}`);
      types.compareMember(asMember(bp), asMember(elsewhere), 'request', pairSite(bp, elsewhere));
    } else types.memberRemoved(asMember(bp), 'request', { ...siteOf(bp, 'before'), after: op.after }, false);
  }
  // A path parameter more or less is a new path: OP-PATH-CHANGED (or OP-REMOVED) says so.
  for (const ap of aOthers) {
    if (moved.has(ap) || bKeys.has(paramKey(ap))) continue;
    types.memberAdded(asMember(ap), 'request', siteOf(ap, 'after'));
  }
}

/**
 * How a parameter's value is written. For a single value only matrix (`;id=5`) and label (`.5`)
 * differ from the rest; arrays and objects are written differently by every style and explode.
 */
function compareStyle(b: RestParameter, a: RestParameter, types: TypeComparison, site: Site): void {
  const single = (p: RestParameter, side: 'before' | 'after') => (side === 'before' ? types.before : types.after).index.scalar(p.type) !== undefined;
  const writing = (p: RestParameter, side: 'before' | 'after'): string => {
    if (p.contentType) return `content ${p.contentType}`;
    if (single(p, side)) return p.style === 'matrix' || p.style === 'label' ? `style ${p.style}` : 'plain';
    return `style ${p.style}${p.explode ? ', explode' : ''}`;
  };
  const was = writing(b, 'before');
  const now = writing(a, 'after');
  if (was !== now) types.flag('PARAM-STYLE-CHANGED', site, `${was} → ${now}`);
}

/**
 * A request body: every media type old clients may send must still be accepted (one gone is
 * REQ-CONTENT-TYPE-CHANGED; one added is compatible), and each media type both sides document is
 * compared by its schema (the default one under `request/body`, others under `request/body/<type>`).
 */
function compareBody(b: RestOperation, a: RestOperation, types: TypeComparison, op: Site): void {
  const site: Site = { ...op, rel: 'request/body', subject: `${op.subject} body`, what: 'body' };
  if (!b.body && !a.body) return;
  if (!b.body) return void types.memberAdded({ required: a.body!.required, nullable: false, type: a.body!.media[0]!.type }, 'request', site);
  if (!a.body) return void types.memberRemoved({ required: b.body.required, nullable: false, type: b.body.media[0]!.type }, 'request', site, false);
  const same = (x: string, y: string): boolean => x.toLowerCase() === y.toLowerCase();
  const listed = (body: NonNullable<RestOperation['body']>): string => body.media.map((m) => m.contentType).join(', ');
  if (b.body.media.some((m) => !a.body!.media.some((n) => same(m.contentType, n.contentType)))) {
    types.flag('REQ-CONTENT-TYPE-CHANGED', { ...site, dir: 'request' }, `${listed(b.body)} → ${listed(a.body)}`);
  }
  const compared = new Set<string>();
  b.body.media.forEach((m, i) => {
    const n = a.body!.media.find((x) => same(x.contentType, m.contentType));
    const key = JSON.stringify([m.type, n?.type]);
    if (!n || compared.has(key)) return;
    compared.add(key);
    const at = i === 0 ? site : { ...site, rel: `request/body/${m.contentType}`, subject: `${op.subject} body (${m.contentType})` };
    types.compareMember({ required: b.body!.required, nullable: false, type: m.type }, { required: a.body!.required, nullable: false, type: n.type }, 'request', at);
  });
}

function compareResponses(b: RestOperation, a: RestOperation, types: TypeComparison, op: Site): void {
  // The operation's location stands in on a side whose response has none.
  const siteOf = (r: RestResponse, bLoc = op.before, aLoc = op.after): Site => ({ ...op, rel: `response/${r.status}`, subject: `${op.subject} response ${r.status}`, what: `${r.status} body`, dir: 'response', before: bLoc, after: aLoc });
  const aByStatus = new Map(a.responses.map((r) => [r.status.toUpperCase(), r]));
  for (const br of b.responses) {
    const ar = aByStatus.get(br.status.toUpperCase());
    if (!ar) {
      types.flag('RES-STATUS-REMOVED', { ...siteOf(br, br.location ?? op.before), what: `status ${br.status}` }, 'removed', 'before');
      continue;
    }
    const site = siteOf(ar, br.location ?? op.before, ar.location ?? op.after);
    if (br.contentType && ar.contentType && br.contentType !== ar.contentType) types.flag('RES-CONTENT-TYPE-CHANGED', site, `${br.contentType} → ${ar.contentType}`);
    if (br.type && !ar.type) types.flag('RES-BODY-REMOVED', site, 'removed');
    else if (!br.type && ar.type) types.flag('FIELD-ADDED', site, 'a body is now sent');
    else if (br.type && ar.type) types.compare(br.type, ar.type, 'response', site);
  }
  const bStatuses = new Set(b.responses.map((r) => r.status.toUpperCase()));
  for (const ar of a.responses) if (!bStatuses.has(ar.status.toUpperCase())) types.flag('RESPONSE-ADDED', { ...siteOf(ar, op.before, ar.location ?? op.after), what: `status ${ar.status}` }, 'added', 'after');
}
