/**
 * OpenAPI 3.0 / 3.1 loader: compiles a YAML or JSON document (with its local
 * and relative-file `$ref`s) into the shared {@link ApiModel}.
 *
 * Every schema that is referenced by `$ref` or declared under
 * `components/schemas` becomes a named type; inline object, union and
 * enumerated schemas get a named type too (named after where they sit), so the
 * emitters always have a function name to call. Constructs the model cannot
 * express become located warnings in `api.diagnostics`, never a silent `any`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { LineCounter, parseDocument, isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type {
  ApiModel,
  Diagnostic,
  EnumValue,
  Facets,
  Field,
  NamedType,
  ObjectType,
  RestApi,
  RestEncoding,
  RestMedia,
  RestOperation,
  RestParameter,
  RestResponse,
  RestSecurityScheme,
  ScalarKind,
  ScalarRef,
  SourceLocation,
  TypeRef,
  UnionType,
} from '../model/model.ts';
import { typeIdentifier } from '../emit/ts.ts';
import { decodeUtf8, SpecError } from './xml-source.ts';
import { JsonPositions } from './json-positions.ts';
import { BUILTIN_RANGES } from '../model/xsd-builtins.ts';
import { defaultExplode, defaultStyle, STYLES, type ParamStyle } from '../runtime/params.ts';
import { mediaKind } from '../runtime/bodies.ts';
import { parameterShape } from '../emit/rest/operations.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PARAMETER_LOCATIONS = ['path', 'query', 'header', 'cookie'];
/** Above this size a JSON document is parsed with JSON.parse; positions are computed only if a message needs one. */
const YAML_PARSE_LIMIT = 4 * 1024 * 1024;

/** One parsed file, with a way back from a JSON pointer to a line and column. */
class SourceFile {
  private doc?: Document.Parsed;
  private lines?: LineCounter;
  /** Large JSON only: positions found in the text on demand. */
  private positions?: JsonPositions;
  constructor(
    readonly path: string,
    readonly display: string,
    readonly text: string,
    readonly root: Json,
    parsed?: { doc: Document.Parsed; lines: LineCounter },
  ) {
    this.doc = parsed?.doc;
    this.lines = parsed?.lines;
    if (!parsed) this.positions = new JsonPositions(text, display);
  }

  /** Location of the node at `pointer` (or of its nearest existing ancestor). */
  locate(pointer: (string | number)[]): SourceLocation {
    if (this.positions) return this.positions.locate(pointer);
    let node: unknown = this.doc!.contents;
    let offset = (node as YamlNode | null)?.range?.[0] ?? 0;
    for (const segment of pointer) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
        if (!pair) break;
        node = pair.value;
        const at = (pair.key as YamlNode | null)?.range?.[0];
        if (at !== undefined) offset = at;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
        const at = (node as YamlNode | null)?.range?.[0];
        if (at === undefined) break;
        offset = at;
      } else break;
    }
    const pos = this.lines!.linePos(offset);
    return { file: this.display, line: pos.line, column: pos.col };
  }

  /**
   * The location a model element keeps: resolved now when the YAML AST is at hand, resolved on
   * first read for large JSON (most are never read; `gen breaking` reads those it reports).
   */
  modelLocation(pointer: (string | number)[]): SourceLocation {
    return this.positions ? this.positions.lazy(pointer) : this.locate(pointer);
  }
}

/** The one place a problem in a document becomes fatal: a located SpecError, which `gen` prints as `file:line:col: error: …` and exits 1 on. */
function specError(location: SourceLocation, message: string): SpecError {
  return new SpecError([{ severity: 'error', message, location }]);
}

/** A SpecError for a JSON pointer (`#/paths/~1items/get`) into a document, for problems other tools (openapi-typescript) report by pointer. */
export function errorAtPointer(display: string, text: string, pointer: string, message: string): SpecError {
  let segments: string[] = [];
  try {
    segments = decodePointer(pointer.replace(/^#/, ''));
  } catch {
    // A pointer we cannot decode still names the file.
  }
  return specError(parseSource(display, display, text).locate(segments), message);
}

/** Line and column (1-based) of a character offset in a text. */
function offsetLocation(text: string, offset: number, display: string): SourceLocation {
  const before = text.slice(0, offset);
  return { file: display, line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** Reads and parses one document; `unreadable` builds the error for a file that cannot be read (blamed on the file itself, or on the `$ref` naming it). */
async function readSource(path: string, display: string, unreadable: (reason: string) => SpecError): Promise<SourceFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw unreadable((e as NodeJS.ErrnoException).code ?? String(e));
  }
  return parseSource(path, display, decodeUtf8(bytes, display));
}

/** Parses YAML or JSON text, turning syntax errors into located errors. */
export function parseSource(path: string, display: string, text: string): SourceFile {
  const isJson = /\.json$/i.test(path) || /^\s*[{[]/.test(text);
  // A .json file must be JSON: the YAML parser alone would accept trailing commas, comments and single quotes.
  if (/\.json$/i.test(path) || (isJson && text.length > YAML_PARSE_LIMIT)) {
    const root = parseJson(text, display);
    if (text.length > YAML_PARSE_LIMIT) return new SourceFile(path, display, text, root);
  }
  const lines = new LineCounter();
  const at = (offset: number): SourceLocation => {
    const pos = lines.linePos(offset);
    return { file: display, line: pos.line, column: pos.col };
  };
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    throw specError(at(err.pos[0]), `invalid ${isJson ? 'JSON' : 'YAML'}: ${err.message.split('\n')[0]}`);
  }
  checkAliases(doc, (node, message) => specError(at(node.range?.[0] ?? 0), message));
  let root: Json;
  try {
    // checkAliases bounded what aliases add, so expanding them all is safe.
    root = doc.toJS({ maxAliasCount: -1 }) as Json;
  } catch (e) {
    throw specError(at(0), `invalid YAML: ${(e as Error).message}`);
  }
  return new SourceFile(path, display, text, root, { doc, lines });
}

/** JSON.parse, with a syntax error located at the offending character. */
function parseJson(text: string, display: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    // V8's messages say "… in JSON at position N" for some errors and nothing for others (`Unexpected token 'x', "…" is not valid JSON`).
    const message = (e as Error).message.replace(/ in JSON at position \d+.*$|, (?:\.\.\.)?".*$/s, '');
    const position = /at position (\d+)/.exec((e as Error).message);
    const offset = jsonSyntaxErrorOffset(text) ?? (position ? Number(position[1]) : 0);
    throw specError(offsetLocation(text, offset, display), `invalid JSON: ${message}`);
  }
}

/** Offset of the first JSON syntax error in `text`, or undefined if there is none to be found. */
function jsonSyntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const expect = (c: string) => (text[i] === c ? i++ : fail());
  const string = () => {
    expect('"');
    while (text[i] !== '"') {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    i++;
  };
  /** An object or array: members separated by commas up to `close`. */
  const members = (close: '}' | ']') => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      if (close === '}') {
        ws();
        string();
        ws();
        expect(':');
      }
      value();
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      expect(',');
    }
  };
  const value = (): void => {
    ws();
    if (text[i] === '{') return members('}');
    if (text[i] === '[') return members(']');
    if (text[i] === '"') return string();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!literal) fail();
    i += literal![0].length;
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (at) {
    return typeof at === 'number' ? at : undefined;
  }
}

/** Most nodes aliases may add to a document: far more than a real spec repeats, far less than a "billion laughs". */
const MAX_ALIAS_EXPANSION = 1_000_000;

/**
 * Rejects aliases that name no earlier anchor, that sit inside their own anchor (a cycle no JSON
 * value can hold), or that together would expand the document beyond {@link MAX_ALIAS_EXPANSION}
 * nodes (each alias stands for a copy of its anchored node, so nested aliases grow exponentially).
 * One pass over the YAML tree; the error is at the alias.
 */
function checkAliases(doc: Document.Parsed, fail: (node: YamlNode, message: string) => SpecError): void {
  const anchors = new Map<string, YamlNode>();
  /** Anchored node → how many nodes it stands for; absent while the node is still being walked. */
  const sizes = new Map<YamlNode, number>();
  let added = 0;
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const source = anchors.get(node.source);
      if (!source) throw fail(node, `alias *${node.source} refers to no anchor &${node.source} defined before it`);
      const n = sizes.get(source);
      if (n === undefined) throw fail(node, `alias *${node.source} is inside the node anchored &${node.source}: a recursive structure is not a JSON document`);
      added += n;
      if (added > MAX_ALIAS_EXPANSION) throw fail(node, `too many aliases: they would expand the document by more than ${MAX_ALIAS_EXPANSION.toLocaleString('en')} nodes`);
      return n;
    }
    const anchored = isNode(node) && node.anchor ? node : undefined;
    if (anchored) anchors.set(anchored.anchor!, anchored);
    let n = 1;
    if (isPair(node)) n = size(node.key) + size(node.value);
    else if (isCollection(node)) for (const item of node.items) n += size(item);
    if (anchored) sizes.set(anchored, n);
    return n;
  };
  size(doc.contents);
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `a list`, `the string "x"`, `the number 3`: for messages about a value of the wrong kind. */
function describeValue(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return `the ${typeof v} ${text.length > 40 ? `${text.slice(0, 37)}…` : text}`;
}

function decodePointer(fragment: string): string[] {
  if (fragment === '' || fragment === '/') return [];
  if (!fragment.startsWith('/')) throw new Error('the part after # must be a JSON pointer starting with /');
  return fragment
    .slice(1)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A schema or other node together with where it lives. */
interface At {
  file: SourceFile;
  pointer: string[];
  node: Json;
}

/** Context for naming inline schemas after where they sit. */
interface Hint {
  name: string;
}

export async function loadOpenApi(file: string, name: string): Promise<ApiModel> {
  const loader = new Loader(name);
  return loader.load(file);
}

class Loader {
  private readonly files = new Map<string, SourceFile>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly types: NamedType[] = [];
  /** `file#pointer` of a schema → its named type. */
  private readonly named = new Map<string, string>();
  /** Named types whose schema also allows null (3.0 `nullable`, 3.1 `type: [..., null]`). */
  private readonly nullableNamed = new Set<string>();
  private readonly usedNames = new Set<string>();
  private main!: SourceFile;
  private version31 = false;

  constructor(private readonly apiName: string) {}

  async load(path: string): Promise<ApiModel> {
    const abs = resolve(path);
    const display = relative(process.cwd(), abs) || path;
    this.main = await readSource(abs, display, (reason) => specError({ file: display, line: 1, column: 1 }, `cannot read ${display}: ${reason}`));
    this.files.set(abs, this.main);
    const root = this.main.root;
    if (root === null) throw this.error(this.main, [], 'the document is empty; expected an OpenAPI object');
    if (!isObject(root)) throw this.error(this.main, [], `the document root must be an object (mapping), not ${describeValue(root)}`);
    if (typeof root.swagger === 'string') throw this.error(this.main, ['swagger'], `Swagger ${root.swagger} is not supported; convert it to OpenAPI 3`);
    if (root.openapi === undefined) throw this.error(this.main, [], 'missing `openapi` version field (expected 3.0.x or 3.1.x)');
    if (typeof root.openapi !== 'string') throw this.error(this.main, ['openapi'], `\`openapi\` must be a version string such as '3.0.3', not ${describeValue(root.openapi)}`);
    if (!/^3\.[01]\./.test(root.openapi)) throw this.error(this.main, ['openapi'], `unsupported OpenAPI version ${root.openapi} (expected 3.0.x or 3.1.x)`);
    this.version31 = root.openapi.startsWith('3.1');
    const info = root.info;
    if (!isObject(info)) throw this.error(this.main, ['info'], 'missing `info` object');
    if (root.paths !== undefined && !isObject(root.paths)) throw this.error(this.main, ['paths'], '`paths` must be an object');

    await this.preloadExternal(this.main, root);

    // Component schemas first, in declaration order, so they keep their own names.
    const schemas = isObject(root.components) && isObject(root.components.schemas) ? root.components.schemas : {};
    for (const key of Object.keys(schemas)) this.claimNamed(this.main, ['components', 'schemas', key], key);
    for (const key of Object.keys(schemas)) this.namedRef({ file: this.main, pointer: ['components', 'schemas', key], node: schemas[key]! });

    const rest = this.loadRest(root);
    const webhooks = isObject(root.webhooks) ? Object.keys(root.webhooks).filter((k) => !k.startsWith('x-')) : [];
    if (webhooks.length > 0) {
      this.warn({ file: this.main, pointer: ['webhooks'] }, `webhooks are not generated yet: ${webhooks.join(', ')} ${webhooks.length > 1 ? 'are' : 'is'} left out (schema.ts has the types; there is no client method or handler)`);
    }
    const doc = [typeof info.description === 'string' ? info.description : undefined].filter(Boolean).join('\n');
    return {
      name: this.apiName,
      source: this.main.display,
      title: typeof info.title === 'string' ? info.title : this.apiName,
      doc: doc || undefined,
      types: this.types.sort((a, b) => this.claimOrder.get(a.name)! - this.claimOrder.get(b.name)!),
      rest,
      diagnostics: this.diagnostics,
      inputs: [...this.files.keys()],
    };
  }

  // -------------------------------------------------------------------------
  // Files and references

  /** Reads every file reachable through relative `$ref`s up front, so resolution below stays synchronous. */
  private async preloadExternal(file: SourceFile, node: Json): Promise<void> {
    const pending: { from: SourceFile; ref: string; pointer: string[] }[] = [];
    const walk = (n: Json, from: SourceFile, pointer: string[]) => {
      if (Array.isArray(n)) n.forEach((c, i) => walk(c, from, [...pointer, String(i)]));
      else if (isObject(n)) {
        for (const [k, v] of Object.entries(n)) {
          if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) pending.push({ from, ref: v, pointer });
          else walk(v, from, [...pointer, k]);
        }
      }
    };
    walk(node, file, []);
    while (pending.length) {
      const { from, ref, pointer } = pending.shift()!;
      const target = ref.split('#')[0]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        throw this.error(from, pointer, `remote $ref ${ref} is not supported: download it and refer to the local file`);
      }
      const abs = resolve(dirname(from.path), decodeURIComponent(target));
      if (this.files.has(abs)) continue;
      // A file that cannot be read is the $ref's fault; a syntax error is located in the file itself.
      const display = relative(process.cwd(), abs);
      const loaded = await readSource(abs, display, (reason) => this.error(from, [...pointer, '$ref'], `cannot resolve $ref ${ref}: cannot read ${display} (${reason})`));
      this.files.set(abs, loaded);
      walk(loaded.root, loaded, []);
    }
  }

  /** Follows `$ref` chains from `at` to the first node that is not a reference. */
  private deref(at: At): At {
    const chain: At[] = [];
    let current = at;
    while (isObject(current.node) && typeof current.node.$ref === 'string') {
      chain.push(current);
      current = this.resolveRef(current, current.node.$ref as string);
      const again = chain.findIndex((c) => this.key(c) === this.key(current));
      if (again >= 0) {
        const cycle = [...chain.slice(again), current].map((c) => `#/${c.pointer.join('/')}`).join(' → ');
        throw this.error(at.file, [...at.pointer, '$ref'], `circular $ref chain ${cycle} never reaches a schema`);
      }
    }
    return current;
  }

  /** The node `ref` names, relative to `from`; problems are reported at `blame` (default: `from`). */
  private resolveRef(from: At, ref: string, blame: At = from): At {
    const hash = ref.indexOf('#');
    const filePart = hash >= 0 ? ref.slice(0, hash) : ref;
    const fragment = hash >= 0 ? ref.slice(hash + 1) : '';
    const file = filePart ? this.files.get(resolve(dirname(from.file.path), decodeURIComponent(filePart))) : from.file;
    if (!file) throw this.error(blame.file, [...blame.pointer, '$ref'], `cannot resolve $ref ${ref}`);
    let pointer: string[];
    try {
      pointer = decodePointer(fragment);
    } catch (e) {
      throw this.error(blame.file, [...blame.pointer, '$ref'], `bad $ref ${ref}: ${(e as Error).message}`);
    }
    let node: Json | undefined = file.root;
    for (const seg of pointer) {
      node = Array.isArray(node) ? node[Number(seg)] : isObject(node) ? node[seg] : undefined;
      if (node === undefined) throw this.error(blame.file, [...blame.pointer, '$ref'], `$ref ${ref} points at nothing`);
    }
    return { file, pointer, node: node! };
  }

  private key(at: At): string {
    return `${at.file.path}#${at.pointer.join('/')}`;
  }

  // -------------------------------------------------------------------------
  // Diagnostics

  private error(file: SourceFile, pointer: (string | number)[], message: string): SpecError {
    return specError(file.locate(pointer), message);
  }

  /** A schema position holding a string, number, list or null. */
  private notASchema(at: At): SpecError {
    return this.error(at.file, at.pointer, `a schema must be an object, not ${describeValue(at.node)}`);
  }

  private warn(at: { file: SourceFile; pointer: string[] }, message: string): void {
    // Path-level parameters are read once per operation: say each thing once.
    const key = `${at.file.path}#${at.pointer.join('/')}\n${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.diagnostics.push({ severity: 'warning', message, location: at.file.locate(at.pointer) });
  }

  private readonly warned = new Set<string>();

  // -------------------------------------------------------------------------
  // Schemas

  private claimName(wanted: string): string {
    const base = typeIdentifier(wanted);
    let id = base;
    for (let n = 2; this.usedNames.has(id); n++) id = `${base}${n}`;
    this.usedNames.add(id);
    this.claimOrder.set(id, this.claimOrder.size);
    return id;
  }

  /** Named types in the order their names were claimed: components in declaration order, then inline schemas as discovered. */
  private readonly claimOrder = new Map<string, number>();

  private claimNamed(file: SourceFile, pointer: string[], wanted: string): string {
    const k = `${file.path}#${pointer.join('/')}`;
    let name = this.named.get(k);
    if (!name) {
      name = this.claimName(wanted);
      this.named.set(k, name);
    }
    return name;
  }

  /** The named type for the schema at `at` (a `$ref` target or a component), creating it on first use. */
  private namedRef(at: At): TypeRef {
    const target = this.deref(at);
    const k = this.key(target);
    const existing = this.named.get(k);
    if (existing && this.built.has(existing)) return this.wrapNullable(existing);
    const name = existing ?? this.claimNamed(target.file, target.pointer, this.nameFromPointer(target.pointer));
    if (this.building.has(name)) return this.wrapNullable(name);
    this.building.add(name);
    const type = this.namedTypeFor(target, name);
    this.building.delete(name);
    // Recursive schemas may have pushed other types first; ordering stays deterministic.
    this.types.push(type);
    this.built.add(name);
    return this.wrapNullable(name);
  }

  private readonly building = new Set<string>();
  private readonly built = new Set<string>();

  private wrapNullable(name: string): TypeRef {
    const ref: TypeRef = { kind: 'named', name };
    return this.nullableNamed.has(name) ? { kind: 'union', members: [ref, { kind: 'literal', value: null }] } : ref;
  }

  private nameFromPointer(pointer: string[]): string {
    const last = pointer[pointer.length - 1] ?? 'Schema';
    return /^\d+$/.test(last) && pointer.length > 1 ? `${pointer[pointer.length - 2]}${last}` : last;
  }

  /** Builds the named type for a (dereferenced) schema. */
  private namedTypeFor(at: At, name: string): NamedType {
    const schema = at.node;
    const location = at.file.modelLocation(at.pointer);
    if (!isObject(schema)) {
      if (typeof schema !== 'boolean') throw this.notASchema(at);
      if (schema === false) this.warn(at, 'schema `false` (no value allowed) is not supported; any value is accepted');
      else this.warn(at, 'a schema must be an object');
      return { kind: 'union', name, location, members: [{ kind: 'unknown', reason: 'unsupported schema' }] };
    }
    const doc = describe(schema);
    if (this.isNullable(schema)) this.nullableNamed.add(name);
    const shape = this.classify(at);
    switch (shape) {
      case 'object':
        return { ...this.objectType(at, name), doc, location };
      case 'union':
        return { ...this.unionType(at, name), doc, location };
      default: {
        const ref = this.inlineRef(at, { name }, true);
        if (ref.kind === 'array') return { kind: 'array', name, doc, location, type: ref };
        if (ref.kind === 'scalar') return { kind: 'scalar', name, doc, location, type: ref };
        if (ref.kind === 'union') return { kind: 'union', name, doc, location, members: ref.members };
        // Literals, unknowns and aliases of other named types: a one-member union keeps the name.
        return { kind: 'union', name, doc, location, members: [ref] };
      }
    }
  }

  private isNullable(schema: JsonObject): boolean {
    if (schema.nullable === true) return true;
    if (Array.isArray(schema.type) && schema.type.includes('null')) return true;
    if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
    for (const k of ['oneOf', 'anyOf'] as const) {
      const members = schema[k];
      if (Array.isArray(members) && members.some((m) => isObject(m) && m.type === 'null')) return true;
    }
    return false;
  }

  private classifyDepth = 0;

  private classify(at: At): 'object' | 'union' | 'other' {
    const s = at.node as JsonObject;
    const types = typeList(s);
    const nonNull = types.filter((t) => t !== 'null');
    if (Array.isArray(s.allOf)) {
      // `allOf: [{$ref: SomeString}]` (often just to add a description) is a scalar, not an object.
      if (s.properties !== undefined || s.additionalProperties !== undefined || nonNull.includes('object')) return 'object';
      if (this.classifyDepth > 20) return 'object';
      this.classifyDepth++;
      try {
        return s.allOf.some((m, i) => {
          const target = this.deref({ file: at.file, pointer: [...at.pointer, 'allOf', String(i)], node: m });
          return isObject(target.node) && this.classify(target) !== 'other';
        })
          ? 'object'
          : 'other';
      } finally {
        this.classifyDepth--;
      }
    }
    const unionMembers = (Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : []).filter((m) => !(isObject(m) && m.type === 'null'));
    if (unionMembers.length > 0) return 'union';
    if (s.enum !== undefined || s.const !== undefined) return 'other';
    if (nonNull.length === 1 && nonNull[0] === 'object') return 'object';
    if (nonNull.length === 0 && (s.properties !== undefined || s.additionalProperties !== undefined || s.required !== undefined)) return 'object';
    return 'other';
  }

  private objectType(at: At, name: string): ObjectType {
    const s = at.node as JsonObject;
    const result: ObjectType = { kind: 'object', name, fields: [] };
    const parts: At[] = [];
    if (Array.isArray(s.allOf)) {
      const members = s.allOf.map((m, i) => ({ file: at.file, pointer: [...at.pointer, 'allOf', String(i)], node: m }));
      // allOf with exactly one reference to an object schema: that schema is the base; the rest merges in.
      const refs = members.filter((m) => isObject(m.node) && typeof m.node.$ref === 'string');
      if (refs.length === 1 && this.classify(this.deref(refs[0]!)) === 'object') {
        const base = this.namedRef(refs[0]!);
        if (base.kind === 'named') result.base = base.name;
        parts.push(...members.filter((m) => m !== refs[0]));
      } else {
        parts.push(...members);
      }
      for (const part of [...parts]) {
        const target = this.deref(part);
        const shape = isObject(target.node) ? this.classify(target) : 'other';
        if (shape !== 'object') {
          if (isObject(target.node) && Object.keys(target.node).every((k) => ['description', 'title', 'example', 'examples', 'nullable', 'readOnly', 'writeOnly', 'deprecated', 'externalDocs'].includes(k))) continue;
          this.warn(target, 'allOf member that is not an object schema is not merged; only object members are combined');
          parts.splice(parts.indexOf(part), 1);
        }
      }
      // Nested allOf inside members flatten through `fieldsOf`.
      parts.unshift({ ...at, node: { ...s, allOf: undefined } as unknown as Json });
    } else {
      parts.push(at);
    }
    const required = new Set<string>();
    const fields = new Map<string, Field>();
    let rest: ObjectType['rest'] | 'closed' | undefined;
    for (const part of parts) {
      const target = this.deref(part);
      this.collectObject(target, name, fields, required, (r) => {
        // The most permissive `additionalProperties` among members wins only if none closes the object.
        if (r === 'closed') rest = 'closed';
        else if (rest !== 'closed' && r && (!rest || rest.type.kind === 'unknown')) rest = r;
      });
    }
    for (const [key, field] of fields) field.required = required.has(key);
    // Required names with no declared property: still required, of any type.
    for (const key of required) {
      if (!fields.has(key)) {
        const inherited = result.base && this.baseHasField(result.base, key);
        if (!inherited) fields.set(key, { name: key, type: { kind: 'unknown', reason: 'listed in `required` without a property schema' }, required: true, nullable: true });
      }
    }
    result.fields = [...fields.values()];
    if (rest === 'closed') result.rest = undefined;
    else result.rest = rest ?? { type: { kind: 'unknown', reason: 'additional properties are allowed' } };
    return result;
  }

  private baseHasField(base: string, key: string): boolean {
    const t = this.types.find((x) => x.name === base);
    if (!t || t.kind !== 'object') return true;
    return t.fields.some((f) => f.name === key) || (t.base !== undefined && this.baseHasField(t.base, key));
  }

  private collectObject(at: At, owner: string, fields: Map<string, Field>, required: Set<string>, onRest: (r: ObjectType['rest'] | 'closed' | undefined) => void): void {
    const s = at.node;
    if (!isObject(s)) return;
    if (Array.isArray(s.allOf)) {
      s.allOf.forEach((m, i) => this.collectObject(this.deref({ file: at.file, pointer: [...at.pointer, 'allOf', String(i)], node: m }), owner, fields, required, onRest));
    }
    if (s.required !== undefined) {
      const bad = Array.isArray(s.required) ? s.required.find((r) => typeof r !== 'string') : s.required;
      if (bad !== undefined) {
        const got = Array.isArray(s.required) ? `a list holding ${describeValue(bad)}` : describeValue(bad);
        throw this.error(at.file, [...at.pointer, 'required'], `\`required\` must be a list of property names, not ${got}`);
      }
      for (const r of s.required as string[]) required.add(r);
    }
    if (isObject(s.properties)) {
      for (const [prop, propSchema] of Object.entries(s.properties)) {
        const pat: At = { file: at.file, pointer: [...at.pointer, 'properties', prop], node: propSchema };
        const target = isObject(propSchema) && typeof propSchema.$ref === 'string' ? this.deref(pat) : pat;
        const full = this.schemaRef(pat, { name: `${owner}${typeIdentifier(prop)}` });
        // Nullability is carried by the field, not by a `| null` member.
        const type = stripNull(full);
        const nullable = type !== full || (full.kind === 'literal' && full.value === null);
        const ps = isObject(propSchema) ? propSchema : {};
        const field: Field = {
          name: prop,
          type,
          required: false,
          nullable,
        };
        field.location = at.file.modelLocation(pat.pointer);
        const doc = describe(ps) ?? (isObject(target.node) ? describe(target.node) : undefined);
        if (doc) field.doc = doc;
        if (ps.default !== undefined && ps.default !== null && typeof ps.default !== 'object') field.default = String(ps.default);
        fields.set(prop, field);
      }
    }
    if (s.additionalProperties === false) onRest('closed');
    else if (isObject(s.additionalProperties)) {
      const type = this.schemaRef({ file: at.file, pointer: [...at.pointer, 'additionalProperties'], node: s.additionalProperties }, { name: `${owner}Value` });
      onRest({ type });
    } else onRest(undefined);
    if (s.patternProperties !== undefined) this.warn({ file: at.file, pointer: [...at.pointer, 'patternProperties'] }, '`patternProperties` is not supported: those properties are accepted without checks');
    if (s.propertyNames !== undefined) this.warn({ file: at.file, pointer: [...at.pointer, 'propertyNames'] }, '`propertyNames` is not supported: property names are not checked');
    if (s.minProperties !== undefined || s.maxProperties !== undefined) this.warn(at, '`minProperties`/`maxProperties` are not enforced');
    if (s.dependentRequired !== undefined || s.dependentSchemas !== undefined || s.if !== undefined) this.warn(at, 'conditional schemas (`if`/`dependent*`) are not enforced');
    if (s.not !== undefined) this.warn({ file: at.file, pointer: [...at.pointer, 'not'] }, '`not` is not supported and is ignored');
  }

  private unionType(at: At, name: string): UnionType {
    const s = at.node as JsonObject;
    const key = Array.isArray(s.oneOf) ? 'oneOf' : 'anyOf';
    // Shared `properties`/`required` next to the alternatives: (A and (B or C)) = (A and B) or (A and C),
    // so each alternative becomes an object merging the shared part with it.
    const shared = s.properties !== undefined || s.required !== undefined || s.allOf !== undefined;
    const sharedPart = shared ? ({ ...s, oneOf: undefined, anyOf: undefined, discriminator: undefined, description: undefined } as unknown as JsonObject) : undefined;
    const members: TypeRef[] = [];
    const raw = s[key] as Json[];
    raw.forEach((m, i) => {
      if (isObject(m) && m.type === 'null') return;
      const memberAt: At = { file: at.file, pointer: [...at.pointer, key, String(i)], node: m };
      if (sharedPart && this.classify(this.deref(memberAt)) === 'object') {
        const merged = this.claimName(`${name}${i + 1}`);
        const type = this.namedTypeFor({ ...memberAt, node: { allOf: [sharedPart, m] } as unknown as Json }, merged);
        this.types.push(type);
        this.built.add(merged);
        members.push({ kind: 'named', name: merged });
        return;
      }
      members.push(stripNull(this.schemaRef(memberAt, { name: `${name}${i + 1}` })));
    });
    const result: UnionType = { kind: 'union', name, members };
    if (isObject(s.discriminator) && typeof s.discriminator.propertyName === 'string') {
      const mapping: Record<string, string> = {};
      if (isObject(s.discriminator.mapping)) {
        for (const [value, ref] of Object.entries(s.discriminator.mapping)) {
          if (typeof ref !== 'string') continue;
          const from: At = { file: at.file, pointer: [...at.pointer, 'discriminator', 'mapping', value], node: null };
          // A value that is no reference is a schema name (OpenAPI: "mapping values MAY be schema names"), of the entry document's components.
          const named = this.namedRef(isSchemaName(ref) ? this.resolveRef({ ...from, file: this.main }, `#/components/schemas/${ref}`, from) : this.resolveRef(from, ref));
          const n = stripNull(named);
          if (n.kind === 'named') mapping[value] = n.name;
        }
      }
      // Implicit mapping: a member reached by `$ref` answers to its schema name.
      raw.forEach((m, i) => {
        if (!isObject(m) || typeof m.$ref !== 'string') return;
        const member = stripNull(members[i]!);
        if (member.kind !== 'named') return;
        if (Object.values(mapping).includes(member.name)) return;
        // The member's own constant for the property is what the wire carries; the spec's default is the schema name.
        const value = this.constantOf(this.deref({ file: at.file, pointer: [...at.pointer, key, String(i)], node: m }), (s.discriminator as JsonObject).propertyName as string);
        mapping[value ?? m.$ref.split('/').pop()!] = member.name;
      });
      result.discriminator = { property: s.discriminator.propertyName, mapping };
    }
    return result;
  }

  /** The single allowed value (`const` or one-value `enum`) of `property` in an object schema, if there is one. */
  private constantOf(at: At, property: string): string | undefined {
    const s = at.node;
    if (!isObject(s)) return undefined;
    const props = isObject(s.properties) ? s.properties[property] : undefined;
    if (isObject(props)) {
      const p = this.deref({ file: at.file, pointer: [...at.pointer, 'properties', property], node: props }).node;
      if (isObject(p)) {
        if (typeof p.const === 'string') return p.const;
        if (Array.isArray(p.enum) && p.enum.length === 1 && typeof p.enum[0] === 'string') return p.enum[0];
      }
    }
    if (Array.isArray(s.allOf)) {
      for (let i = 0; i < s.allOf.length; i++) {
        const v = this.constantOf(this.deref({ file: at.file, pointer: [...at.pointer, 'allOf', String(i)], node: s.allOf[i]! }), property);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  /**
   * The type reference for a schema in field/item/parameter position: `$ref`s
   * and inline objects/unions become named types, scalars and arrays stay inline.
   */
  schemaRef(at: At, hint: Hint): TypeRef {
    const s = at.node;
    if (isObject(s) && typeof s.$ref === 'string') {
      // 3.1 allows siblings next to $ref; `nullable` next to $ref is a common 3.0 idiom too.
      const constraints = Object.keys(s).filter((k) => SCHEMA_KEYWORDS.has(k) && k !== '$ref' && k !== 'nullable');
      if (constraints.length > 0) {
        // A scalar target with extra facets beside the $ref: both apply, so merge them into one inline scalar.
        const target = this.deref(at);
        if (isObject(target.node) && this.classify(target) === 'other' && !Array.isArray(target.node.oneOf) && !Array.isArray(target.node.anyOf)) {
          const merged = { ...target.node } as JsonObject;
          for (const k of constraints) merged[k] = s[k]!;
          return this.inlineRef({ ...at, node: merged }, hint, false);
        }
        this.warn(at, `constraints next to $ref (${constraints.join(', ')}) are not enforced; the referenced schema is`);
      }
      const ref = this.namedRef(at);
      return s.nullable === true ? withNull(ref) : ref;
    }
    if (!isObject(s)) return this.inlineRef(at, hint, false);
    const shape = this.classify(at);
    if (shape === 'object' || shape === 'union') {
      const name = this.claimNamed(at.file, at.pointer, hint.name);
      const ref = this.namedRef(at);
      void name;
      return ref;
    }
    return this.inlineRef(at, hint, false);
  }

  /** Scalars, enums, consts, arrays and type lists. `top` = this schema is itself a named type's body. */
  private inlineRef(at: At, hint: Hint, top: boolean): TypeRef {
    const s = at.node;
    if (s === true || (isObject(s) && Object.keys(s).every((k) => !SCHEMA_KEYWORDS.has(k)))) {
      return { kind: 'unknown', reason: 'the schema allows any value' };
    }
    if (!isObject(s)) {
      if (s !== false) throw this.notASchema(at);
      this.warn(at, 'schema `false` is not supported; any value is accepted');
      return { kind: 'unknown', reason: 'unsupported schema' };
    }
    if (typeof s.$ref === 'string') return this.namedRef(at);
    const nullable = this.isNullable(s);
    let ref = this.valueRef(at, s, hint, top);
    if (nullable && !top) ref = withNull(ref);
    return ref;
  }

  private valueRef(at: At, s: JsonObject, hint: Hint, top: boolean): TypeRef {
    if (s.const !== undefined) return literal(at, s.const, (m) => this.warn(at, m));
    if (Array.isArray(s.enum)) return this.enumRef(at, s);
    const unionKey = Array.isArray(s.oneOf) ? 'oneOf' : Array.isArray(s.anyOf) ? 'anyOf' : undefined;
    const shape = this.classify(at);
    if (Array.isArray(s.allOf) && shape === 'other' && !unionKey) {
      // All members are scalars: one member keeps its (named) reference; several merge their constraints.
      const members = s.allOf.map((m, i) => ({ file: at.file, pointer: [...at.pointer, 'allOf', String(i)], node: m }));
      const siblings = Object.keys(s).filter((k) => SCHEMA_KEYWORDS.has(k) && k !== 'allOf' && k !== 'nullable');
      if (members.length === 1 && siblings.length === 0) return this.schemaRef(members[0]!, hint);
      const merged: JsonObject = {};
      for (const m of members) {
        const target = this.deref(m);
        if (isObject(target.node)) Object.assign(merged, target.node);
      }
      for (const k of siblings) merged[k] = s[k]!;
      return this.inlineRef({ ...at, node: merged }, hint, top);
    }
    if (unionKey || shape === 'object') {
      if (top) {
        this.warn(at, 'unexpected composite schema');
        return { kind: 'unknown', reason: 'unsupported schema' };
      }
      return this.schemaRef(at, hint);
    }
    const types = typeList(s).filter((t) => t !== 'null');
    if (types.length === 0) {
      if (s.items !== undefined) return this.arrayRef(at, s, hint);
      if (typeList(s).includes('null')) return { kind: 'literal', value: null };
      // Only facets, no type: JSON Schema applies them to whichever type the value has.
      if (s.pattern !== undefined || s.minLength !== undefined || s.maxLength !== undefined) return this.scalarRef(at, s, 'string');
      if (s.minimum !== undefined || s.maximum !== undefined) return this.scalarRef(at, s, 'number');
      return { kind: 'unknown', reason: 'the schema declares no type' };
    }
    if (types.length === 1) return this.typedRef(at, s, types[0]!, hint);
    // `type: [string, integer]`: the wire carries a number or boolean, possibly as a string.
    if (types.length === 2 && types.includes('string')) {
      const other = types.find((t) => t !== 'string')!;
      if (other === 'integer' || other === 'number' || other === 'boolean') {
        const ref = this.scalarRef(at, s, other);
        if (ref.kind === 'scalar') return { ...ref, lenient: true };
      }
    }
    return { kind: 'union', members: types.map((t) => this.typedRef(at, s, t, hint)) };
  }

  private typedRef(at: At, s: JsonObject, type: string, hint: Hint): TypeRef {
    switch (type) {
      case 'array':
        return this.arrayRef(at, s, hint);
      case 'object':
        this.warn(at, 'an object schema mixed with other types in `type` is not supported; objects are accepted without checks');
        return { kind: 'unknown', reason: 'object in a type list' };
      case 'null':
        return { kind: 'literal', value: null };
      case 'string':
      case 'integer':
      case 'number':
      case 'boolean':
        return this.scalarRef(at, s, type);
      default:
        throw this.error(at.file, [...at.pointer, 'type'], `unknown type ${JSON.stringify(type)} (expected string, number, integer, boolean, array, object or null)`);
    }
  }

  private arrayRef(at: At, s: JsonObject, hint: Hint): TypeRef {
    let items: TypeRef;
    if (s.items === undefined) items = { kind: 'unknown', reason: 'array items are not described' };
    else if (Array.isArray(s.items)) {
      this.warn({ file: at.file, pointer: [...at.pointer, 'items'] }, 'tuple `items` (an array of schemas) is not supported: items are checked against any of them');
      items = { kind: 'union', members: s.items.map((m, i) => this.schemaRef({ file: at.file, pointer: [...at.pointer, 'items', String(i)], node: m }, { name: `${hint.name}Item${i + 1}` })) };
    } else items = this.schemaRef({ file: at.file, pointer: [...at.pointer, 'items'], node: s.items }, { name: `${hint.name}Item` });
    if (s.prefixItems !== undefined) this.warn({ file: at.file, pointer: [...at.pointer, 'prefixItems'] }, '`prefixItems` is not supported and is ignored');
    if (s.uniqueItems === true) this.warn({ file: at.file, pointer: [...at.pointer, 'uniqueItems'] }, '`uniqueItems` is not enforced');
    if (s.contains !== undefined) this.warn({ file: at.file, pointer: [...at.pointer, 'contains'] }, '`contains` is not enforced');
    const ref: Extract<TypeRef, { kind: 'array' }> = { kind: 'array', items };
    if (typeof s.minItems === 'number') ref.minItems = s.minItems;
    if (typeof s.maxItems === 'number') ref.maxItems = s.maxItems;
    return ref;
  }

  private scalarRef(at: At, s: JsonObject, type: 'string' | 'integer' | 'number' | 'boolean'): TypeRef {
    const facets: Facets = {};
    const format = typeof s.format === 'string' ? s.format : undefined;
    let scalar: ScalarKind;
    let xsdType: string | undefined;
    let lenient = false;
    switch (type) {
      case 'boolean':
        scalar = 'boolean';
        break;
      case 'integer':
        scalar = 'int';
        if (format === 'int32') xsdType = 'int';
        // int64 values above 2^53 reach us as strings (lossless JSON parsing); accept both forms.
        if (format === 'int64') lenient = true;
        break;
      case 'number':
        scalar = 'double';
        break;
      default:
        scalar = STRING_FORMATS[format ?? ''] ?? 'string';
        break;
    }
    if (format) facets.format = format;
    if (type === 'string') {
      if (typeof s.pattern === 'string') {
        try {
          new RegExp(s.pattern, 'u');
          facets.patterns = [s.pattern];
        } catch {
          try {
            new RegExp(s.pattern);
            // Without the u flag `\p{Print}` (a POSIX class name some generators emit) means "p{Print}",
            // which no author intends, and TypeScript refuses it in a literal: say so instead.
            if (/\\[pP]\{/.test(s.pattern)) this.warn({ file: at.file, pointer: [...at.pointer, 'pattern'] }, `pattern uses \\p{…} with a property JavaScript does not know; it is not enforced`);
            else facets.patterns = [s.pattern];
          } catch (e) {
            const reason = (e as Error).message.replace(/^Invalid regular expression: /, '');
            throw this.error(at.file, [...at.pointer, 'pattern'], `pattern is not a valid regular expression: ${reason}`);
          }
        }
      }
      if (typeof s.minLength === 'number') facets.minLength = s.minLength;
      if (typeof s.maxLength === 'number') facets.maxLength = s.maxLength;
    } else if (type === 'integer' || type === 'number') {
      if (typeof s.minimum === 'number') {
        if (s.exclusiveMinimum === true) facets.minExclusive = String(s.minimum);
        else facets.minInclusive = String(s.minimum);
      }
      if (typeof s.maximum === 'number') {
        if (s.exclusiveMaximum === true) facets.maxExclusive = String(s.maximum);
        else facets.maxInclusive = String(s.maximum);
      }
      if (typeof s.exclusiveMinimum === 'number') facets.minExclusive = String(s.exclusiveMinimum);
      if (typeof s.exclusiveMaximum === 'number') facets.maxExclusive = String(s.exclusiveMaximum);
      if (s.multipleOf !== undefined) this.warn({ file: at.file, pointer: [...at.pointer, 'multipleOf'] }, '`multipleOf` is not enforced');
    }
    // int32's range is a facet like any other (as XSD built-ins get theirs): one place the validators read.
    const range = xsdType ? BUILTIN_RANGES[xsdType] : undefined;
    if (range?.[0] && facets.minInclusive === undefined && facets.minExclusive === undefined) facets.minInclusive = range[0];
    if (range?.[1] && facets.maxInclusive === undefined && facets.maxExclusive === undefined) facets.maxInclusive = range[1];
    const ref: ScalarRef = { kind: 'scalar', scalar };
    if (xsdType) ref.xsdType = xsdType;
    if (Object.keys(facets).length) ref.facets = facets;
    if (lenient) ref.lenient = true;
    return ref;
  }

  private enumRef(at: At, s: JsonObject): TypeRef {
    const values = (s.enum as Json[]).filter((v) => v !== null);
    const docs = extensionDocs(s, values);
    if (values.every((v) => typeof v === 'string')) {
      const base = typeList(s).includes('integer') || typeList(s).includes('number') ? 'string' : 'string';
      const ref = this.scalarRef(at, { ...s, enum: undefined } as unknown as JsonObject, base);
      if (ref.kind !== 'scalar') return ref;
      ref.facets = { ...ref.facets, enumeration: values.map((v, i) => enumValue(v as string, docs[i])) };
      // `type: [string, integer]` with string enum values: leniency is about the wire, keep it.
      if (typeList(s).filter((t) => t !== 'null').length === 2) ref.lenient = true;
      return ref;
    }
    if (values.every((v) => typeof v === 'number')) {
      const ref = this.scalarRef(at, { ...s, enum: undefined } as unknown as JsonObject, values.every((v) => Number.isInteger(v)) ? 'integer' : 'number');
      if (ref.kind !== 'scalar') return ref;
      ref.facets = { ...ref.facets, enumeration: values.map((v, i) => enumValue(v as number, docs[i])) };
      if (typeList(s).includes('string')) ref.lenient = true;
      return ref;
    }
    if (values.every((v) => typeof v === 'boolean')) {
      return { kind: 'scalar', scalar: 'boolean', facets: { enumeration: values.map((v, i) => enumValue(v as boolean, docs[i])) } };
    }
    return { kind: 'union', members: values.map((v) => literal(at, v, (m) => this.warn(at, m))) };
  }

  // -------------------------------------------------------------------------
  // Operations

  private loadRest(root: JsonObject): RestApi {
    const servers = Array.isArray(root.servers) ? root.servers.filter(isObject).map((s) => String(s.url ?? '')).filter(Boolean) : [];
    const security: RestSecurityScheme[] = [];
    const schemes = isObject(root.components) && isObject(root.components.securitySchemes) ? root.components.securitySchemes : {};
    for (const [name, raw] of Object.entries(schemes)) {
      const at = this.deref({ file: this.main, pointer: ['components', 'securitySchemes', name], node: raw });
      const s = at.node;
      if (!isObject(s)) continue;
      const scheme: RestSecurityScheme = { name, kind: 'other', location: at.file.modelLocation(at.pointer) };
      if (s.type === 'http' && typeof s.scheme === 'string' && s.scheme.toLowerCase() === 'bearer') scheme.kind = 'http-bearer';
      else if (s.type === 'http' && typeof s.scheme === 'string' && s.scheme.toLowerCase() === 'basic') scheme.kind = 'http-basic';
      else if (s.type === 'apiKey') {
        scheme.kind = 'api-key';
        if (s.in === 'header' || s.in === 'query' || s.in === 'cookie') scheme.in = s.in;
        if (typeof s.name === 'string') scheme.parameterName = s.name;
      } else if (s.type === 'oauth2') scheme.kind = 'oauth2';
      else if (s.type === 'openIdConnect') scheme.kind = 'openid-connect';
      else {
        if (s.type === 'http' && typeof s.scheme === 'string' && /^[\w!#$%&'*+.^`|~-]+$/.test(s.scheme)) scheme.httpScheme = s.scheme;
        this.warn(at, `security scheme type ${JSON.stringify(s.type)}${s.scheme ? ` (${s.scheme})` : ''} is passed through as a raw Authorization value`);
      }
      const doc = describe(s);
      if (doc) scheme.doc = doc;
      if (scheme.kind === 'http-bearer' && typeof s.bearerFormat === 'string') scheme.bearerFormat = s.bearerFormat;
      security.push(scheme);
    }
    const globalSecurity = this.securityRequirements({ file: this.main, pointer: ['security'], node: root.security ?? null }, schemes);

    const operations: RestOperation[] = [];
    const ids = new Set<string>();
    const explicitIds = new Set<string>();
    const paths = isObject(root.paths) ? root.paths : {};
    for (const [path, rawItem] of Object.entries(paths)) {
      if (path.startsWith('x-')) continue; // extensions are allowed next to paths
      const itemAt = this.deref({ file: this.main, pointer: ['paths', path], node: rawItem });
      const item = itemAt.node;
      if (!path.startsWith('/')) throw this.error(this.main, ['paths', path], `path ${path} must start with '/'`);
      if (!isObject(item)) throw this.error(itemAt.file, itemAt.pointer, `path item ${path} must be an object`);
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      for (const method of METHODS) {
        const raw = item[method];
        if (raw === undefined) continue;
        const opAt: At = { file: itemAt.file, pointer: [...itemAt.pointer, method], node: raw };
        if (!isObject(raw)) throw this.error(opAt.file, opAt.pointer, `operation ${method.toUpperCase()} ${path} must be an object`);
        const explicit = typeof raw.operationId === 'string' && raw.operationId ? raw.operationId : undefined;
        if (explicit && explicitIds.has(explicit)) {
          throw this.error(opAt.file, [...opAt.pointer, 'operationId'], `duplicate operationId ${explicit}: every operation needs its own`);
        }
        if (explicit) explicitIds.add(explicit);
        let id = explicit ?? deriveId(method, path);
        if (ids.has(id)) {
          // An id made up from method and path (or one an explicit id took first): number it.
          this.warn({ file: opAt.file, pointer: [...opAt.pointer, 'operationId'] }, `duplicate operationId ${id}`);
          let n = 2;
          while (ids.has(`${id}${n}`)) n++;
          id = `${id}${n}`;
        }
        ids.add(id);
        operations.push(this.operation(opAt, id, method, path, shared, itemAt, globalSecurity, schemes));
      }
    }
    this.settleStyles();
    return { servers, security, operations };
  }

  /** A `security` list (absent: undefined); every requirement must name schemes declared in `components.securitySchemes`. */
  private securityRequirements(at: At, schemes: JsonObject): RestOperation['security'] | undefined {
    const raw = at.node;
    if (raw === null) return undefined;
    if (!Array.isArray(raw)) throw this.error(at.file, at.pointer, '`security` must be a list of requirement objects');
    return raw.filter(isObject).map((req, i) =>
      Object.entries(req).map(([scheme, scopes]) => {
        if (!Object.hasOwn(schemes, scheme)) {
          throw this.error(at.file, [...at.pointer, String(i), scheme], `security requirement names scheme ${scheme}, which components.securitySchemes does not define`);
        }
        return { scheme, scopes: Array.isArray(scopes) ? scopes.map(String) : [] };
      }),
    );
  }

  private operation(
    at: At,
    id: string,
    method: RestOperation['method'],
    path: string,
    shared: Json[],
    itemAt: At,
    globalSecurity: RestOperation['security'] | undefined,
    schemes: JsonObject,
  ): RestOperation {
    const raw = at.node as JsonObject;
    const opName = typeIdentifier(id);
    const where = `${method.toUpperCase()} ${path}`;
    const op: RestOperation = {
      id,
      method,
      path,
      parameters: [],
      responses: [],
      security: this.securityRequirements({ file: at.file, pointer: [...at.pointer, 'security'], node: raw.security ?? null }, schemes) ?? globalSecurity ?? [],
    };
    op.location = at.file.modelLocation(at.pointer);
    if (typeof raw.summary === 'string') op.summary = raw.summary;
    if (typeof raw.description === 'string') op.doc = raw.description;
    if (raw.deprecated === true) op.deprecated = true;
    const keyTypes = raw['x-key-types'];
    if (keyTypes !== undefined) {
      if (!Array.isArray(keyTypes) || !keyTypes.every((k) => typeof k === 'string')) {
        throw this.error(at.file, [...at.pointer, 'x-key-types'], '`x-key-types` must be a list of key type names');
      }
      op.keyTypes = keyTypes as string[];
    }

    // Operation parameters override path-level ones with the same name and location.
    const params = new Map<string, RestParameter>();
    const templateNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const addParams = (list: Json[], base: At) => {
      list.forEach((p, i) => {
        const pAt = this.deref({ file: base.file, pointer: [...base.pointer, 'parameters', String(i)], node: p });
        const ps = this.checkParameter(pAt, path, templateNames);
        const location = ps.in as RestParameter['in'];
        const param: RestParameter = {
          name: ps.name as string,
          in: location,
          required: location === 'path' ? true : ps.required === true,
          type: { kind: 'unknown', reason: 'no schema' },
          style: defaultStyle(location),
          explode: defaultExplode(defaultStyle(location)),
          location: pAt.file.modelLocation(pAt.pointer),
        };
        if (ps.schema !== undefined) {
          param.type = this.schemaRef({ file: pAt.file, pointer: [...pAt.pointer, 'schema'], node: ps.schema }, { name: `${opName}${typeIdentifier(param.name)}` });
          this.styled.push({ param, at: pAt });
          const schema = this.deref({ file: pAt.file, pointer: [...pAt.pointer, 'schema'], node: ps.schema }).node;
          // A required parameter is always sent; a default only matters for the optional ones.
          if (isObject(schema) && schema.default !== undefined && !param.required) param.default = schema.default;
        } else if (isObject(ps.content)) {
          this.contentParameter(param, pAt, ps.content, opName);
        }
        const doc = describe(ps);
        if (doc) param.doc = doc;
        params.set(`${param.in}:${param.name}`, param);
      });
    };
    addParams(shared, itemAt);
    if (raw.parameters !== undefined) {
      if (!Array.isArray(raw.parameters)) throw this.error(at.file, [...at.pointer, 'parameters'], '`parameters` must be a list');
      addParams(raw.parameters, at);
    }
    op.parameters = [...params.values()];
    const undeclared = templateNames.find((name) => !params.has(`path:${name}`));
    if (undeclared !== undefined) throw this.error(at.file, at.pointer, `${where}: path template variable {${undeclared}} has no path parameter (add one with \`in: path\`, \`required: true\`)`);

    if (raw.requestBody !== undefined) {
      const bAt = this.deref({ file: at.file, pointer: [...at.pointer, 'requestBody'], node: raw.requestBody });
      const b = bAt.node;
      if (!isObject(b) || !isObject(b.content)) throw this.error(bAt.file, bAt.pointer, 'a requestBody needs `content`');
      const media: RestMedia[] = [];
      for (const [contentType, m] of Object.entries(b.content)) {
        const mAt: At = { file: bAt.file, pointer: [...bAt.pointer, 'content', contentType], node: m };
        const kind = mediaKind(contentType);
        if (kind === 'unsupported') {
          this.warn(mAt, `request media type ${contentType} is not supported: the client does not send it and the server answers it with 415 (supported: JSON, form, multipart/form-data, text, XML and binary types)`);
          continue;
        }
        const type = this.bodyRef({ file: bAt.file, pointer: [...mAt.pointer, 'schema'], node: isObject(m) ? (m.schema ?? {}) : {} }, `${opName}Body`);
        const entry: RestMedia = { contentType, type, location: bAt.file.modelLocation(mAt.pointer) };
        if (kind === 'text' && !this.isStringType(type)) {
          this.warn({ file: mAt.file, pointer: [...mAt.pointer, 'schema'] }, `${contentType} body: the schema is not a string, but the body is sent and received as the document's text (not written from or checked against the schema)`);
        }
        if (isObject(m) && m.encoding !== undefined) {
          if (kind !== 'form' && kind !== 'multipart') this.warn({ file: mAt.file, pointer: [...mAt.pointer, 'encoding'] }, `\`encoding\` applies only to form and multipart bodies; ignored for ${contentType}`);
          else if (isObject(m.encoding)) entry.encoding = this.encodings({ file: mAt.file, pointer: [...mAt.pointer, 'encoding'], node: m.encoding }, kind);
        }
        media.push(entry);
      }
      if (media.length) op.body = { required: b.required === true, media };
    }

    const responses = raw.responses;
    // OpenAPI 3.1 made `responses` optional; 3.0 requires it.
    if (responses === undefined && !this.version31) throw this.error(at.file, at.pointer, `${where} has no \`responses\` (required in OpenAPI 3.0)`);
    if (responses !== undefined && !isObject(responses)) throw this.error(at.file, [...at.pointer, 'responses'], '`responses` must be an object');
    for (const [status, rawResp] of Object.entries(responses ?? {})) {
      if (status.startsWith('x-')) continue;
      if (!/^(?:[1-5]\d\d|[1-5]XX|default)$/i.test(status)) {
        throw this.error(at.file, [...at.pointer, 'responses', status], `response ${status} is not an HTTP status code (100-599, 1XX-5XX or default)`);
      }
      const rAt = this.deref({ file: at.file, pointer: [...at.pointer, 'responses', status], node: rawResp });
      const r = rAt.node;
      if (!isObject(r)) throw this.error(rAt.file, rAt.pointer, `response ${status} must be an object`);
      const resp: RestResponse = { status: String(status), location: at.file.modelLocation([...at.pointer, 'responses', status]) };
      const doc = describe(r);
      if (doc) resp.doc = doc;
      if (isObject(r.content)) {
        const picked = pickMedia(r.content);
        if (picked) {
          const [contentType, media] = picked;
          resp.contentType = contentType;
          if (isObject(media) && media.schema !== undefined) {
            resp.type = this.schemaRef({ file: rAt.file, pointer: [...rAt.pointer, 'content', contentType, 'schema'], node: media.schema }, { name: `${opName}Response${typeIdentifier(String(status))}` });
          }
        }
      }
      op.responses.push(resp);
    }
    return op;
  }

  /**
   * A `content` parameter: its value is one document of the media type (JSON text for JSON), typed
   * by the media type's schema. Only in the main document: the schema types (openapi-typescript)
   * see content parameters of referenced files as strings, so those stay the text to send.
   */
  private contentParameter(param: RestParameter, at: At, content: JsonObject, opName: string): void {
    const entries = Object.entries(content);
    const first = entries[0];
    param.type = { kind: 'scalar', scalar: 'string' };
    if (!first) {
      this.warn({ file: at.file, pointer: [...at.pointer, 'content'] }, `parameter ${param.name}: \`content\` names no media type; its value is passed as a string`);
      return;
    }
    const [mediaType, media] = first;
    if (entries.length > 1) this.warn({ file: at.file, pointer: [...at.pointer, 'content'] }, `parameter ${param.name}: \`content\` must hold exactly one media type; ${mediaType} is used`);
    if (at.file !== this.main) {
      this.warn(at, `parameter ${param.name} uses \`content\` (${mediaType}) in a referenced file: its value is passed as the text to send`);
      return;
    }
    param.contentType = mediaType;
    if (isObject(media) && media.schema !== undefined) {
      param.type = this.schemaRef({ file: at.file, pointer: [...at.pointer, 'content', mediaType, 'schema'], node: media.schema }, { name: `${opName}${typeIdentifier(param.name)}` });
    }
    for (const key of ['style', 'explode', 'allowReserved']) {
      if (isObject(at.node) && at.node[key] !== undefined) this.warn({ file: at.file, pointer: [...at.pointer, key] }, `parameter ${param.name}: \`${key}\` does not apply next to \`content\` and is ignored`);
    }
  }

  /** Parameters described by a schema, waiting for their style to be checked against the value's shape (once every type is built). */
  private readonly styled: { param: RestParameter; at: At }[] = [];

  /**
   * Sets each schema parameter's style, explode and allowReserved from its parameter object. A
   * combination the specification does not define (a style at another location, deepObject for a
   * non-object, a delimited style for a single value or exploded) is a located warning and falls
   * back to what the specification defines, so client and server never disagree silently.
   */
  private settleStyles(): void {
    const byName = new Map(this.types.map((t) => [t.name, t]));
    for (const { param, at } of this.styled) {
      const raw = at.node as JsonObject;
      const where = `parameter ${param.name}`;
      const warnAt = (key: string, message: string) => this.warn({ file: at.file, pointer: raw[key] !== undefined ? [...at.pointer, key] : at.pointer }, `${where}: ${message}`);
      const fallback = defaultStyle(param.in);
      let style = fallback;
      if (raw.style !== undefined) {
        const named = raw.style;
        if (typeof named !== 'string' || !Object.hasOwn(STYLES, named)) warnAt('style', `unknown style ${JSON.stringify(named)} (expected one of ${Object.keys(STYLES).join(', ')}); ${fallback} is used`);
        else if (!STYLES[named as ParamStyle].locations.includes(param.in)) {
          warnAt('style', `style ${named} is not defined for ${param.in} parameters (only ${STYLES[named as ParamStyle].locations.join(', ')}); ${fallback} is used`);
        } else style = named as ParamStyle;
      }
      if (raw.explode !== undefined && typeof raw.explode !== 'boolean') warnAt('explode', `\`explode\` must be true or false, not ${describeValue(raw.explode)}; the style's default is used`);
      const given = typeof raw.explode === 'boolean' ? raw.explode : undefined;
      const shape = parameterShape(param.type, (name) => byName.get(name));
      if ((style === 'spaceDelimited' || style === 'pipeDelimited') && shape.shape === 'primitive') {
        warnAt('style', `style ${style} is defined for arrays and objects, not for a single value; form is used`);
        style = 'form';
      } else if ((style === 'spaceDelimited' || style === 'pipeDelimited') && given) {
        warnAt('explode', `style ${style} is not defined with explode: true; it is sent as form with explode: true (name=value per item)`);
        style = 'form';
      } else if (style === 'deepObject' && shape.shape !== 'object') {
        warnAt('style', `style deepObject is defined for objects only; form is used`);
        style = 'form';
      }
      let explode = given ?? defaultExplode(style);
      if (style === 'deepObject' && !explode) {
        warnAt('explode', 'style deepObject is not defined with explode: false; it is sent exploded (name[key]=value)');
        explode = true;
      }
      if (shape.nested.length > 0) {
        warnAt('schema', `${shape.nested.join(', ')} ${shape.nested.length > 1 ? 'are arrays or objects' : 'is an array or object'} inside the value, which no style defines; ${shape.nested.length > 1 ? 'they are' : 'it is'} sent as JSON text`);
      }
      if (raw.allowReserved === true) {
        if (param.in === 'query') param.allowReserved = true;
        else warnAt('allowReserved', `\`allowReserved\` applies to query parameters only and is ignored`);
      }
      param.style = style;
      param.explode = explode;
    }
    this.styled.length = 0;
  }

  /** A parameter object with a `name` and a known `in`; a path parameter must appear in the template and be `required: true`. */
  private checkParameter(at: At, path: string, templateNames: string[]): JsonObject {
    const p = at.node;
    if (!isObject(p)) throw this.error(at.file, at.pointer, `a parameter must be an object, not ${describeValue(p)}`);
    if (typeof p.name !== 'string') throw this.error(at.file, at.pointer, 'a parameter needs a `name`');
    if (p.in === 'body' || p.in === 'formData') {
      throw this.error(at.file, [...at.pointer, 'in'], `parameter ${p.name} has \`in: ${p.in}\`, which is Swagger 2.0; OpenAPI 3 describes the body with \`requestBody\``);
    }
    if (!PARAMETER_LOCATIONS.includes(String(p.in))) {
      throw this.error(at.file, p.in === undefined ? at.pointer : [...at.pointer, 'in'], `parameter ${p.name} needs \`in\`: path, query, header or cookie`);
    }
    if (p.in === 'path') {
      if (!templateNames.includes(p.name)) throw this.error(at.file, [...at.pointer, 'name'], `path parameter ${p.name} does not appear in the path template ${path}`);
      if (p.required !== true) throw this.error(at.file, p.required === undefined ? at.pointer : [...at.pointer, 'required'], `path parameter ${p.name} must have \`required: true\``);
    }
    return p;
  }

  /** The Encoding Objects of a form or multipart body, by property. */
  private encodings(at: At & { node: JsonObject }, kind: 'form' | 'multipart'): Record<string, RestEncoding> {
    const out: Record<string, RestEncoding> = {};
    for (const [name, raw] of Object.entries(at.node)) {
      const eAt = { file: at.file, pointer: [...at.pointer, name] };
      if (!isObject(raw)) continue;
      const e: RestEncoding = {};
      if (typeof raw.contentType === 'string') {
        // Several types (`image/png, image/jpeg`) name what may be sent; the part is labelled with the first.
        e.contentType = raw.contentType.split(',')[0]!.trim();
        if (kind === 'form') this.warn(eAt, '`contentType` of a form field is ignored (form fields are text)');
      }
      if (raw.style !== undefined || raw.explode !== undefined || raw.allowReserved !== undefined) {
        if (kind === 'multipart') this.warn(eAt, '`style`, `explode` and `allowReserved` apply to form bodies; a multipart part is written by its content type');
        else {
          const style = raw.style ?? 'form';
          if (style === 'form' || style === 'spaceDelimited' || style === 'pipeDelimited' || style === 'deepObject') e.style = style;
          else this.warn(eAt, `style ${JSON.stringify(style)} is not defined for form fields; form is used`);
          if (typeof raw.explode === 'boolean') e.explode = raw.explode;
          if (raw.allowReserved === true) e.allowReserved = true;
        }
      }
      out[name] = e;
    }
    return out;
  }

  /** Whether a body type is a string (named or not): what a text body can carry as its value. */
  private isStringType(type: TypeRef): boolean {
    const bare = stripNull(type);
    if (bare.kind === 'scalar') return bare.scalar === 'string' || bare.scalar === 'anyURI';
    if (bare.kind === 'named') {
      const t = this.types.find((n) => n.name === bare.name);
      if (t?.kind === 'scalar') return this.isStringType(t.type);
      if (t?.kind === 'union') return t.members.every((m) => this.isStringType(m));
    }
    return false;
  }

  /** A request body is always a named type, so the server has one validator to call. */
  private bodyRef(at: At, name: string): TypeRef {
    const ref = this.schemaRef(at, { name });
    const bare = stripNull(ref);
    if (bare.kind === 'named') return ref;
    const claimed = this.claimName(name);
    const location = at.file.modelLocation(at.pointer);
    const doc = isObject(at.node) ? describe(at.node) : undefined;
    let type: NamedType;
    if (ref.kind === 'array') type = { kind: 'array', name: claimed, doc, location, type: ref };
    else if (ref.kind === 'scalar') type = { kind: 'scalar', name: claimed, doc, location, type: ref };
    else if (ref.kind === 'union') type = { kind: 'union', name: claimed, doc, location, members: ref.members };
    else type = { kind: 'union', name: claimed, doc, location, members: [ref] };
    this.types.push(type);
    return { kind: 'named', name: claimed };
  }
}

const SCHEMA_KEYWORDS = new Set([
  'type', 'enum', 'const', 'properties', 'additionalProperties', 'items', 'prefixItems', 'allOf', 'oneOf', 'anyOf', 'not', 'required',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'format', 'minItems',
  'maxItems', 'uniqueItems', 'patternProperties', 'propertyNames', 'minProperties', 'maxProperties', 'nullable', 'discriminator', '$ref',
  'contains', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas',
]);

const STRING_FORMATS: Record<string, ScalarKind> = {
  date: 'date',
  'date-time': 'dateTime',
  time: 'time',
  duration: 'duration',
  byte: 'base64Binary',
  uri: 'anyURI',
  'uri-reference': 'anyURI',
};

function typeList(s: JsonObject): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === 'string');
  return [];
}

function describe(s: JsonObject): string | undefined {
  if (typeof s.description === 'string' && s.description.trim()) return s.description;
  if (typeof s.title === 'string' && s.title.trim()) return s.title;
  return undefined;
}

/** `x-enum-descriptions` / `x-enumDescriptions`: documentation per enumeration value. */
function extensionDocs(s: JsonObject, values: Json[]): (string | undefined)[] {
  const raw = s['x-enum-descriptions'] ?? s['x-enumDescriptions'];
  if (Array.isArray(raw)) return values.map((_, i) => (typeof raw[i] === 'string' ? (raw[i] as string) : undefined));
  if (isObject(raw)) return values.map((v) => (typeof raw[String(v)] === 'string' ? (raw[String(v)] as string) : undefined));
  return values.map(() => undefined);
}

function enumValue(value: string | number | boolean, doc: string | undefined): EnumValue {
  return doc ? { value, doc } : { value };
}

function literal(_at: At, value: Json, warn: (m: string) => void): TypeRef {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { kind: 'literal', value };
  warn('an object or array `const`/`enum` value is not supported; any value is accepted');
  return { kind: 'unknown', reason: 'structured constant' };
}

function withNull(ref: TypeRef): TypeRef {
  if (ref.kind === 'union' && ref.members.some((m) => m.kind === 'literal' && m.value === null)) return ref;
  if (ref.kind === 'unknown') return ref;
  return { kind: 'union', members: [ref, { kind: 'literal', value: null }] };
}

function stripNull(ref: TypeRef): TypeRef {
  if (ref.kind !== 'union') return ref;
  const members = ref.members.filter((m) => !(m.kind === 'literal' && m.value === null));
  if (members.length === ref.members.length) return ref;
  return members.length === 1 ? members[0]! : { kind: 'union', members };
}

/** A discriminator mapping value that is a schema name, not a reference: no `#` and no `/`. */
export function isSchemaName(value: string): boolean {
  return !value.includes('#') && !value.includes('/');
}

/** Prefers JSON, then any `+json`, then text, then the first declared. */
function pickMedia(content: JsonObject): [string, Json] | undefined {
  const entries = Object.entries(content);
  return (
    entries.find(([t]) => /^application\/json\b/i.test(t)) ??
    entries.find(([t]) => /[/+]json\b/i.test(t)) ??
    entries.find(([t]) => /^text\//i.test(t)) ??
    entries[0]
  );
}

/** `get /users/{id}/repos` → `getUsersIdRepos`. */
function deriveId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}
