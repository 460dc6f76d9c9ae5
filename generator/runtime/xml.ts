/**
 * A small, fast, namespace-aware XML parser that is safe by default.
 *
 * Design notes:
 * - The whole document is held as one string and scanned with `indexOf` /
 *   `charCodeAt`; text is taken with `slice`, never built char by char.
 * - No DTD support at all: a DOCTYPE or any entity other than the five
 *   predefined ones and numeric character references is rejected, which
 *   rules out entity-expansion and external-entity attacks.
 * - Size, depth, element and attribute limits are checked while parsing, so
 *   hostile input fails fast with an {@link XmlParseError} instead of
 *   exhausting memory or the stack (the parser is iterative, not recursive).
 * - Attribute maps have a null prototype, so element or attribute names such
 *   as `__proto__` or `constructor` are ordinary data.
 *
 * Not checked, for speed: that every character is a legal XML `Char` and
 * that names use only XML name characters (obviously illegal delimiters in
 * names are rejected).
 *
 * This file is copied verbatim into generated code: it imports nothing, so it runs in browsers too.
 * @module
 */

/** Node's Buffer where there is one: its native byte count is fast on large documents. */
const NodeBuffer = (globalThis as { Buffer?: { byteLength(text: string, encoding: 'utf8'): number } }).Buffer;

/** The UTF-8 length of `text` in bytes (a lone surrogate counts 2, not 3: a bound, not an encoder). */
function utf8Length(text: string): number {
  if (NodeBuffer) return NodeBuffer.byteLength(text, 'utf8');
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) bytes += 1; // a surrogate pair: 4 bytes for 2 units
    else if (c >= 0x800) bytes += 2;
    else if (c >= 0x80) bytes += 1;
  }
  return bytes;
}

/** Namespace of `xsi:nil`, `xsi:type`. */
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
/** Namespace of the XSD built-in types (`xs:string`, …). */
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
/** Namespace permanently bound to the `xml` prefix. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** Namespace of `xmlns` declarations (never bound to a usable prefix). */
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** A set of namespace bindings; `parent` holds the bindings of enclosing elements. */
export interface NamespaceScope {
  /** The enclosing scope, `null` at the top. */
  readonly parent: NamespaceScope | null;
  /** prefix → namespace URI declared at this level (`''` = default namespace; value `''` = undeclared). */
  readonly bindings: ReadonlyMap<string, string>;
}

/** One parsed element. */
export interface XmlElement {
  /** Namespace URI, `''` for none. */
  ns: string;
  /** Local name. */
  local: string;
  /** Prefix as written (`''` for none). */
  prefix: string;
  /**
   * Attributes (null-prototype object). Key = local name for un-namespaced
   * attributes, Clark notation `{uri}local` for namespaced ones. `xmlns`
   * declarations are not included (see {@link XmlElement.scope}).
   * Treat it as read-only: elements without attributes share the frozen
   * {@link EMPTY_ATTRS}; assign a new object to change attributes.
   */
  attrs: Record<string, string>;
  /** Child elements in document order (read-only: leaves share the frozen {@link EMPTY_CHILDREN}). */
  children: XmlElement[];
  /** Concatenated character data (text and CDATA, entities decoded) directly inside this element. */
  text: string;
  /** Offset of the element's `<` in the source text (for located errors). */
  pos: number;
  /** In-scope namespace bindings; shared with the parent when the element declares none. */
  scope: NamespaceScope;
}

/** Resource limits applied by {@link parseXml}. */
export interface ParseLimits {
  /** Maximum document size in UTF-8 bytes. */
  maxBytes: number;
  /** Maximum element nesting depth (the root is depth 1). */
  maxDepth: number;
  /** Maximum number of elements in the document. */
  maxElements: number;
  /** Maximum number of attributes (including namespace declarations) on one element. */
  maxAttributes: number;
}

/** Defaults: 32 MiB, depth 256, 2,000,000 elements, 256 attributes per element. */
export const DEFAULT_LIMITS: ParseLimits = Object.freeze({
  maxBytes: 32 * 1024 * 1024,
  maxDepth: 256,
  maxElements: 2_000_000,
  maxAttributes: 256,
});

/** 1-based line and column of `pos` in `text` (lines end at `\n`, `\r\n` or `\r`; columns count UTF-16 units). */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(pos, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** A well-formedness, safety or limit error, located in the source text. */
export class XmlParseError extends Error {
  /** Offset in the source text where the problem was found. */
  readonly pos: number;
  /** 1-based line of {@link XmlParseError.pos}. */
  readonly line: number;
  /** 1-based column of {@link XmlParseError.pos}. */
  readonly column: number;
  /** The problem without the location suffix. */
  readonly problem: string;

  constructor(problem: string, text: string, pos: number) {
    const { line, column } = lineColumn(text, pos);
    super(`${problem} (line ${line}, column ${column})`);
    this.name = 'XmlParseError';
    this.problem = problem;
    this.pos = pos;
    this.line = line;
    this.column = column;
  }
}

// ---------------------------------------------------------------------------
// Parser

const ROOT_SCOPE: NamespaceScope = Object.freeze({
  parent: null,
  bindings: new Map<string, string>([['xml', XML_NS]]),
});

/** Looks `prefix` up through the scope chain; `undefined` when unbound. */
function scopeLookup(scope: NamespaceScope | null, prefix: string): string | undefined {
  for (let s = scope; s !== null; s = s.parent) {
    const v = s.bindings.get(prefix);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The attribute map of every element without attributes (frozen, null prototype). */
export const EMPTY_ATTRS: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/** The child list of every element without children (frozen). */
export const EMPTY_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

// Interned element names (see parseXml) and whitespace strings, kept across
// parses; only short strings are cached.
const NAME_CACHE_MASK = 4095;
const nameCache: (string | undefined)[] = new Array<string | undefined>(NAME_CACHE_MASK + 1).fill(undefined);
const nameColon: number[] = new Array<number>(NAME_CACHE_MASK + 1).fill(-1);
const namePrefix: string[] = new Array<string>(NAME_CACHE_MASK + 1).fill('');
const nameLocal: string[] = new Array<string>(NAME_CACHE_MASK + 1).fill('');
const VALUE_CACHE_MASK = 4095;
const valueCache: (string | undefined)[] = new Array<string | undefined>(VALUE_CACHE_MASK + 1).fill(undefined);
const WS_JOIN_MASK = 1023;
const wsJoinA: (string | undefined)[] = new Array<string | undefined>(WS_JOIN_MASK + 1).fill(undefined);
const wsJoinB: (string | undefined)[] = new Array<string | undefined>(WS_JOIN_MASK + 1).fill(undefined);
const wsJoinR: (string | undefined)[] = new Array<string | undefined>(WS_JOIN_MASK + 1).fill(undefined);

/** Whether `s` is only XML whitespace. */
function isBlank(s: string): boolean {
  for (let m = 0; m < s.length; m++) if (!isSpace(s.charCodeAt(m))) return false;
  return true;
}

const wsCache: (string | undefined)[] = new Array<string | undefined>(65).fill(undefined);

/** Whether `s` occurs in `text` at `pos` (a JIT-friendly startsWith for short strings). */
function matchAt(text: string, pos: number, s: string): boolean {
  const n = s.length;
  for (let m = 0; m < n; m++) if (text.charCodeAt(pos + m) !== s.charCodeAt(m)) return false;
  return true;
}

// Scratch space for the attributes of the start tag being parsed. parseXml is
// synchronous and not re-entrant, so module-level arrays are safe and avoid an
// allocation per element.
const attrNames: string[] = [];
const attrValues: string[] = [];

/** Documents shorter than this (in UTF-16 units) are parsed without the interning caches. */
const CACHE_MIN_LENGTH = 64 * 1024;

/** Empties the interning caches (their strings may reference a parsed document). */
function clearCaches(): void {
  nameCache.fill(undefined);
  valueCache.fill(undefined);
  wsCache.fill(undefined);
  wsJoinA.fill(undefined);
  wsJoinB.fill(undefined);
  wsJoinR.fill(undefined);
}

/**
 * Char codes that end a name (whitespace, `/`, `>`, `=`) or are illegal
 * inside one (`<`, quotes, `&`): both stop a name scan.
 */
const NAME_STOP = new Uint8Array(128);
for (const c of [32, 10, 9, 13, 62, 47, 61, 60, 34, 39, 38]) NAME_STOP[c] = 1;

/** Whether a name scan stops at char code `c` (NaN = end of text also stops). */
function isNameStop(c: number): boolean {
  return c < 128 ? NAME_STOP[c] === 1 : c !== c;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** Checks that a raw (possibly prefixed) name is plausible; returns the colon index or -1. */
function checkQName(name: string, text: string, pos: number, what: string): number {
  if (name.length === 0) throw new XmlParseError(`expected ${what} name`, text, pos);
  const c0 = name.charCodeAt(0);
  // Names cannot start with a digit, '-', '.', or ':' (the last for namespaces).
  if ((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 46 || c0 === 58) {
    throw new XmlParseError(`invalid ${what} name '${name}'`, text, pos);
  }
  const colon = name.indexOf(':');
  if (colon !== -1) {
    if (colon === name.length - 1 || name.indexOf(':', colon + 1) !== -1) {
      throw new XmlParseError(`invalid qualified ${what} name '${name}'`, text, pos);
    }
    const c1 = name.charCodeAt(colon + 1);
    if ((c1 >= 48 && c1 <= 57) || c1 === 45 || c1 === 46) {
      throw new XmlParseError(`invalid qualified ${what} name '${name}'`, text, pos);
    }
  }
  return colon;
}

const PREDEFINED: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
});

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * Decodes entity and character references in `s` (which starts at `base` in
 * `text`, for error positions). Only the five predefined entities and numeric
 * references exist here: there is no DTD to declare others.
 */
function decodeEntities(s: string, text: string, base: number): string {
  let out = '';
  let last = 0;
  let amp = s.indexOf('&');
  while (amp !== -1) {
    const semi = s.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > 12) {
      throw new XmlParseError("unterminated entity or character reference ('&' must be written '&amp;')", text, base + amp);
    }
    const name = s.slice(amp + 1, semi);
    let rep: string | undefined;
    if (name.charCodeAt(0) === 35 /* # */) {
      let cp = NaN;
      if (name.charCodeAt(1) === 120 /* x */) {
        const hex = name.slice(2);
        if (/^[0-9a-fA-F]+$/.test(hex)) cp = parseInt(hex, 16);
      } else {
        const dec = name.slice(1);
        if (/^[0-9]+$/.test(dec)) cp = parseInt(dec, 10);
      }
      if (!isXmlChar(cp)) {
        throw new XmlParseError(`invalid character reference '&${name};'`, text, base + amp);
      }
      rep = String.fromCodePoint(cp);
    } else {
      rep = PREDEFINED[name];
      if (rep === undefined) {
        throw new XmlParseError(
          `entity reference '&${name};' is not allowed: only &lt; &gt; &amp; &quot; &apos; and numeric character references are supported (no DTD entities)`,
          text,
          base + amp,
        );
      }
    }
    out += s.slice(last, amp) + rep;
    last = semi + 1;
    amp = s.indexOf('&', last);
  }
  return last === 0 ? s : out + s.slice(last);
}

/** XML end-of-line handling: `\r\n` and lone `\r` become `\n`. */
function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** Processes a raw text segment (between markup) into character data. */
function textSegment(seg: string, text: string, base: number): string {
  if (seg.indexOf(']]>') !== -1) {
    throw new XmlParseError("']]>' is not allowed in text", text, base + seg.indexOf(']]>'));
  }
  if (seg.indexOf('\r') !== -1) {
    // Decode after newline normalization so that &#13; survives as \r.
    const amp = seg.indexOf('&');
    if (amp === -1) return normalizeNewlines(seg);
    // Positions in errors may shift slightly after normalization; acceptable.
    return decodeEntities(normalizeNewlines(seg), text, base);
  }
  return seg.indexOf('&') === -1 ? seg : decodeEntities(seg, text, base);
}

/** Attribute-value normalization: literal whitespace characters become spaces, then references are decoded. */
function attrValue(raw: string, text: string, base: number): string {
  const lt = raw.indexOf('<');
  if (lt !== -1) throw new XmlParseError("'<' is not allowed in an attribute value", text, base + lt);
  let v = raw;
  if (v.indexOf('\r') !== -1) v = v.replace(/\r\n?/g, ' ');
  if (v.indexOf('\n') !== -1 || v.indexOf('\t') !== -1) v = v.replace(/[\n\t]/g, ' ');
  return v.indexOf('&') === -1 ? v : decodeEntities(v, text, base);
}

/** Skips a comment starting at `i` (`<!--`); returns the index after `-->`. */
function skipComment(text: string, i: number): number {
  const end = text.indexOf('-->', i + 4);
  if (end === -1) throw new XmlParseError('unterminated comment', text, i);
  const dd = text.indexOf('--', i + 4);
  if (dd < end) throw new XmlParseError("'--' is not allowed inside a comment", text, dd);
  return end + 3;
}

/** Skips a processing instruction starting at `i` (`<?`); returns the index after `?>`. */
function skipPI(text: string, i: number, declAllowed: boolean): number {
  const end = text.indexOf('?>', i + 2);
  if (end === -1) throw new XmlParseError('unterminated processing instruction', text, i);
  let k = i + 2;
  while (k < end && !isSpace(text.charCodeAt(k))) k++;
  const target = text.slice(i + 2, k);
  if (target.length === 0) throw new XmlParseError('processing instruction without a target', text, i);
  if (target.toLowerCase() === 'xml') {
    if (!declAllowed || target !== 'xml') {
      throw new XmlParseError('the XML declaration is only allowed at the very start of the document', text, i);
    }
  }
  return end + 2;
}

function rejectMarkupDecl(text: string, i: number): never {
  if (text.startsWith('<!DOCTYPE', i)) {
    throw new XmlParseError('DOCTYPE/DTD declarations are not allowed (no DTDs, no custom entities)', text, i);
  }
  throw new XmlParseError("markup declarations ('<!…') are not allowed", text, i);
}

/**
 * Parses an XML document and returns its root element.
 *
 * Throws {@link XmlParseError} (with line and column) on any well-formedness
 * error, on DOCTYPE/DTDs and non-predefined entities, and when a limit in
 * `limits` (merged over {@link DEFAULT_LIMITS}) is exceeded. The size limit
 * is checked before anything else.
 */
export function parseXml(text: string, limits?: Partial<ParseLimits>): XmlElement {
  const maxBytes = limits?.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const maxDepth = limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const maxElements = limits?.maxElements ?? DEFAULT_LIMITS.maxElements;
  const maxAttributes = limits?.maxAttributes ?? DEFAULT_LIMITS.maxAttributes;
  if (typeof text !== 'string') throw new TypeError('parseXml expects a string');

  // A UTF-16 unit never encodes to fewer UTF-8 bytes, and at most 3 per unit:
  // only measure the exact byte length when the cheap bounds are inconclusive.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
    throw new XmlParseError(`document exceeds the size limit of ${maxBytes} bytes`, text, 0);
  }
  // The interning caches pay off only on large documents. Their entries may
  // be slices that keep the whole source text alive, so they are emptied
  // after each parse (and never used for small documents, where emptying
  // would cost more than interning saves).
  const useCache = text.length >= CACHE_MIN_LENGTH;
  try {
    return parseDocument(text, maxDepth, maxElements, maxAttributes, useCache);
  } finally {
    if (useCache) clearCaches();
    // The scratch arrays hold attribute strings of the last element.
    attrNames.fill('');
    attrValues.fill('');
  }
}

/** The parser proper; see {@link parseXml}. */
function parseDocument(text: string, maxDepth: number, maxElements: number, maxAttributes: number, useCache: boolean): XmlElement {

  const len = text.length;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark

  // Prolog: XML declaration, comments, PIs, whitespace.
  let first = true;
  for (;;) {
    while (i < len && isSpace(text.charCodeAt(i))) i++;
    if (i >= len) throw new XmlParseError('no root element', text, i);
    if (text.charCodeAt(i) !== 60) {
      throw new XmlParseError('text is not allowed before the root element', text, i);
    }
    const c1 = text.charCodeAt(i + 1);
    if (c1 === 63 /* ? */) {
      i = skipPI(text, i, first && (i === 0 || (i === 1 && text.charCodeAt(0) === 0xfeff)));
    } else if (c1 === 33 /* ! */) {
      if (text.startsWith('<!--', i)) i = skipComment(text, i);
      else rejectMarkupDecl(text, i);
    } else break;
    first = false;
  }

  const stack: XmlElement[] = [];
  const rawStack: string[] = [];
  // Children of all open elements, collected here and copied into an
  // exact-size array when their parent closes (push-grown arrays waste
  // about half their capacity, which the garbage collector then copies).
  const kids: XmlElement[] = [];
  const kidStart: number[] = [];
  let cur: XmlElement | null = null;
  let root: XmlElement | null = null;
  let count = 0;
  let scope = ROOT_SCOPE;
  const names = attrNames;
  let defaultScope: NamespaceScope | null = null;
  let defaultNs = '';
  const values = attrValues;

  // Main loop: `i` is always at a '<' here.
  for (;;) {
    const c1 = text.charCodeAt(i + 1);
    if (c1 === 47 /* / */) {
      // End tag.
      if (cur === null) throw new XmlParseError('unexpected end tag', text, i);
      // rawStack holds one entry per open element, and `cur` is open.
      const raw = rawStack[rawStack.length - 1]!;
      let k = i + 2 + raw.length;
      if (!matchAt(text, i + 2, raw) || !(isSpace(text.charCodeAt(k)) || text.charCodeAt(k) === 62)) {
        k = i + 2;
        while (k < len && !isNameStop(text.charCodeAt(k))) k++;
        throw new XmlParseError(
          `mismatched end tag: expected </${raw}> but found </${text.slice(i + 2, k)}>`,
          text,
          i,
        );
      }
      while (isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) !== 62) throw new XmlParseError(`malformed end tag </${raw}>`, text, i);
      i = k + 1;
      stack.pop();
      rawStack.pop();
      const first = kidStart.pop() as number;
      if (kids.length > first) {
        cur.children = kids.slice(first);
        kids.length = first;
      }
      if (stack.length === 0) {
        cur = null;
        break;
      }
      cur = stack[stack.length - 1]!;
      scope = cur.scope;
    } else if (c1 === 33 /* ! */) {
      if (cur === null) throw new XmlParseError('unexpected markup', text, i);
      if (text.startsWith('<!--', i)) {
        i = skipComment(text, i);
      } else if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end === -1) throw new XmlParseError('unterminated CDATA section', text, i);
        const data = text.slice(i + 9, end);
        cur.text += data.indexOf('\r') === -1 ? data : normalizeNewlines(data);
        i = end + 3;
      } else {
        rejectMarkupDecl(text, i);
      }
    } else if (c1 === 63 /* ? */) {
      if (cur === null) throw new XmlParseError('unexpected processing instruction', text, i);
      i = skipPI(text, i, false);
    } else {
      // Start tag.
      const start = i;
      let k = i + 1;
      let h = 0;
      for (let c = text.charCodeAt(k); !isNameStop(c); c = text.charCodeAt(++k)) h = (h * 31 + c) | 0;
      // Intern element names: documents repeat a few names many times, and
      // reusing one string per name saves an allocation per element.
      const nameLen = k - i - 1;
      const slot = (h ^ nameLen) & NAME_CACHE_MASK;
      let raw = nameCache[slot];
      let colon: number;
      let prefix: string;
      let local: string;
      if (useCache && raw !== undefined && raw.length === nameLen && matchAt(text, i + 1, raw)) {
        // `slot` is masked to the cache size, so these entries exist.
        colon = nameColon[slot]!;
        prefix = namePrefix[slot]!;
        local = nameLocal[slot]!;
      } else {
        raw = text.slice(i + 1, k);
        colon = checkQName(raw, text, start, 'element');
        prefix = colon === -1 ? '' : raw.slice(0, colon);
        local = colon === -1 ? raw : raw.slice(colon + 1);
        if (useCache && nameLen <= 64) {
          nameCache[slot] = raw;
          nameColon[slot] = colon;
          namePrefix[slot] = prefix;
          nameLocal[slot] = local;
        }
      }
      let n = 0;
      let selfClosing = false;
      let hasXmlns = false;
      // Attributes.
      for (;;) {
        let c = text.charCodeAt(k);
        const hadSpace = isSpace(c);
        while (isSpace(c)) c = text.charCodeAt(++k);
        if (c === 62 /* > */) {
          k++;
          break;
        }
        if (c === 47 /* / */) {
          if (text.charCodeAt(k + 1) !== 62) throw new XmlParseError("expected '>' after '/'", text, k);
          k += 2;
          selfClosing = true;
          break;
        }
        if (Number.isNaN(c)) throw new XmlParseError(`unclosed start tag <${raw}>`, text, start);
        if (!hadSpace) throw new XmlParseError('whitespace is required before an attribute', text, k);
        const nameStart = k;
        while (!isNameStop(text.charCodeAt(k))) k++;
        const aname = text.slice(nameStart, k);
        checkQName(aname, text, nameStart, 'attribute');
        c = text.charCodeAt(k);
        while (isSpace(c)) c = text.charCodeAt(++k);
        if (c !== 61 /* = */) throw new XmlParseError(`expected '=' after attribute name '${aname}'`, text, k);
        c = text.charCodeAt(++k);
        while (isSpace(c)) c = text.charCodeAt(++k);
        if (c !== 34 && c !== 39) {
          throw new XmlParseError(`attribute value of '${aname}' must be quoted`, text, k);
        }
        const q = c === 34 ? '"' : "'";
        const vend = text.indexOf(q, k + 1);
        if (vend === -1) throw new XmlParseError(`unterminated value of attribute '${aname}'`, text, k);
        const value = attrValue(text.slice(k + 1, vend), text, k + 1);
        k = vend + 1;
        if (n >= maxAttributes) {
          throw new XmlParseError(`too many attributes on <${raw}> (limit ${maxAttributes})`, text, start);
        }
        if (aname.charCodeAt(0) === 120 /* x */ && aname.startsWith('xmlns') && (aname.length === 5 || aname.charCodeAt(5) === 58)) {
          hasXmlns = true;
        }
        names[n] = aname;
        values[n] = value;
        n++;
      }

      count++;
      if (count > maxElements) {
        throw new XmlParseError(`too many elements (limit ${maxElements})`, text, start);
      }
      if (stack.length + 1 > maxDepth) {
        throw new XmlParseError(`nesting too deep (limit ${maxDepth})`, text, start);
      }

      // Namespace declarations first: they apply to the element's own name and attributes.
      let elScope = scope;
      if (hasXmlns) {
        const bindings = new Map<string, string>();
        for (let a = 0; a < n; a++) {
          const an = names[a]!;
          if (!an.startsWith('xmlns') || (an.length !== 5 && an.charCodeAt(5) !== 58)) continue;
          const p = an.length === 5 ? '' : an.slice(6);
          const uri = values[a]!;
          if (bindings.has(p)) throw new XmlParseError(`duplicate namespace declaration '${an}'`, text, start);
          if (p === 'xmlns') throw new XmlParseError("the 'xmlns' prefix must not be declared", text, start);
          if (p === 'xml' ? uri !== XML_NS : uri === XML_NS) {
            throw new XmlParseError(`the 'xml' prefix and its namespace cannot be rebound`, text, start);
          }
          if (uri === XMLNS_NS) throw new XmlParseError('the xmlns namespace cannot be bound', text, start);
          if (p !== '' && uri === '') {
            throw new XmlParseError(`prefix '${p}' cannot be undeclared (xmlns:${p}="")`, text, start);
          }
          bindings.set(p, uri);
        }
        elScope = { parent: scope, bindings };
      }

      let ns: string | undefined;
      if (colon !== -1) {
        if (prefix === 'xmlns') throw new XmlParseError("element names cannot use the 'xmlns' prefix", text, start);
        ns = scopeLookup(elScope, prefix);
        if (ns === undefined) throw new XmlParseError(`undeclared namespace prefix '${prefix}' in <${raw}>`, text, start);
      } else {
        // Siblings share scopes: remember the last scope's default namespace.
        if (elScope !== defaultScope) {
          defaultScope = elScope;
          defaultNs = scopeLookup(elScope, '') ?? '';
        }
        ns = defaultNs;
      }

      // Most elements carry no attributes: they share one frozen empty map,
      // which saves an allocation (and GC work) per element.
      const attrs: Record<string, string> = n === 0 ? EMPTY_ATTRS : Object.create(null);
      for (let a = 0; a < n; a++) {
        const an = names[a]!;
        if (hasXmlns && an.startsWith('xmlns') && (an.length === 5 || an.charCodeAt(5) === 58)) continue;
        let key = an;
        const ac = an.indexOf(':');
        if (ac !== -1) {
          const ap = an.slice(0, ac);
          const auri = scopeLookup(elScope, ap);
          if (auri === undefined || auri === '') {
            throw new XmlParseError(`undeclared namespace prefix '${ap}' in attribute '${an}'`, text, start);
          }
          key = `{${auri}}${an.slice(ac + 1)}`;
        }
        if (attrs[key] !== undefined) throw new XmlParseError(`duplicate attribute '${an}' on <${raw}>`, text, start);
        attrs[key] = values[a]!;
      }

      const el: XmlElement = {
        ns,
        local,
        prefix,
        attrs,
        children: EMPTY_CHILDREN,
        text: '',
        pos: start,
        scope: elScope,
      };
      if (cur === null) root = el;
      else kids.push(el);
      i = k;
      if (selfClosing) {
        if (cur === null) break;
      } else {
        stack.push(el);
        rawStack.push(raw);
        kidStart.push(kids.length);
        cur = el;
        scope = elScope;
      }
    }

    // Character data up to the next '<', classified in the same pass: most
    // segments are plain values or indentation and need no further work.
    let next = i;
    let special = false;
    let blank = true;
    let th = 0;
    for (;;) {
      const c = text.charCodeAt(next);
      if (c === 60 /* < */) break;
      th = (th * 31 + c) | 0;
      if (c === 32 || c === 10 || c === 9) {
        // whitespace
      } else if (c === 38 /* & */ || c === 13 || c === 93 /* ] */) {
        special = true;
        blank = false;
      } else if (c !== c) {
        throw new XmlParseError(`unclosed element <${rawStack[rawStack.length - 1]}>`, text, (cur as XmlElement).pos);
      } else {
        blank = false;
      }
      next++;
    }
    if (next > i) {
      const el = cur as XmlElement;
      let seg: string;
      if (useCache && blank && next - i <= 64) {
        // Indentation repeats: reuse one string per length.
        const segLen = next - i;
        const cached = wsCache[segLen];
        if (cached !== undefined && matchAt(text, i, cached)) seg = cached;
        else seg = wsCache[segLen] = text.slice(i, next);
        const prev = el.text;
        if (prev !== '') {
          // Whitespace between children: one concatenation per (text so far,
          // indentation) pair instead of a new string per element.
          if (prev.length < 1024) {
            const key = prev.length * 65 + segLen;
            const hit = wsJoinA[key & WS_JOIN_MASK];
            if (hit === prev && wsJoinB[key & WS_JOIN_MASK] === seg) {
              el.text = wsJoinR[key & WS_JOIN_MASK] as string;
            } else if (isBlank(prev)) {
              const joined = prev + seg;
              wsJoinA[key & WS_JOIN_MASK] = prev;
              wsJoinB[key & WS_JOIN_MASK] = seg;
              wsJoinR[key & WS_JOIN_MASK] = joined;
              el.text = joined;
            } else el.text = prev + seg;
          } else el.text = prev + seg;
          i = next;
          continue;
        }
      } else if (special) {
        seg = textSegment(text.slice(i, next), text, i);
      } else if (useCache && next - i <= 24) {
        // Short values repeat too (booleans, codes, dates): intern them.
        const segLen = next - i;
        const vslot = (th ^ (segLen << 7)) & VALUE_CACHE_MASK;
        const cached = valueCache[vslot];
        if (cached !== undefined && cached.length === segLen && matchAt(text, i, cached)) seg = cached;
        else seg = valueCache[vslot] = text.slice(i, next);
      } else {
        seg = text.slice(i, next);
      }
      el.text = el.text === '' ? seg : el.text + seg;
    }
    i = next;
  }

  // Epilogue: only whitespace, comments and PIs may follow the root.
  for (;;) {
    while (i < len && isSpace(text.charCodeAt(i))) i++;
    if (i >= len) break;
    if (text.startsWith('<!--', i)) i = skipComment(text, i);
    else if (text.startsWith('<?', i)) i = skipPI(text, i, false);
    else if (text.startsWith('<!', i)) rejectMarkupDecl(text, i);
    else throw new XmlParseError('content is not allowed after the root element', text, i);
  }
  return root as XmlElement;
}

// ---------------------------------------------------------------------------
// Namespace helpers

/** The namespace URI bound to `prefix` in `el`'s scope (`''` = default namespace); `undefined` when unbound. */
export function lookupNamespace(el: XmlElement, prefix: string): string | undefined {
  return scopeLookup(el.scope, prefix);
}

/**
 * Resolves a QName written in content (e.g. an `xsi:type` value) against
 * `el`'s scope. An unprefixed name takes the default namespace (`''` when
 * none). Returns `undefined` for an unbound prefix or a malformed QName.
 */
export function resolveQName(el: XmlElement, qname: string): { ns: string; local: string } | undefined {
  const q = qname.trim();
  if (q.length === 0) return undefined;
  const colon = q.indexOf(':');
  if (colon === -1) return { ns: scopeLookup(el.scope, '') ?? '', local: q };
  if (colon === 0 || colon === q.length - 1 || q.indexOf(':', colon + 1) !== -1) return undefined;
  const ns = scopeLookup(el.scope, q.slice(0, colon));
  if (ns === undefined || ns === '') return undefined;
  return { ns, local: q.slice(colon + 1) };
}

/**
 * The type an element's `xsi:type` names, in Clark notation (`{uri}local`), resolved against the
 * element's in-scope namespaces; `undefined` without `xsi:type`. A value that is not a QName in
 * scope comes back as written (never starting with `{`), so it matches no known type.
 */
export function xsiType(el: XmlElement): string | undefined {
  const value = el.attrs[`{${XSI_NS}}type`];
  if (value === undefined) return undefined;
  const q = resolveQName(el, value);
  return q ? `{${q.ns}}${q.local}` : value.trim();
}

/** Thrown by an encoder for a value no member of an abstract head's substitution group takes (its `$type` names none). */
export function substitutionMissing(head: string, type: unknown): never {
  throw new TypeError(`no element of the substitution group of '${head}' has type ${String(type)} ('${head}' is abstract)`);
}

/** True for an element with no child elements and only white space, not `xsi:nil` (a blank template field). */
export function isBlankElement(el: XmlElement): boolean {
  return el.children.length === 0 && isBlank(el.text) && !isNil(el);
}

/** True when the element carries `xsi:nil="true"` or `xsi:nil="1"`. */
export function isNil(el: XmlElement): boolean {
  const v = el.attrs[`{${XSI_NS}}nil`];
  if (v === undefined) return false;
  const t = v.trim();
  return t === 'true' || t === '1';
}

// ---------------------------------------------------------------------------
// Escaping and serialization

const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;

/** Escapes character data: `&`, `<`, `>` and `\r` (as `&#13;`, so it survives newline normalization). */
export function escapeText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes an attribute value for double quotes: `&`, `<`, `>`, `"` and `\t` `\n` `\r` as character references (so they survive attribute normalization). */
export function escapeAttr(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  return s.replace(/[&<>"\t\n\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case '\t':
        return '&#9;';
      case '\n':
        return '&#10;';
      default:
        return '&#13;';
    }
  });
}

/** Matches a content value that looks like a prefixed QName (e.g. `xsi:type="tns:Foo"`, `<faultcode>soap:Client</faultcode>`). */
const QNAME_VALUE = /^\s*([A-Za-z_][\w.\-]*):[A-Za-z_][\w.\-]*\s*$/;

/** Parses a Clark key `{uri}local` into its parts; plain names have uri ''. */
function splitClark(key: string): { uri: string; local: string } {
  if (key.charCodeAt(0) !== 123 /* { */) return { uri: '', local: key };
  const close = key.indexOf('}');
  return { uri: key.slice(1, close), local: key.slice(close + 1) };
}

/** Finds a non-empty prefix bound to `uri` in `scope` that is not shadowed by an inner binding. */
function prefixFor(scope: NamespaceScope, uri: string): string | undefined {
  for (let s: NamespaceScope | null = scope; s !== null; s = s.parent) {
    for (const [p, u] of s.bindings) {
      if (u === uri && p !== '' && scopeLookup(scope, p) === uri) return p;
    }
  }
  return undefined;
}

/**
 * Re-serializes an element subtree as standalone XML (used for `xs:any`
 * passthrough). Every namespace the subtree uses is declared where first
 * needed: element and attribute names, and prefixes that appear in
 * QName-looking attribute values or text (such as `xsi:type="tns:T"`), so
 * the fragment keeps its meaning outside the original document.
 *
 * Character data of an element with child elements is written before the
 * children when it is not pure whitespace (mixed-content order is not kept
 * by {@link XmlElement}).
 *
 * `defaultNs` is the default namespace in force where the text will be put (inside a parent that
 * declares `xmlns="…"`): an element in no namespace then resets it with `xmlns=""`.
 */
export function serializeElement(el: XmlElement, defaultNs = ''): string {
  const parts: string[] = [];
  let generated = 0;

  const walk = (e: XmlElement, out: Map<string, string>): void => {
    let scopeOut = out;
    const decls: string[] = [];
    const declared = new Set<string>();
    const bind = (p: string, uri: string): void => {
      if (declared.has(p)) return; // never declare a prefix twice on one element
      declared.add(p);
      if (scopeOut === out) scopeOut = new Map(out);
      scopeOut.set(p, uri);
      decls.push(p === '' ? ` xmlns="${escapeAttr(uri)}"` : ` xmlns:${p}="${escapeAttr(uri)}"`);
    };
    const current = (p: string): string | undefined => (p === '' ? (scopeOut.get('') ?? '') : scopeOut.get(p));

    // Element name.
    let prefix = e.prefix;
    if (prefix === 'xml' && e.ns !== XML_NS) prefix = '';
    if (current(prefix) !== e.ns) {
      if (prefix !== '' && e.ns === '') prefix = ''; // cannot bind a prefix to no namespace
      if (current(prefix) !== e.ns) bind(prefix, e.ns);
    }
    const name = prefix === '' ? e.local : `${prefix}:${e.local}`;

    // Attributes.
    let attrText = '';
    for (const key of Object.keys(e.attrs)) {
      const value = e.attrs[key]!; // key comes from Object.keys(e.attrs)
      const { uri, local } = splitClark(key);
      let aname = local;
      if (uri === XML_NS) aname = `xml:${local}`;
      else if (uri !== '') {
        let p: string | undefined;
        for (const [op, ou] of scopeOut) if (op !== '' && ou === uri) p = op;
        if (p === undefined) {
          p = prefixFor(e.scope, uri);
          if (p === undefined || p === 'xml' || current(p) !== undefined) {
            do p = `ns${generated++}`;
            while (current(p) !== undefined || scopeLookup(e.scope, p) !== undefined);
          }
          bind(p, uri);
        }
        aname = `${p}:${local}`;
      }
      attrText += ` ${aname}="${escapeAttr(value)}"`;
      bindQNameValue(value);
    }

    const text = e.children.length === 0 || e.text.trim() !== '' ? e.text : '';
    if (text !== '') bindQNameValue(text);

    function bindQNameValue(v: string): void {
      const m = QNAME_VALUE.exec(v);
      if (m === null) return;
      const p = m[1]!; // group 1 is not optional, so it is set whenever the regex matches
      if (p === 'xml' || p === 'xmlns') return;
      const uri = scopeLookup(e.scope, p);
      if (uri !== undefined && uri !== '' && scopeOut.get(p) !== uri) bind(p, uri);
    }

    parts.push(`<${name}${decls.join('')}${attrText}`);
    if (text === '' && e.children.length === 0) {
      parts.push('/>');
      return;
    }
    parts.push('>');
    if (text !== '') parts.push(escapeText(text));
    for (const child of e.children) walk(child, scopeOut);
    parts.push(`</${name}>`);
  };

  walk(el, defaultNs === '' ? new Map() : new Map([['', defaultNs]]));
  return parts.join('');
}
