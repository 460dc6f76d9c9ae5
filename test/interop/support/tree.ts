/**
 * An XML tree built with the `sax` package (namespace-aware, strict): a
 * parser nobody in this project wrote, so comparisons of what our code puts on
 * the wire do not depend on our own runtime parser.
 */
import sax from 'sax';

export interface Node {
  /** Namespace URI ('' for none). */
  ns: string;
  local: string;
  /** Attributes by `{ns}local` (namespace declarations left out). */
  attrs: Record<string, string>;
  /** In-scope prefix → namespace bindings, for resolving QName-valued attributes. */
  scope: Record<string, string>;
  children: Node[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

export function parseTree(xml: string): Node {
  const parser = sax.parser(true, { xmlns: true, position: false });
  const stack: Node[] = [];
  let root: Node | undefined;
  let error: Error | undefined;
  parser.onerror = (e) => {
    error ??= e;
    parser.resume();
  };
  parser.onopentag = (tag) => {
    const t = tag as sax.QualifiedTag;
    const attrs: Record<string, string> = {};
    for (const a of Object.values(t.attributes) as sax.QualifiedAttribute[]) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs[`{${a.uri}}${a.local}`] = a.value;
    }
    const node: Node = { ns: t.uri, local: t.local, attrs, scope: { ...t.ns }, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(node);
    else root = node;
    stack.push(node);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (text) => {
    if (stack.length) stack[stack.length - 1]!.text += text;
  };
  parser.oncdata = (text) => {
    if (stack.length) stack[stack.length - 1]!.text += text;
  };
  parser.write(xml).close();
  if (error) throw error;
  if (!root) throw new Error('no root element');
  return root;
}

/** First descendant (depth-first, self included) matching ns/local. */
export function find(node: Node, local: string, ns?: string): Node | undefined {
  if (node.local === local && (ns === undefined || node.ns === ns)) return node;
  for (const c of node.children) {
    const hit = find(c, local, ns);
    if (hit) return hit;
  }
  return undefined;
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const ENC = 'http://schemas.xmlsoap.org/soap/encoding/';

/** Resolves a QName-valued attribute (xsi:type, arrayType) to `{ns}local[…]`. */
function resolveQName(node: Node, value: string): string {
  const i = value.indexOf(':');
  const prefix = i < 0 ? '' : value.slice(0, i);
  const rest = i < 0 ? value : value.slice(i + 1);
  return `{${node.scope[prefix] ?? '?' + prefix}}${rest}`;
}

/**
 * A canonical form of the meaning of an rpc/encoded message: element names
 * with namespaces, order, trimmed text, `xsi:type`, `xsi:nil` and
 * `SOAP-ENC:arrayType` with prefixes resolved. Whitespace-only text and
 * prefix choices do not matter.
 */
export function meaning(node: Node): unknown {
  const out: Record<string, unknown> = { name: `{${node.ns}}${node.local}` };
  const type = node.attrs[`{${XSI}}type`];
  if (type !== undefined) out.type = resolveQName(node, type);
  const nil = node.attrs[`{${XSI}}nil`];
  if (nil === 'true' || nil === '1') out.nil = true;
  const arrayType = node.attrs[`{${ENC}}arrayType`];
  if (arrayType !== undefined) out.arrayType = resolveQName(node, arrayType);
  if (node.children.length) out.children = node.children.map(meaning);
  else if (!out.nil) out.text = node.text.trim();
  return out;
}

/** Leaf texts of an XML tree, `path → text` (for comparing documents independently of our codec). */
export function leaves(node: Node, at = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of node.children) {
    const p = `${at}/${c.local}`;
    if (c.children.length) Object.assign(out, leaves(c, p));
    else out[p] = c.text.trim();
  }
  return out;
}

/** node-soap's parse of element content → `path → text` (it gives strings, or null for empty). */
export function objectLeaves(value: unknown, at = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'attributes') continue;
    const p = `${at}/${k}`;
    // node-soap keeps attributes (xsi:type) beside the value: { attributes, $value }, or only attributes when empty.
    if (v !== null && typeof v === 'object' && ('$value' in v || Object.keys(v).every((x) => x === 'attributes'))) {
      out[p] = String((v as { $value?: unknown }).$value ?? '');
    } else if (v !== null && typeof v === 'object') Object.assign(out, objectLeaves(v, p));
    else out[p] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}
