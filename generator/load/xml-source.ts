/**
 * Reading XML spec files (WSDL, XSD) with positions, so every diagnostic can
 * say file:line:col. Uses the same parser the generated runtime ships.
 */
import { readFileSync } from 'node:fs';
import { parseXml, resolveQName, XmlParseError, type XmlElement } from '../runtime/xml.ts';
import type { Diagnostic, QName, SourceLocation } from '../model/model.ts';

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
export const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
export const SOAP11_BINDING_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
export const SOAP12_BINDING_NS = 'http://schemas.xmlsoap.org/wsdl/soap12/';
export const HTTP_BINDING_NS = 'http://schemas.xmlsoap.org/wsdl/http/';
export const SOAP_ENC_NS = 'http://schemas.xmlsoap.org/soap/encoding/';
/** Our own annotation namespace (`cg:document`, `cg:map`), see the README. */
export const CG_NS = 'urn:contract-gen:v1';

/** A parsed spec file: its text (for positions) and root element. */
export interface XmlSource {
  file: string;
  text: string;
  root: XmlElement;
}

/** A spec that cannot be loaded: the message already carries file:line:col. */
export class SpecError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'SpecError';
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  return `${where}${d.severity}: ${d.message}`;
}

/** Reads and parses an XML spec file; a read or well-formedness failure becomes a located SpecError. */
export function readXmlSource(file: string, displayName: string): XmlSource {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new SpecError([{ severity: 'error', message: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, location: { file: displayName, line: 1, column: 1 } }]);
  }
  let text = decodeUtf8(bytes, displayName);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    // Specs can be large (thousands of operations); the limits guard the runtime, not us.
    const root = parseXml(text, { maxBytes: 512 * 1024 * 1024, maxElements: 50_000_000, maxDepth: 1_000 });
    return { file: displayName, text, root };
  } catch (error) {
    if (error instanceof XmlParseError) {
      throw new SpecError([{ severity: 'error', message: `not well-formed XML: ${error.message}`, location: { file: displayName, line: error.line, column: error.column } }]);
    }
    throw error;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a UTF-8 spec file (WSDL, XSD, OpenAPI). Other bytes are an error at the first of them, rather than U+FFFD slipping into names and types. */
export function decodeUtf8(bytes: Uint8Array, display: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < bad; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = UTF8.decode(bytes.subarray(lineStart, bad)).length + 1;
    const hex = bytes[bad]?.toString(16).toUpperCase().padStart(2, '0') ?? 'end of file';
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    const message = utf16 ? 'the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8' : `invalid UTF-8: byte 0x${hex} does not start a valid UTF-8 character (is the file in another encoding?)`;
    throw new SpecError([{ severity: 'error', message, location: { file: display, line, column } }]);
  }
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence (only called once decoding has failed). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      // The fatal decoder judges the rest (continuation bytes, overlong forms, surrogates).
      UTF8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

const lineStarts = new WeakMap<XmlSource, number[]>();

/** The location of an element in its source (line starts are indexed once per file, then binary-searched). */
export function locate(source: XmlSource, el: XmlElement): SourceLocation {
  let starts = lineStarts.get(source);
  if (!starts) {
    starts = [0];
    for (let i = source.text.indexOf('\n'); i !== -1; i = source.text.indexOf('\n', i + 1)) starts.push(i + 1);
    lineStarts.set(source, starts);
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= el.pos) lo = mid;
    else hi = mid - 1;
  }
  return { file: source.file, line: lo + 1, column: el.pos - starts[lo]! + 1 };
}

/** Child elements in a namespace, optionally with a given local name. */
export function childrenOf(el: XmlElement, ns: string, local?: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && (local === undefined || c.local === local));
}

export function firstChild(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ns && c.local === local);
}

/** An un-namespaced attribute. */
export function attr(el: XmlElement, name: string): string | undefined {
  return el.attrs[name];
}

/** A namespaced attribute, e.g. `cg:document`. */
export function nsAttr(el: XmlElement, ns: string, local: string): string | undefined {
  return el.attrs[`{${ns}}${local}`];
}

/** Resolves a QName-valued attribute against the element's in-scope namespaces. */
export function qnameAttr(el: XmlElement, value: string): QName | undefined {
  return resolveQName(el, value.trim());
}

/** The text of `xs:annotation/xs:documentation` or `wsdl:documentation` children, if any. */
export function documentation(el: XmlElement): string | undefined {
  const parts: string[] = [];
  for (const c of el.children) {
    if (c.ns === WSDL_NS && c.local === 'documentation') parts.push(c.text);
    if (c.ns === XSD_NS && c.local === 'annotation') {
      for (const d of childrenOf(c, XSD_NS, 'documentation')) parts.push(d.text);
    }
  }
  const text = parts.map((p) => p.trim()).filter(Boolean).join('\n\n');
  return text || undefined;
}
