/**
 * The TypeScript-printing helpers every emitter shares: ts-morph structure
 * printing, TSDoc from spec documentation, and safe names and literals.
 */
import { printStructure, StructureKind, type JSDocStructure, type OptionalKind, type StatementStructures, type WriterFunction } from 'ts-morph';

/** One output file, path relative to the API's output folder. */
export interface EmittedFile {
  path: string;
  text: string;
}

/**
 * Prints statements to a source file's text with the standard header
 * (two-space indentation, single quotes).
 */
export function printSourceFile(
  path: string,
  header: string,
  statements: (string | WriterFunction | StatementStructures)[],
): EmittedFile {
  // Printing the structure directly skips building (and parsing) a source file: most of gen's time otherwise.
  let text = printStructure({ kind: StructureKind.SourceFile, statements: [header, ...spaced(statements)] }, { indentNumberOfSpaces: 2, useSingleQuote: true });
  if (!text.endsWith('\n')) text += '\n';
  return { path, text: markUnusedParameters(pruneUnusedConstants(pruneUnusedImports(text))) };
}

/** The text with string literals and comments blanked, so a word search finds only code. */
function codeOnly(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`/g, (m) => (m[0] === '`' ? '``' : m[0] === '/' ? ' ' : "''"));
}

/** Whether `word` occurs as an identifier (not as a property name after `.`; a spread `...word` counts). */
const usesWord = (code: string, word: string): boolean => new RegExp(`(?<![\\w$])(?:(?<=\\.\\.\\.)|(?<!\\.))${word.replace(/\$/g, '\\$')}(?![\\w$])`).test(code);

/**
 * Drops the names of `import { … }` lines that the file never uses. Emitters import the helpers a
 * kind of file may need; which of them one contract needs is only known once its code is written,
 * and consumers compile the output with `noUnusedLocals` (their flags, not ours).
 */
function pruneUnusedImports(text: string): string {
  const code = codeOnly(text.replace(/^(?:import (?:type )?(?:\{[^}]*\}|\* as \w+)|export (?:type )?\{[^}]*\}) from '[^']*';$/gm, ''));
  return text.replace(/^import (type )?\{([^}]*)\} from ('[^']*');\n/gm, (_line, typeOnly: string | undefined, names: string, from: string) => {
    const kept = names.split(',').map((n) => n.trim()).filter((n) => n && usesWord(code, n.replace(/^type\s+/, '').replace(/^.*\sas\s+/, '')));
    return kept.length ? `import ${typeOnly ?? ''}{ ${kept.join(', ')} } from ${from};\n` : '';
  }).replace(/^import (?:type )?\* as (\w+) from '[^']*';\n/gm, (line, name: string) => (usesWord(code, name) ? line : ''));
}

/** Drops top-level, unexported string constants nobody reads (namespace constants are declared for every namespace of a contract). */
function pruneUnusedConstants(text: string): string {
  const declaration = /^const (\w+) = '[^'\\\n]*';\n/gm;
  const code = codeOnly(text.replace(declaration, ''));
  return text.replace(declaration, (line, name: string) => (usesWord(code, name) ? line : ''));
}

/**
 * Prefixes `_` to the parameters a top-level function never reads. Codec and validator functions
 * share one signature per kind (callers pass every argument), but some bodies need only part of it;
 * `noUnusedParameters` accepts a parameter whose name starts with `_`.
 */
function markUnusedParameters(text: string): string {
  return text.replace(/^((?:export )?(?:async )?function \w+\()([^)]*)(\)[^\n]*\{\n)([\s\S]*?\n)(?=\}\n)/gm, (_m, head: string, params: string, tail: string, body: string) => {
    return head + markUnused(params.split(', '), body).join(', ') + tail + body;
  });
}

/** Parameters (`name` or `name: type`) with `_` prefixed to those `body` never reads. */
export function markUnused(params: string[], body: string): string[] {
  const code = codeOnly(body);
  return params.map((p) => {
    const name = /^\w+/.exec(p)?.[0];
    return name && !name.startsWith('_') && !usesWord(code, name) ? `_${p}` : p;
  });
}

const isImportLike = (s: unknown): boolean => typeof s === 'string' && /^(import|export (\*|\{|type \{|type \*))/.test(s);

/** A blank line between statements, except inside a run of imports and re-exports. */
function spaced(statements: (string | WriterFunction | StatementStructures)[]): (string | WriterFunction | StatementStructures)[] {
  const out: (string | WriterFunction | StatementStructures)[] = [];
  statements.forEach((statement, i) => {
    if (i > 0 && typeof statement !== 'object' && !(isImportLike(statement) && isImportLike(statements[i - 1]))) out.push((w) => w.blankLineIfLastNot());
    out.push(statement);
  });
  return out;
}

/** What every client module re-exports so callers can choose how requests are sent (fetch, node:http, retries). */
export const TRANSPORT_EXPORTS = `export { defaultTransport, fetchTransport, nodeTransport, TransportError, withRetries, type HttpRequest, type HttpResponse, type Transport } from '../runtime/http.js';`;

/** The first line of every generated file: where it came from and that it is generated. */
export function generatedHeader(source: string, what: string): string {
  return `/**\n * ${what}\n *\n * Generated by contract-gen from \`${source}\`. Do not edit: change the spec and run \`gen\`.\n * @packageDocumentation\n */`;
}

/**
 * TSDoc for a declaration: spec documentation plus optional tags. Returns an
 * empty list when there is nothing to say, so callers can spread it.
 */
export function tsDoc(doc: string | undefined, tags: { tagName: string; text?: string }[] = []): OptionalKind<JSDocStructure>[] {
  const description = doc === undefined ? '' : cleanDoc(doc);
  if (!description && tags.length === 0) return [];
  return [{ description: tags.length && description ? `${description}\n` : description, tags: tags.map((t) => ({ tagName: t.tagName, text: t.text ? (t.text.startsWith('\n') ? '\n' : '') + cleanDoc(t.text) : undefined })) }];
}

/** Normalises spec prose for a comment: trims, collapses runs of blank lines, and keeps `*\/` from closing it. */
export function cleanDoc(doc: string): string {
  return doc
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\*\//g, '*\\/')
    .trim();
}

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private ' +
    'protected public static yield any boolean number string symbol type from of await async constructor object undefined never unknown')
    .split(' '),
);

/** Globals a generated type must not shadow, since generated code uses them. */
const GLOBAL_TYPES = new Set(
  'Array Boolean Date Error Function Map Number Object Promise Record RegExp Set String Symbol Partial Required Readonly Pick Omit Exclude Extract Uint8Array Buffer URL JSON Math Infinity NaN'.split(' '),
);

/** A PascalCase identifier for a type or class, from any spec name. */
export function typeIdentifier(name: string): string {
  const words = splitWords(name);
  let id = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  if (!id) id = 'Anonymous';
  if (/^[0-9]/.test(id)) id = `T${id}`;
  return RESERVED.has(id.toLowerCase()) || GLOBAL_TYPES.has(id) ? `${id}Type` : id;
}

/** A camelCase identifier for a function, method or variable, from any spec name. */
export function valueIdentifier(name: string): string {
  const pascal = typeIdentifier(name);
  // Keep acronym prefixes readable: `GetURL` → `getURL`, `URLPath` → `urlPath`.
  const match = /^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)/.exec(pascal);
  const lead = match && match[0].length > 1 ? match[0].length : 1;
  const id = pascal.slice(0, lead).toLowerCase() + pascal.slice(lead);
  return RESERVED.has(id) ? `${id}_` : id;
}

function splitWords(name: string): string[] {
  return name
    .replace(/[^A-Za-z0-9_]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** A property key: bare when it is a valid identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : stringLiteral(name);
}

/** A single-quoted string literal. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

/** Property access for generated code: `o.name` or `o['na-me']`. */
export function propertyAccess(object: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${object}.${name}` : `${object}[${stringLiteral(name)}]`;
}

/**
 * Gives each name a unique identifier: the first keeps the plain form, later
 * clashes get a numeric suffix. Deterministic for a given input order.
 */
export class NameTable {
  private readonly used = new Set<string>();
  claim(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.used.has(id); n++) id = `${wanted}${n}`;
    this.used.add(id);
    return id;
  }
}
