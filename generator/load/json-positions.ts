/**
 * Line and column of a JSON pointer in a large JSON text, without building a positioned AST.
 *
 * Large JSON documents are parsed with `JSON.parse` (a YAML AST of 13 MB costs seconds and
 * gigabytes), so positions are found in the text afterwards, and only for the nodes someone asks
 * about: a diagnostic, or a finding of `gen breaking`. Each container is scanned once, the first
 * time a pointer goes through it, and its children's offsets are kept; the newline table is built
 * once. A thousand lookups in GitHub's description cost about one pass over the text.
 */
import type { SourceLocation } from '../model/model.ts';

interface Child {
  /** Offset of the member's key (objects) or of the element (arrays): where a reader should look. */
  at: number;
  /** Offset of the member's value, where a deeper pointer continues. */
  value: number;
}

export class JsonPositions {
  private readonly containers = new Map<number, Map<string, Child>>();
  private newlines?: number[];

  constructor(
    private readonly text: string,
    private readonly display: string,
  ) {}

  /** Location of the node at `pointer`, or of its nearest existing ancestor. */
  locate(pointer: readonly (string | number)[]): SourceLocation {
    return this.location(this.offsetOf(pointer));
  }

  /**
   * A location whose line and column are computed when first read. Loaders attach one to every
   * operation, type and field; only the few that get reported are ever resolved. The getters are
   * own enumerable properties, so spreading or serialising the location resolves it.
   */
  lazy(pointer: readonly (string | number)[]): SourceLocation {
    let resolved: SourceLocation | undefined;
    const resolve = () => (resolved ??= this.locate(pointer));
    const location = { file: this.display } as SourceLocation;
    Object.defineProperty(location, 'line', { enumerable: true, get: () => resolve().line });
    Object.defineProperty(location, 'column', { enumerable: true, get: () => resolve().column });
    return location;
  }

  private offsetOf(pointer: readonly (string | number)[]): number {
    let value = this.skipSpace(0);
    let found = value;
    for (const segment of pointer) {
      const child = this.children(value)?.get(String(segment));
      if (!child) break;
      found = child.at;
      value = child.value;
    }
    return found;
  }

  /** Children of the object or array starting at `offset` (undefined for a scalar), scanned once. */
  private children(offset: number): Map<string, Child> | undefined {
    const open = this.text[offset];
    if (open !== '{' && open !== '[') return undefined;
    let children = this.containers.get(offset);
    if (children) return children;
    children = new Map();
    this.containers.set(offset, children);
    const text = this.text;
    let i = this.skipSpace(offset + 1);
    for (let index = 0; i < text.length && text[i] !== '}' && text[i] !== ']'; index++) {
      const at = i;
      let key = String(index);
      if (open === '{') {
        if (text[i] !== '"') break;
        const end = this.skipString(i);
        key = readKey(text, i, end);
        i = this.skipSpace(end);
        if (text[i] !== ':') break;
        i = this.skipSpace(i + 1);
      }
      children.set(key, { at, value: i });
      i = this.skipSpace(this.skipValue(i));
      if (text[i] === ',') i = this.skipSpace(i + 1);
    }
    return children;
  }

  private skipSpace(i: number): number {
    const text = this.text;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    return i;
  }

  /** Offset just past the string starting at `i` (a `"`). */
  private skipString(i: number): number {
    const text = this.text;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return i + 1;
      i += c === 0x5c ? 2 : 1;
    }
    return i;
  }

  /** Offset just past the value starting at `i`. */
  private skipValue(i: number): number {
    const text = this.text;
    const first = text[i];
    if (first === '"') return this.skipString(i);
    if (first !== '{' && first !== '[') {
      while (i < text.length && !',}] \t\r\n'.includes(text[i]!)) i++;
      return i;
    }
    let depth = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i = this.skipString(i);
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }

  private location(offset: number): SourceLocation {
    const newlines = (this.newlines ??= newlineOffsets(this.text));
    // The number of newlines before `offset`, by binary search.
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (newlines[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    const lineStart = low === 0 ? 0 : newlines[low - 1]! + 1;
    return { file: this.display, line: low + 1, column: offset - lineStart + 1 };
  }
}

function readKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return raw;
  }
}

function newlineOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) offsets.push(i);
  return offsets;
}
