/**
 * Request bodies of every media type a generated REST client sends and a generated server reads:
 * JSON, `application/x-www-form-urlencoded`, `multipart/form-data`, text (`text/*`, XML) and binary.
 * Both directions read the same per-operation {@link BodySpec} table; form fields and multipart
 * text parts are written and read by the parameter runtime (`params.ts`), so a form field is
 * coerced exactly like a query parameter. No Node imports: the client runtime stays browser-safe.
 * Copied verbatim into `generated/runtime/`.
 * @module
 */
import { serializeParameter, type ParamSpec } from './params.js';

/** How a media type is carried; `unsupported` ones are warned about by `gen` and left out of the tables. */
export type MediaKind = 'json' | 'form' | 'multipart' | 'text' | 'binary' | 'unsupported';

/** Kinds already worked out: servers ask for every request, of the few types their tables name. */
const KINDS = new Map<string, MediaKind>();

/** The kind of a media type (parameters such as `charset` ignored). */
export function mediaKind(contentType: string): MediaKind {
  let kind = KINDS.get(contentType);
  if (kind === undefined) {
    kind = classify(contentType.split(';')[0]!.trim().toLowerCase());
    if (KINDS.size < 256) KINDS.set(contentType, kind);
  }
  return kind;
}

function classify(type: string): MediaKind {
  if (type === 'application/json' || type.endsWith('+json') || /^application\/[\w.-]*json$/.test(type)) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'multipart/form-data') return 'multipart';
  if (type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml') || type === 'application/yaml' || type === 'application/x-yaml') return 'text';
  if (/^(application|image|audio|video|font|model)\/[\w.+*-]+$/.test(type) || type === '*/*') return 'binary';
  return 'unsupported';
}

/** A file in a multipart body: what the server hands over, and one of the shapes a client may send. */
export interface FilePart {
  /** The part's `filename` (client default: the field name). */
  filename?: string;
  /** The part's `Content-Type` (client default: the Blob's type, else `application/octet-stream`). */
  contentType?: string;
  /** The content; the server always gives bytes. */
  data: Uint8Array | Blob | string;
}

/**
 * A binary value (`type: string, format: binary`): a string (sent as UTF-8), bytes, a Blob/File,
 * or a {@link FilePart}. A server hands over a `Uint8Array` for an octet-stream body and a
 * `FilePart` (with `data` a `Uint8Array`) for a multipart file part.
 */
export type BinaryValue = string | Uint8Array | Blob | FilePart;

/** One documented media type of a request body, as the client and server tables describe it. */
export interface MediaSpec {
  /** The media type as documented, e.g. `multipart/form-data`. */
  type: string;
  /**
   * Form and multipart: the object's properties as parameters (`in: 'query'`, style and explode
   * from the `encoding` object; a JSON multipart part as `content`), and on the server their kinds.
   */
  fields?: readonly ParamSpec[];
  /** Multipart: per-part media types from `encoding` (`contentType`), by property. */
  parts?: Readonly<Record<string, string>>;
  /** Server: checks the decoded value against the schema (absent for text bodies of a non-string schema). */
  validate?: (value: unknown, path: string, issues: { path: string; code: string; message: string }[]) => void;
}

/** An operation's request body: required or not, and its media types in document order (the first is the default). */
export interface BodySpec {
  required?: boolean;
  media: readonly MediaSpec[];
}

/** A request body ready to send. */
export interface EncodedBody {
  body: string | Uint8Array;
  contentType: string;
}

/**
 * The media type a call sends: the caller's choice (by documented name, parameters ignored) or the
 * first documented one.
 */
export function chooseMedia(spec: BodySpec, operation: string, chosen?: string): MediaSpec {
  if (chosen === undefined) return spec.media[0]!;
  const want = chosen.split(';')[0]!.trim().toLowerCase();
  const media = spec.media.find((m) => m.type.toLowerCase() === want);
  if (!media) throw new TypeError(`${operation}: ${chosen} is not a documented request media type (documented: ${spec.media.map((m) => m.type).join(', ')})`);
  return media;
}

/** Writes `value` as a body of `media`; `contentType` is what the Content-Type header says (with its boundary for multipart). */
export function encodeBody(media: MediaSpec, value: unknown, operation: string, contentType: string = media.type): EncodedBody {
  switch (mediaKind(media.type)) {
    case 'json':
      return { body: JSON.stringify(value), contentType };
    case 'form':
      return { body: encodeForm(media, value, operation), contentType };
    case 'multipart':
      return encodeMultipart(media, value, operation);
    case 'text':
      if (typeof value !== 'string') throw new TypeError(`${operation}: a ${media.type} body is a string (the document as text), got ${typeName(value)}`);
      return { body: value, contentType };
    default: {
      const bytes = binaryBytes(value);
      if (bytes === undefined) throw new TypeError(`${operation}: a ${media.type} body is bytes (Uint8Array), a string or a Blob, got ${typeName(value)}`);
      const blobType = typeof Blob !== 'undefined' && value instanceof Blob ? value.type : '';
      // A media range (`image/*`) is not a Content-Type: the Blob's own type, else octet-stream.
      const type = contentType.includes('*') ? blobType || 'application/octet-stream' : contentType;
      return { body: bytes, contentType: type };
    }
  }
}

/** `application/x-www-form-urlencoded`: each property written like a query parameter of its encoding's style (default form, exploded). */
function encodeForm(media: MediaSpec, value: unknown, operation: string): string {
  const object = record(value, media, operation);
  const pairs: string[] = [];
  const declared = new Set<string>();
  for (const field of media.fields ?? []) {
    declared.add(field.name);
    const text = serializeParameter(field, object[field.name]);
    if (text !== undefined && text !== '') pairs.push(text);
  }
  for (const [name, v] of Object.entries(object)) {
    if (declared.has(name) || v === undefined) continue;
    const text = serializeParameter({ name, in: 'query' }, v);
    if (text !== undefined && text !== '') pairs.push(text);
  }
  // The query writer leaves `%20` for a space; the form syntax also allows `+`, which is what browsers send: both are read back alike.
  return pairs.join('&');
}

/**
 * `multipart/form-data` (RFC 7578), written by hand rather than through the platform's `FormData`:
 * FormData cannot give a non-file part its own Content-Type (a JSON part would have to become a
 * file named `blob`), and its serialization is only reachable asynchronously through `Response`.
 * Files: Blob/File, Uint8Array or {@link FilePart}; objects as JSON (or the `encoding` type);
 * arrays as repeated parts; other values as text.
 */
function encodeMultipart(media: MediaSpec, value: unknown, operation: string): EncodedBody {
  const object = record(value, media, operation);
  const boundary = `----contract-gen-${randomToken()}`;
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const part = (name: string, v: unknown): void => {
    if (v === undefined) return;
    const declared = media.parts?.[name];
    let headers = `Content-Disposition: form-data; name="${quote(name)}"`;
    let content: Uint8Array;
    const file = filePart(v, name);
    if (file) {
      headers += `; filename="${quote(file.filename)}"\r\nContent-Type: ${declared && !declared.includes('*') ? declared : file.contentType}`;
      content = file.data;
    } else if (typeof v === 'object' && v !== null) {
      headers += `\r\nContent-Type: ${declared ?? 'application/json'}`;
      content = encoder.encode(JSON.stringify(v));
    } else {
      if (declared) headers += `\r\nContent-Type: ${declared}`;
      content = encoder.encode(String(v));
    }
    chunks.push(encoder.encode(`--${boundary}\r\n${headers}\r\n\r\n`), content, encoder.encode('\r\n'));
  };
  for (const [name, v] of Object.entries(object)) {
    // An array of files or scalars is one part per item; one holding objects (or whose encoding asks for JSON) is one JSON part, as the server reads it.
    const repeat = Array.isArray(v) && !/json/i.test(media.parts?.[name] ?? '') && v.every((item) => typeof item !== 'object' || item === null || filePart(item, name) !== undefined);
    if (repeat) (v as unknown[]).forEach((item) => part(name, item));
    else part(name, v);
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return { body: concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A file to send, or undefined when `v` is not one. Blob contents are read synchronously only when already bytes, so Blobs are read by {@link resolveBlobs} first. */
function filePart(v: unknown, name: string): { filename: string; contentType: string; data: Uint8Array } | undefined {
  if (v instanceof Uint8Array) return { filename: name, contentType: 'application/octet-stream', data: v };
  if (isResolvedBlob(v)) return { filename: v.name ?? name, contentType: v.type || 'application/octet-stream', data: v.bytes };
  if (typeof v === 'object' && v !== null && 'data' in v) {
    const f = v as FilePart;
    const data = typeof f.data === 'string' ? new TextEncoder().encode(f.data) : isResolvedBlob(f.data) ? f.data.bytes : f.data instanceof Uint8Array ? f.data : undefined;
    const blob = isResolvedBlob(f.data) ? f.data : undefined;
    if (data) return { filename: f.filename ?? blob?.name ?? name, contentType: f.contentType ?? (blob?.type || 'application/octet-stream'), data };
  }
  return undefined;
}

const RESOLVED = Symbol('contract-gen.blob');
interface ResolvedBlob {
  [RESOLVED]: true;
  name?: string;
  type: string;
  bytes: Uint8Array;
}
const isResolvedBlob = (v: unknown): v is ResolvedBlob => typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[RESOLVED] === true;

/**
 * The value with every Blob (or File) in it, at the top level, in an object's properties, in
 * their arrays or in a {@link FilePart}, replaced by its bytes, name and type: Blob contents can only
 * be read asynchronously, the encoders above are synchronous.
 */
export async function resolveBlobs(value: unknown): Promise<unknown> {
  if (typeof Blob === 'undefined') return value;
  const one = async (v: unknown): Promise<unknown> => {
    if (v instanceof Blob) {
      const resolved: ResolvedBlob = { [RESOLVED]: true, type: v.type, bytes: new Uint8Array(await v.arrayBuffer()) };
      const name = (v as { name?: unknown }).name;
      if (typeof name === 'string') resolved.name = name;
      return resolved;
    }
    if (typeof v === 'object' && v !== null && 'data' in v && (v as FilePart).data instanceof Blob) return { ...(v as FilePart), data: await one((v as FilePart).data) };
    return v;
  };
  if (value instanceof Blob) return one(value);
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = Array.isArray(v) ? await Promise.all(v.map(one)) : await one(v);
  return out;
}

/** Bytes of a binary body: a Uint8Array as is, a string as UTF-8, a (resolved) Blob's content. */
function binaryBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (isResolvedBlob(value)) return value.bytes;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return undefined;
}

function record(value: unknown, media: MediaSpec, operation: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${operation}: a ${media.type} body is an object (its fields), got ${typeName(value)}`);
  return value as Record<string, unknown>;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** A name or filename inside a quoted Content-Disposition parameter: quotes and line breaks percent-encoded, as browsers do (WHATWG). */
function quote(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function randomToken(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
