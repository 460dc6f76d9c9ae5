/**
 * Readers for inner XML documents (`cg:document`) that generated codecs share:
 * a document carried in a string, several roots in one string, or a document
 * as an element's content. Every problem with such a document (not XML, not
 * well-formed, over a parser limit, wrong root) is a {@link DecodeError} at the
 * carrying field's path, so a server answers it as the caller's mistake;
 * except for `cg:documentOrText` strings, where anything that is not a declared
 * document is the plain text that came in its place.
 *
 * Copied verbatim into generated code: imports only sibling runtime files.
 * @module
 */
import { DecodeError } from './values.ts';
import { parseXml, XmlParseError, type XmlElement } from './xml.ts';

/** Parses inner-document text; a parse failure (syntax, DTD, limits) is a DecodeError at `path`. */
function parseInner(text: string, path: string): XmlElement {
  try {
    return parseXml(text);
  } catch (e) {
    if (e instanceof XmlParseError) throw new DecodeError(path, `malformed XML document: ${e.message}`);
    throw e;
  }
}

/** Checks that a document's root element has the expected name. */
export function expectRoot(root: XmlElement, ns: string, local: string, path: string): void {
  if (root.local !== local || root.ns !== ns) {
    throw new DecodeError(path, `expected a document {${ns}}${local}, found {${root.ns}}${root.local}`);
  }
}

/** The single child element that carries an embedded document. */
export function firstElement(el: XmlElement, path: string): XmlElement {
  const first = el.children[0];
  if (!first) throw new DecodeError(path, 'expected an XML document inside the element');
  return first;
}

/** Parses a document carried in a string; services answer plain text (an error message) in its place, which is reported as such. */
export function parseDocument(text: string, path: string): XmlElement {
  if (!text.trimStart().startsWith('<')) throw new DecodeError(path, `expected an XML document, got text: ${JSON.stringify(text.slice(0, 200))}`);
  return parseInner(text, path);
}

/** Parses a string holding several root elements one after another (an XML fragment). */
export function parseFragment(text: string, path: string): XmlElement[] {
  const body = text.replace(/^\s*<\?xml[^>]*\?>/, '');
  if (body.trim() !== '' && !body.trimStart().startsWith('<')) {
    throw new DecodeError(path, `expected XML elements, got text: ${JSON.stringify(body.slice(0, 200))}`);
  }
  return parseInner(`<fragment>${body}</fragment>`, path).children;
}

/** A root a document may have: namespace URI and local name. */
export type DocumentRoot = readonly [ns: string, local: string];

/** A `cg:documentOrText` value: the document, or the plain text (an error message) sent in its place. */
export type DocumentOrText<D> = { document: D } | { text: string };

function declared(root: XmlElement, roots: readonly DocumentRoot[]): boolean {
  return roots.some(([ns, local]) => root.ns === ns && root.local === local);
}

/** Parses `text` if it can only be meant as XML; `undefined` for anything that is not well-formed. */
function tryParse(text: string): XmlElement | undefined {
  try {
    return parseXml(text);
  } catch (e) {
    if (e instanceof XmlParseError) return undefined;
    throw e;
  }
}

/**
 * Reads a string holding a document with one of `roots`, or plain text in its place. It is the
 * document when its first non-blank character is `<`, it is well-formed and its root is declared;
 * anything else (a message, even one containing `<`, or an undeclared root) is text, kept as sent.
 * A declared root with wrong content is a {@link DecodeError}: that is a broken document, not a message.
 */
export function readDocumentOrText<D>(text: string, path: string, roots: readonly DocumentRoot[], decode: (root: XmlElement, path: string) => D): DocumentOrText<D> {
  const root = text.trimStart().startsWith('<') ? tryParse(text) : undefined;
  return root && declared(root, roots) ? { document: decode(root, path) } : { text };
}

/** {@link readDocumentOrText} for `cg:documentList` strings: a blank string is the empty list, and every root must be declared. */
export function readDocumentListOrText<D>(text: string, path: string, roots: readonly DocumentRoot[], decode: (root: XmlElement, path: string) => D): DocumentOrText<D[]> {
  const body = text.replace(/^\s*<\?xml[^>]*\?>/, '');
  if (body.trim() === '') return { document: [] };
  const fragment = body.trimStart().startsWith('<') ? tryParse(`<fragment>${body}</fragment>`) : undefined;
  // Words between the roots mean a message that merely contains markup.
  if (!fragment || fragment.text.trim() !== '' || !fragment.children.every((root) => declared(root, roots))) return { text };
  return { document: fragment.children.map((root, i) => decode(root, `${path}/${i}`)) };
}
