/**
 * Readers for inner XML documents (`cg:document`) that generated codecs share:
 * a document carried in a string, several roots in one string, or a document
 * as an element's content. Every problem with such a document (not XML, not
 * well-formed, over a parser limit, wrong root) is a {@link DecodeError} at the
 * carrying field's path, so a server answers it as the caller's mistake.
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
