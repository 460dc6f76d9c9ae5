/**
 * Parameter serialization of OpenAPI 3.0/3.1 (`style`, `explode`, `allowReserved`, `content`) in
 * both directions, for path, query, header and cookie parameters. Generated clients write values
 * with {@link serializeParameter}, generated servers read them back with {@link parseParameters};
 * both read the same per-parameter {@link ParamSpec} and the same {@link STYLES} table, so what one
 * writes the other reads. No Node imports: the client runtime stays browser-safe.
 * Copied verbatim into `generated/runtime/`.
 */
import { parseJson } from './json.ts';

export type ParamLocation = 'path' | 'query' | 'header' | 'cookie';
export type ParamStyle = 'matrix' | 'label' | 'simple' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';

/** What a parameter's text is coerced into before validation. */
export type ParamKind = 'string' | 'integer' | 'number' | 'boolean' | 'json';

/** How one parameter travels; emitted per parameter (defaults left out), read by both directions. */
export interface ParamSpec {
  name: string;
  in: ParamLocation;
  /** Omitted: the location's default ({@link defaultStyle}). */
  style?: ParamStyle;
  /** Omitted: the style's default ({@link defaultExplode}). */
  explode?: boolean;
  /** Query: RFC 3986 reserved characters and percent-encoded triples are sent as they are. */
  allowReserved?: boolean;
  /** A `content` parameter: the value is one document of this media type (JSON text for JSON types), not styled. */
  content?: string;
  /** Server: the scalar kind of the value, of its items, or of an object's undeclared properties. Omitted: string. */
  kind?: ParamKind;
  /** Server: omitted for a single value. */
  shape?: 'array' | 'object';
  /** Server, objects: the declared properties and their kinds (the names an exploded object owns). */
  properties?: Readonly<Record<string, ParamKind>>;
  /** Server, objects: undeclared names are properties too (`additionalProperties`), so an exploded object takes unclaimed names. */
  open?: boolean;
  /** Server: the schema's `default`, the value the handler gets when the request leaves the parameter out. */
  default?: unknown;
}

/** One style as RFC 6570 describes an expansion, plus the delimiter the OpenAPI query styles put between unexploded items. */
interface Expansion {
  /** Locations the specification defines the style for. */
  locations: readonly ParamLocation[];
  /** Text before the value (RFC 6570 "first"; form's `?` belongs to the whole query, not to one parameter). */
  prefix: string;
  /** Between exploded items (RFC 6570 "sep"); cookies use `; ` instead of `&`. */
  sep: string;
  /** Items are written `name=value` (RFC 6570 "named"). */
  named: boolean;
  /** What follows a name whose value is empty (RFC 6570 "ifemp"). */
  ifEmpty: string;
  /** Between the items of an unexploded array or object, as sent. */
  join: string;
  /** What the server accepts as `join` (the percent-encoded delimiter or the character itself). */
  joinPattern: RegExp;
}

const QUERY_EXPANSION = { prefix: '', sep: '&', named: true, ifEmpty: '=' } as const;

export const STYLES: Readonly<Record<ParamStyle, Expansion>> = {
  matrix: { locations: ['path'], prefix: ';', sep: ';', named: true, ifEmpty: '', join: ',', joinPattern: /,/ },
  label: { locations: ['path'], prefix: '.', sep: '.', named: false, ifEmpty: '', join: ',', joinPattern: /,/ },
  simple: { locations: ['path', 'header'], prefix: '', sep: ',', named: false, ifEmpty: '', join: ',', joinPattern: /,/ },
  form: { locations: ['query', 'cookie'], ...QUERY_EXPANSION, join: ',', joinPattern: /,/ },
  spaceDelimited: { locations: ['query'], ...QUERY_EXPANSION, join: '%20', joinPattern: /%20|\+| /i },
  pipeDelimited: { locations: ['query'], ...QUERY_EXPANSION, join: '%7C', joinPattern: /%7C|\|/i },
  // Exploded only: `name[key]=value` per property.
  deepObject: { locations: ['query'], ...QUERY_EXPANSION, join: ',', joinPattern: /,/ },
};

/** The specification's default style: form for query and cookie, simple for path and header. */
export function defaultStyle(location: ParamLocation): ParamStyle {
  return location === 'query' || location === 'cookie' ? 'form' : 'simple';
}

/** The specification's default explode: true for form, false otherwise, except deepObject, which is defined only exploded. */
export function defaultExplode(style: ParamStyle): boolean {
  return style === 'form' || style === 'deepObject';
}

const styleOf = (spec: ParamSpec): ParamStyle => spec.style ?? defaultStyle(spec.in);
const explodeOf = (spec: ParamSpec): boolean => spec.explode ?? defaultExplode(styleOf(spec));
const isJsonMedia = (mediaType: string): boolean => /[/+]json\b/i.test(mediaType);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------
// Encoding

const hex = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/** RFC 3986 percent-encoding of everything but the unreserved characters (encodeURIComponent leaves `!'()*` alone). */
function encodeStrict(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, hex);
}

/**
 * `allowReserved`: reserved characters and percent-encoded triples pass through; `[`, `]` and `#`
 * (not allowed in a query) and `&`, `=`, `+` (form-urlencoded delimiters) are still encoded.
 */
function encodeReserved(text: string): string {
  return text
    .split(/(%[0-9A-Fa-f]{2})/)
    .map((piece, i) => (i % 2 === 1 ? piece : encodeStrict(piece).replace(/%(2F|3A|3F|40|21|24|27|28|29|2A|2C|3B)/g, (e) => decodeURIComponent(e))))
    .join('');
}

/** Header values are sent as they are: RFC 6570's percent-encoding does not fit HTTP fields (OpenAPI 3.1.1, Appendix D). */
function encoderFor(spec: ParamSpec): (text: string) => string {
  if (spec.in === 'header') return (text) => text;
  return spec.in === 'query' && spec.allowReserved ? encodeReserved : encodeStrict;
}

/** A scalar's text; a nested object or array (which no style defines) is JSON text. */
function valueText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/**
 * A parameter's text for its location, or undefined when there is nothing to send (the value is
 * absent, or an empty list or object outside the path). Path: what replaces `{name}`; query:
 * `name=value` pairs joined by `&`; header: the field value; cookie: pairs joined by `; `.
 */
export function serializeParameter(spec: ParamSpec, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const encode = encoderFor(spec);
  const name = spec.in === 'header' ? spec.name : encodeStrict(spec.name);
  if (spec.content !== undefined) {
    const text = encode(isJsonMedia(spec.content) ? JSON.stringify(value) : valueText(value));
    return spec.in === 'query' || spec.in === 'cookie' ? `${name}=${text}` : text;
  }
  const style = styleOf(spec);
  const x = STYLES[style];
  const explode = explodeOf(spec);
  const sep = spec.in === 'cookie' ? '; ' : x.sep;
  const named = (n: string, v: string): string => (v === '' ? `${n}${x.ifEmpty}` : `${n}=${v}`);
  const scalar = (v: string): string => x.prefix + (x.named ? named(name, v) : v);
  if (Array.isArray(value)) {
    const items = value.map((item) => encode(valueText(item)));
    // RFC 6570: an empty list is undefined; a path still needs its segment.
    if (items.length === 0) return spec.in === 'path' ? scalar('') : undefined;
    if (explode) return x.prefix + items.map((item) => (x.named ? named(name, item) : item)).join(sep);
    return x.prefix + (x.named ? `${name}=` : '') + items.join(x.join);
  }
  if (isRecord(value)) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [encode(k), encode(valueText(v))] as const);
    if (entries.length === 0) return spec.in === 'path' ? scalar('') : undefined;
    if (style === 'deepObject') return entries.map(([k, v]) => `${name}%5B${k}%5D=${v}`).join(sep);
    if (explode) return x.prefix + entries.map(([k, v]) => (x.named ? named(k, v) : `${k}=${v}`)).join(sep);
    return x.prefix + (x.named ? `${name}=` : '') + entries.flat().join(x.join);
  }
  return scalar(encode(valueText(value)));
}

// ---------------------------------------------------------------------------
// Parsing

/**
 * Coerces a parameter's text to its declared scalar type. Text that does not
 * fit stays text, so the validator reports it with the parameter's path.
 */
export function coerce(text: string, kind: ParamKind): unknown {
  switch (kind) {
    case 'integer':
      return /^[+-]?[0-9]+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'json':
      try {
        return parseJson(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

/** A request's parameters as received, nothing decoded yet (a delimiter and an encoded one differ). */
export interface RawParameters {
  /** Path template values as they appear in the URL (percent-encoded). */
  path: Readonly<Record<string, string>>;
  /** The query string, without `?`. */
  query: string;
  /** Header values by lower-case name, the Cookie header included (the shape of Node's `IncomingHttpHeaders`). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** One `name=value` of a query string or Cookie header: the name decoded, the value as sent. */
interface Pair {
  name: string;
  value: string;
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a stray `%`: the text as sent, for the validator to judge
  }
}

/** form-urlencoded: `+` is a space. */
const formDecode = (text: string): string => percentDecode(text.replace(/\+/g, ' '));

function pairs(text: string, separator: RegExp, decode: (text: string) => string): Pair[] {
  return text
    .split(separator)
    .map((piece) => piece.trim())
    .filter(Boolean)
    .map((piece) => {
      const eq = piece.indexOf('=');
      return eq < 0 ? { name: decode(piece), value: '' } : { name: decode(piece.slice(0, eq)), value: piece.slice(eq + 1) };
    });
}

/** The object a parameter stands for, each property coerced to its declared kind. */
function objectValue(spec: ParamSpec, entries: [string, string][]): Record<string, unknown> {
  const kindOf = (key: string): ParamKind => (spec.properties && Object.hasOwn(spec.properties, key) ? spec.properties[key]! : (spec.kind ?? 'string'));
  return Object.fromEntries(entries.map(([k, v]) => [k, coerce(v, kindOf(k))]));
}

function contentValue(spec: ParamSpec, text: string): unknown {
  return isJsonMedia(spec.content!) ? coerce(text, 'json') : coerce(text, spec.kind ?? 'string');
}

/** Path and header parameters (matrix, label, simple): one text. Text not in the expected form is returned decoded, for the validator to report. */
function parseText(spec: ParamSpec, text: string | undefined, decode: (text: string) => string): unknown {
  if (text === undefined) return undefined;
  if (spec.content !== undefined) return contentValue(spec, decode(text));
  const x = STYLES[styleOf(spec)];
  const explode = explodeOf(spec);
  const kind = spec.kind ?? 'string';
  if (!text.startsWith(x.prefix)) return decode(text);
  const body = text.slice(x.prefix.length);
  // HTTP lists allow spaces around their commas.
  const split = (s: string, by: string | RegExp): string[] => (s === '' ? [] : s.split(by).map((item) => (spec.in === 'header' ? item.trim() : item)));
  /** `name=value` → value, `name` → '' (matrix); undefined for another name. */
  const valueOf = (piece: string): string | undefined => {
    const eq = piece.indexOf('=');
    if (decode(eq < 0 ? piece : piece.slice(0, eq)) !== spec.name) return undefined;
    return eq < 0 ? '' : piece.slice(eq + 1);
  };
  const unnamed = x.named ? valueOf(body) : body;
  if (spec.shape === 'array') {
    const items = explode ? split(body, x.sep).map((piece) => (x.named ? valueOf(piece) : piece)) : unnamed === undefined ? undefined : split(unnamed, x.joinPattern);
    if (!items || items.some((item) => item === undefined)) return decode(text);
    return items.map((item) => coerce(decode(item!), kind));
  }
  if (spec.shape === 'object') {
    let entries: [string, string][] | undefined;
    if (explode) {
      entries = split(body, x.sep).map((piece) => {
        const eq = piece.indexOf('=');
        return eq < 0 ? [piece, ''] : [piece.slice(0, eq), piece.slice(eq + 1)];
      });
    } else if (unnamed !== undefined) {
      const items = split(unnamed, x.joinPattern);
      if (items.length % 2 === 0) entries = items.flatMap((k, i) => (i % 2 === 0 ? [[k, items[i + 1]!] as [string, string]] : []));
    }
    return entries ? objectValue(spec, entries.map(([k, v]) => [decode(k), decode(v)])) : decode(text);
  }
  return unnamed === undefined ? decode(text) : coerce(decode(unnamed), kind);
}

/** Names of one location that parameters own, so an open exploded object takes only the others. */
interface Claims {
  names: Set<string>;
  /** deepObject parameters own every `name[…]`. */
  prefixes: string[];
}

function claims(specs: readonly ParamSpec[], location: ParamLocation, reserved: readonly string[]): Claims {
  const claimed: Claims = { names: new Set(reserved), prefixes: [] };
  for (const spec of specs) {
    if (spec.in !== location) continue;
    const style = styleOf(spec);
    if (spec.shape === 'object' && spec.content === undefined && style === 'deepObject') claimed.prefixes.push(`${spec.name}[`);
    else if (spec.shape === 'object' && spec.content === undefined && explodeOf(spec)) {
      if (!spec.open) for (const p of Object.keys(spec.properties ?? {})) claimed.names.add(p);
    } else claimed.names.add(spec.name);
  }
  return claimed;
}

/** Query and cookie parameters (form, spaceDelimited, pipeDelimited, deepObject): `name=value` pairs. */
function parsePairs(spec: ParamSpec, all: Pair[], claimed: Claims, decode: (text: string) => string): unknown {
  const own = all.filter((p) => p.name === spec.name);
  const last = own[own.length - 1];
  if (spec.content !== undefined) return last && contentValue(spec, decode(last.value));
  const style = styleOf(spec);
  const x = STYLES[style];
  const explode = explodeOf(spec);
  const kind = spec.kind ?? 'string';
  if (spec.shape === 'object') {
    let entries: [string, string][];
    if (style === 'deepObject') {
      const prefix = `${spec.name}[`;
      entries = all.filter((p) => p.name.startsWith(prefix) && p.name.endsWith(']')).map((p) => [p.name.slice(prefix.length, -1), decode(p.value)]);
    } else if (explode) {
      const isFree = (name: string): boolean => !claimed.names.has(name) && !claimed.prefixes.some((prefix) => name.startsWith(prefix));
      const owns = (name: string): boolean => (spec.properties !== undefined && Object.hasOwn(spec.properties, name)) || (spec.open === true && isFree(name));
      entries = all.filter((p) => owns(p.name)).map((p) => [p.name, decode(p.value)]);
    } else {
      if (!last) return undefined;
      const items = last.value === '' ? [] : last.value.split(x.joinPattern);
      if (items.length % 2 !== 0) return decode(last.value);
      return objectValue(spec, items.flatMap((k, i) => (i % 2 === 0 ? [[decode(k), decode(items[i + 1]!)] as [string, string]] : [])));
    }
    // Exploded, the object is its properties' pairs: none, and it is absent.
    return entries.length > 0 ? objectValue(spec, entries) : undefined;
  }
  if (!last) return undefined;
  if (spec.shape === 'array') {
    // Exploded: one pair per item; an unencoded comma can only be a delimiter (RFC 6570 encodes one in a value), so `tags=a,b` is read as two items too.
    const split = explode ? (spec.allowReserved ? undefined : /,/) : x.joinPattern;
    const items = own.flatMap((p) => (p.value === '' ? (explode ? [''] : []) : split ? p.value.split(split) : [p.value]));
    return items.map((item) => coerce(decode(item), kind));
  }
  return coerce(decode(last.value), kind);
}

/**
 * Every parameter of an operation from the request, grouped by location as handlers receive their
 * input (a group per location that has parameters; absent parameters left out). `reserved` are
 * query and cookie names no parameter declares but something else uses (API keys), which an open
 * exploded object must not take.
 */
export function parseParameters(specs: readonly ParamSpec[], raw: RawParameters, reserved: readonly string[] = []): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  let query: { pairs: Pair[]; claimed: Claims } | undefined;
  let cookie: { pairs: Pair[]; claimed: Claims } | undefined;
  for (const spec of specs) {
    const group = (out[spec.in] ??= {});
    let value: unknown;
    if (spec.in === 'path') value = parseText(spec, raw.path[spec.name], percentDecode);
    else if (spec.in === 'header') {
      const field = raw.headers[spec.name.toLowerCase()];
      value = parseText(spec, Array.isArray(field) ? field.join(', ') : field, (text) => text);
    } else if (spec.in === 'query') {
      query ??= { pairs: pairs(raw.query, /&/, formDecode), claimed: claims(specs, 'query', reserved) };
      value = parsePairs(spec, query.pairs, query.claimed, formDecode);
    } else {
      const field = raw.headers['cookie'];
      cookie ??= { pairs: pairs(Array.isArray(field) ? field.join('; ') : (field ?? ''), /;/, percentDecode), claimed: claims(specs, 'cookie', reserved) };
      value = parsePairs(spec, cookie.pairs, cookie.claimed, percentDecode);
    }
    if (value === undefined && spec.default !== undefined) value = structuredClone(spec.default);
    if (value !== undefined) group[spec.name] = value;
  }
  return out;
}
