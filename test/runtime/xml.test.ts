import { test, describe } from 'vitest';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_LIMITS,
  escapeAttr,
  escapeText,
  isNil,
  lineColumn,
  lookupNamespace,
  parseXml,
  resolveQName,
  serializeElement,
  XmlParseError,
  XSI_NS,
  type XmlElement,
} from '../../generator/runtime/xml.ts';

/** Asserts parseXml rejects `xml` with an XmlParseError whose message matches `re`; returns it. */
function rejects(xml: string, re: RegExp, limits?: Parameters<typeof parseXml>[1]): XmlParseError {
  try {
    parseXml(xml, limits);
  } catch (e) {
    assert.ok(e instanceof XmlParseError, `expected XmlParseError, got ${String(e)}`);
    assert.match(e.message, re);
    return e;
  }
  assert.fail(`accepted: ${xml.slice(0, 80)}`);
}

describe('parseXml: namespaces', () => {
  test('prefixes, default namespace, undeclaration, scope sharing', () => {
    const root = parseXml(
      '<a:r xmlns:a="urn:a" xmlns="urn:d"><x/><a:y><z xmlns=""><w/></z></a:y><q xmlns:b="urn:b"><b:v/></q></a:r>',
    );
    assert.equal(root.ns, 'urn:a');
    assert.equal(root.local, 'r');
    assert.equal(root.prefix, 'a');
    const [x, y, q] = root.children;
    assert.deepEqual([x.ns, x.local, x.prefix], ['urn:d', 'x', '']);
    assert.deepEqual([y.ns, y.local], ['urn:a', 'y']);
    const z = y.children[0];
    assert.equal(z.ns, '', 'xmlns="" undeclares the default namespace');
    assert.equal(z.children[0].ns, '');
    assert.equal(q.children[0].ns, 'urn:b');
    // Elements that declare nothing share their parent's scope object.
    assert.equal(x.scope, root.scope);
    assert.equal(y.scope, root.scope);
    assert.notEqual(z.scope, root.scope);
    assert.equal(lookupNamespace(q.children[0], 'b'), 'urn:b');
    assert.equal(lookupNamespace(x, 'b'), undefined);
    assert.equal(lookupNamespace(x, 'xml'), 'http://www.w3.org/XML/1998/namespace');
  });

  test('resolveQName: prefixed, default, none, unbound', () => {
    const root = parseXml('<r xmlns:t="urn:t"><i xmlns="urn:d"/><j/></r>');
    assert.deepEqual(resolveQName(root, 't:Foo'), { ns: 'urn:t', local: 'Foo' });
    assert.deepEqual(resolveQName(root.children[0], 'Bar'), { ns: 'urn:d', local: 'Bar' });
    assert.deepEqual(resolveQName(root.children[1], 'Bar'), { ns: '', local: 'Bar' });
    assert.equal(resolveQName(root, 'u:Foo'), undefined);
    assert.equal(resolveQName(root, 'a:b:c'), undefined);
  });

  test('undeclared prefixes and illegal declarations are errors', () => {
    rejects('<p:r/>', /undeclared namespace prefix 'p'/);
    rejects('<r p:a="1"/>', /undeclared namespace prefix 'p' in attribute/);
    rejects('<r xmlns:p=""/>', /cannot be undeclared/);
    rejects('<r xmlns:xml="urn:x"/>', /xml/);
    rejects('<r xmlns:p="urn:a" xmlns:p="urn:b"/>', /duplicate namespace declaration/);
    rejects('<r xmlns:a="urn:x" xmlns:b="urn:x" a:k="1" b:k="2"/>', /duplicate attribute/);
  });
});

describe('parseXml: attributes, text, positions', () => {
  test('attributes: Clark keys for namespaced ones, xmlns excluded, normalization, xsi:nil', () => {
    const root = parseXml(
      `<r xmlns:xsi="${XSI_NS}" a='1' b = "x&amp;y&#9;z" c="l1\nl2" xml:lang="en"><n xsi:nil="true"/><m xsi:nil="1"/><o xsi:nil="false"/><p/></r>`,
    );
    assert.deepEqual({ ...root.attrs }, { a: '1', b: 'x&y\tz', c: 'l1 l2', '{http://www.w3.org/XML/1998/namespace}lang': 'en' });
    assert.equal(Object.getPrototypeOf(root.attrs), null);
    assert.equal(root.children[0].attrs[`{${XSI_NS}}nil`], 'true');
    assert.deepEqual(root.children.map(isNil), [true, true, false, false]);
  });

  test('text: entities, char refs, CDATA, whitespace, CRLF normalization', () => {
    const root = parseXml('<r> a &lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x1F600; <![CDATA[<raw & ]]>\r\nz </r>');
    assert.equal(root.text, " a <>&\"' AB\u{1F600} <raw & \nz ");
    const ws = parseXml('<r>\n  <a> x </a>\n  <b/>\n</r>');
    assert.equal(ws.text, '\n  \n  \n', 'whitespace between children is kept');
    assert.equal(ws.children[0].text, ' x ');
    assert.equal(parseXml('<r>&#13;</r>').text, '\r', 'a &#13; reference survives newline normalization');
  });

  test('prolog and epilogue: declaration, comments, PIs, BOM', () => {
    const root = parseXml('\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><?pi x?><r><!-- in --><?p?>t</r><!-- after -->\n');
    assert.equal(root.local, 'r');
    assert.equal(root.text, 't');
  });

  test('positions: pos of each element, line:column in errors', () => {
    const src = '<r>\n  <a/>\n  <b></c>\n</r>';
    const e = rejects(src, /mismatched end tag: expected <\/b> but found <\/c>/);
    assert.equal(e.line, 3);
    assert.equal(e.column, 6);
    assert.match(e.message, /line 3, column 6/);
    const root = parseXml('<r>\n  <a/>\n</r>');
    assert.equal(root.children[0].pos, 6);
    assert.deepEqual(lineColumn('ab\r\ncd\ref', 8), { line: 3, column: 2 });
  });

  test('malformed documents are rejected with a reason', () => {
    rejects('', /no root element/);
    rejects('hello', /text is not allowed before the root/);
    rejects('<r>', /unclosed element <r>/);
    rejects('<r><a></r>', /mismatched end tag/);
    rejects('<r></r><s/>', /after the root element/);
    rejects('<r/>trailing', /after the root element/);
    rejects('<r a=1/>', /must be quoted/);
    rejects('<r a="1/>', /unterminated value|unclosed/);
    rejects('<r a="1" a="2"/>', /duplicate attribute 'a'/);
    rejects('<r a="1"b="2"/>', /whitespace is required/);
    rejects('<r a/>', /expected '='/);
    rejects('<r a="<"/>', /'<' is not allowed in an attribute value/);
    rejects('<r>a & b</r>', /unterminated entity/);
    rejects('<r>]]></r>', /']]>' is not allowed/);
    rejects('<1r/>', /invalid element name/);
    rejects('<r><!-- a -- b --></r>', /'--' is not allowed/);
    rejects('<r>&#0;</r>', /invalid character reference/);
    rejects('<r><?xml version="1.0"?></r>', /XML declaration/);
    rejects('<r><![CDATA[x</r>', /unterminated CDATA/);
  });
});

describe('parseXml: safety', () => {
  test('DOCTYPE (internal subset, external id) is rejected', () => {
    rejects('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "boom">]><r>&x;</r>', /DOCTYPE\/DTD declarations are not allowed/);
    rejects('<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>', /DOCTYPE/);
    rejects('<r><!DOCTYPE r></r>', /DOCTYPE/);
  });

  test('entities other than the predefined five are rejected', () => {
    const e = rejects('<r>&xxe;</r>', /entity reference '&xxe;' is not allowed/);
    assert.equal(e.column, 4);
    rejects('<r a="&ext;"/>', /entity reference '&ext;' is not allowed/);
    rejects('<r>&nbsp;</r>', /not allowed/);
  });

  test('a 50 MB document is rejected by the size limit before parsing', () => {
    const big = '<r>' + 'x'.repeat(50 * 1024 * 1024) + '</r>';
    const e = rejects(big, /exceeds the size limit of 33554432 bytes/);
    assert.equal(e.pos, 0, 'refused at the start: nothing was parsed');
    rejects('<r>ééé</r>', /size limit of 10 bytes/, { maxBytes: 10 }); // 13 UTF-8 bytes, 10 UTF-16 units
  });

  test('10,000-deep nesting is rejected by the depth limit (no stack overflow)', () => {
    const deep = '<a>'.repeat(10_000) + '</a>'.repeat(10_000);
    rejects(deep, /nesting too deep \(limit 256\)/);
    // Iterative parser: even with the limit lifted, no recursion.
    const root = parseXml(deep, { maxDepth: 20_000 });
    let d = 1;
    for (let e = root; e.children.length > 0; e = e.children[0]) d++;
    assert.equal(d, 10_000);
  });

  test('too many elements and attributes are rejected', () => {
    rejects('<r>' + '<a/>'.repeat(1000) + '</r>', /too many elements \(limit 100\)/, { maxElements: 100 });
    const attrs = Array.from({ length: DEFAULT_LIMITS.maxAttributes + 1 }, (_, i) => `a${i}="1"`).join(' ');
    rejects(`<r ${attrs}/>`, /too many attributes/);
  });

  test('__proto__, constructor and toString are ordinary names', () => {
    const root = parseXml('<__proto__ constructor="c" __proto__="p" toString="t"><constructor>x</constructor><toString/></__proto__>');
    assert.equal(root.local, '__proto__');
    assert.equal(root.attrs['__proto__'], 'p');
    assert.equal(root.attrs['constructor'], 'c');
    assert.equal(root.attrs['toString'], 't');
    assert.deepEqual(Object.keys(root.attrs), ['constructor', '__proto__', 'toString']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(root.children[0].local, 'constructor');
    assert.equal(root.children[0].text, 'x');
    const plain = parseXml('<r/>');
    assert.equal(plain.attrs['constructor'], undefined, 'no inherited members');
    assert.equal(plain.attrs['toString'], undefined);
  });
});

describe('escaping and serialization', () => {
  test('escapeText / escapeAttr round-trip through the parser', () => {
    const s = 'a<b>&c"d\'e\tf\ng\rh';
    assert.equal(escapeText('a<b>&\r'), 'a&lt;b&gt;&amp;&#13;');
    assert.equal(escapeAttr('"\t\n\r'), '&quot;&#9;&#10;&#13;');
    const root = parseXml(`<r a="${escapeAttr(s)}">${escapeText(s)}</r>`);
    assert.equal(root.attrs['a'], s);
    assert.equal(root.text, s);
  });

  test('serializeElement declares what the subtree uses, including QName values', () => {
    const root = parseXml(
      `<soap:Envelope xmlns:soap="urn:soap" xmlns:xsi="${XSI_NS}" xmlns:t="urn:t" xmlns:unused="urn:u"><soap:Body><t:Item xsi:type="t:Kind" a="1"><v xmlns="urn:d">x &amp; y</v></t:Item></soap:Body></soap:Envelope>`,
    );
    const item = root.children[0].children[0];
    const xml = serializeElement(item);
    assert.equal(xml, `<t:Item xmlns:t="urn:t" xmlns:xsi="${XSI_NS}" xsi:type="t:Kind" a="1"><v xmlns="urn:d">x &amp; y</v></t:Item>`);
    const back = parseXml(xml);
    assert.deepEqual(resolveQName(back, back.attrs[`{${XSI_NS}}type`]), { ns: 'urn:t', local: 'Kind' });
    assert.equal(back.children[0].ns, 'urn:d');
  });
});

// ---------------------------------------------------------------------------
// Property test: random trees, written with random prefixes and namespace
// declarations, parse back to the same tree; and serializeElement of the
// parsed tree parses back to the same tree again.

interface Tree {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  text: string;
  children: Tree[];
}

const NAMESPACES = ['', 'urn:a', 'urn:b', 'http://example.com/x?y=1&z'];
const nameArb = fc.constantFrom('a', 'b', 'Item', 'x-y', 'n.1', '_u', 'constructor', '__proto__', 'toString', 'é');
const textArb = fc.string({ unit: fc.constantFrom('a', ' ', '<', '&', '>', '"', "'", '\n', '\t', 'é', '😀', ']', '\r'), maxLength: 8 });

const attrsArb = fc.dictionary(
  fc.tuple(fc.constantFrom(...NAMESPACES), nameArb).map(([ns, l]) => (ns ? `{${ns}}${l}` : l)),
  textArb,
  { maxKeys: 3 },
);

/** Trees at most `depth` levels deep (bounded, so generation always terminates). */
function treeOf(depth: number): fc.Arbitrary<Tree> {
  return fc.record({
    ns: fc.constantFrom(...NAMESPACES),
    local: nameArb,
    attrs: attrsArb,
    text: textArb,
    children: depth <= 1 ? fc.constant([]) : fc.array(treeOf(depth - 1), { maxLength: 3 }),
  });
}
const treeArb = treeOf(4);

/** Writes a tree with fresh prefixes; leaves get text, inner elements get none. */
function write(t: Tree, prefixOf: Map<string, string>, counter: { n: number }): string {
  const decls: string[] = [];
  const scope = new Map(prefixOf);
  const prefixFor = (ns: string, forAttr: boolean): string => {
    if (!forAttr && ns === '') {
      if ((scope.get('') ?? '') !== '') {
        scope.set('', '');
        decls.push(' xmlns=""');
      }
      return '';
    }
    if (!forAttr && counter.n % 2 === 0 && ns !== '') {
      // Sometimes use the default namespace for elements.
      if (scope.get('') !== ns) {
        scope.set('', ns);
        decls.push(` xmlns="${escapeAttr(ns)}"`);
      }
      return '';
    }
    for (const [p, u] of scope) if (p !== '' && u === ns) return p;
    const p = `p${counter.n++}`;
    scope.set(p, ns);
    decls.push(` xmlns:${p}="${escapeAttr(ns)}"`);
    return p;
  };
  counter.n++;
  const ep = prefixFor(t.ns, false);
  let attrs = '';
  for (const [k, v] of Object.entries(t.attrs)) {
    const m = /^\{(.*)\}(.*)$/.exec(k);
    const name = m ? `${prefixFor(m[1], true)}:${m[2]}` : k;
    attrs += ` ${name}="${escapeAttr(v)}"`;
  }
  const name = ep ? `${ep}:${t.local}` : t.local;
  const content = t.children.length > 0 ? t.children.map((c) => write(c, scope, counter)).join('') : escapeText(t.text);
  return `<${name}${decls.join('')}${attrs}>${content}</${name}>`;
}

function expected(t: Tree): Tree {
  return {
    ns: t.ns,
    local: t.local,
    attrs: { ...t.attrs },
    text: t.children.length > 0 ? '' : t.text,
    children: t.children.map(expected),
  };
}

function actual(e: XmlElement): Tree {
  return { ns: e.ns, local: e.local, attrs: { ...e.attrs }, text: e.text, children: e.children.map(actual) };
}

test('property: random trees written as XML parse back to the same tree, and serializeElement round-trips', () => {
  fc.assert(
    fc.property(treeArb, (tree) => {
      const xml = write(tree, new Map(), { n: 0 });
      const parsed = parseXml(xml);
      assert.deepEqual(actual(parsed), expected(tree));
      const again = parseXml(serializeElement(parsed));
      assert.deepEqual(actual(again), expected(tree));
    }),
    { numRuns: 500 },
  );
});

test('large documents (interning caches on) parse exactly like small ones (caches off)', () => {
  const trees = fc.sample(treeArb, { numRuns: 3000, seed: 42 });
  const pieces = trees.map((t) => write(t, new Map(), { n: 0 }));
  // Indentation and repeated values exercise the whitespace and value caches.
  const seps = ['\n  ', '\n    ', '\n  ', ' ', '\n\t'];
  let xml = '<root>';
  for (let i = 0; i < pieces.length; i++) xml += seps[i % seps.length] + pieces[i] + `<v>${i % 7 === 0 ? 'true' : `value-${i % 13}`}</v>`;
  xml += '\n</root>';
  assert.ok(xml.length > 64 * 1024, `document is ${xml.length} chars`);
  const root = parseXml(xml);
  assert.equal(root.children.length, pieces.length * 2);
  for (let i = 0; i < pieces.length; i++) {
    assert.deepEqual(actual(root.children[2 * i]), actual(parseXml(pieces[i])));
    assert.equal(root.children[2 * i + 1].text, i % 7 === 0 ? 'true' : `value-${i % 13}`);
  }
  assert.equal(root.text, pieces.map((_, i) => seps[i % seps.length]).join('') + '\n');
  // A second large parse after the caches were emptied gives the same result.
  assert.deepEqual(actual(parseXml(xml)), actual(root));
});
