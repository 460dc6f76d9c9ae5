/**
 * Parameter styles both ways, by the specification's own table: every cell of OpenAPI 3.1.1's
 * "Style Examples" is what the client runtime writes (`serializeParameter`) and reads back to the
 * value through the server runtime (`parseParameters`), at every location the style is defined
 * for. Then random values round-trip through every defined style × explode × shape, and the
 * spellings other clients send (a raw `|`, `[`, `]`, `+`) are read the same.
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseParameters, serializeParameter, type ParamLocation, type ParamSpec, type ParamStyle, type RawParameters } from '../../generator/runtime/params.ts';

// ---------------------------------------------------------------------------
// The table (OpenAPI 3.1.1, 4.8.12.4 "Style Examples"), as data

/** The values the table serializes for a parameter named `color`. */
const VALUES = {
  /** The table's first column: RFC 6570 writes it for the empty string (an undefined value writes nothing, tested below). */
  empty: '',
  string: 'blue',
  array: ['blue', 'black', 'brown'],
  object: { R: 100, G: 200, B: 150 },
} as const;
type Column = keyof typeof VALUES;

/** style, explode, then the cells in the order of {@link VALUES}; null where the table says n/a. Query styles carry the `?` the table prints. */
const STYLE_EXAMPLES: [ParamStyle, boolean, ...(string | null)[]][] = [
  ['matrix', false, ';color', ';color=blue', ';color=blue,black,brown', ';color=R,100,G,200,B,150'],
  ['matrix', true, ';color', ';color=blue', ';color=blue;color=black;color=brown', ';R=100;G=200;B=150'],
  ['label', false, '.', '.blue', '.blue,black,brown', '.R,100,G,200,B,150'],
  ['label', true, '.', '.blue', '.blue.black.brown', '.R=100.G=200.B=150'],
  ['simple', false, '', 'blue', 'blue,black,brown', 'R,100,G,200,B,150'],
  ['simple', true, '', 'blue', 'blue,black,brown', 'R=100,G=200,B=150'],
  ['form', false, '?color=', '?color=blue', '?color=blue,black,brown', '?color=R,100,G,200,B,150'],
  ['form', true, '?color=', '?color=blue', '?color=blue&color=black&color=brown', '?R=100&G=200&B=150'],
  ['spaceDelimited', false, null, null, '?color=blue%20black%20brown', '?color=R%20100%20G%20200%20B%20150'],
  ['spaceDelimited', true, null, null, null, null],
  ['pipeDelimited', false, null, null, '?color=blue%7Cblack%7Cbrown', '?color=R%7C100%7CG%7C200%7CB%7C150'],
  ['pipeDelimited', true, null, null, null, null],
  ['deepObject', false, null, null, null, null],
  ['deepObject', true, null, null, null, '?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150'],
];

/** Where the specification defines each style (its "Style Values" table); cookies are tested on their own below. */
const LOCATIONS: Record<ParamStyle, ParamLocation[]> = {
  matrix: ['path'],
  label: ['path'],
  simple: ['path', 'header'],
  form: ['query'],
  spaceDelimited: ['query'],
  pipeDelimited: ['query'],
  deepObject: ['query'],
};

/** What the server needs to know to read a value of each column back (the generator takes it from the schema). */
const SHAPES: Record<Column, Partial<ParamSpec>> = {
  empty: {},
  string: {},
  array: { shape: 'array' },
  object: { shape: 'object', properties: { R: 'integer', G: 'integer', B: 'integer' } },
};

/** The request as a server receives a parameter's text at a location. */
function request(location: ParamLocation, text: string, name = 'color'): RawParameters {
  if (location === 'path') return { path: { [name]: text }, query: '', headers: {} };
  if (location === 'header') return { path: {}, query: '', headers: { [name.toLowerCase()]: text } };
  if (location === 'cookie') return { path: {}, query: '', headers: { cookie: text } };
  return { path: {}, query: text, headers: {} };
}

const cells = STYLE_EXAMPLES.flatMap(([style, explode, ...texts]) =>
  (Object.keys(VALUES) as Column[]).flatMap((column, i) => {
    const text = texts[i];
    if (text === null || text === undefined) return [];
    return LOCATIONS[style].map((location) => ({ style, explode, column, location, text: text.replace(/^\?/, '') }));
  }),
);

test('the table: every cell is what the client writes and what the server reads back', () => {
  const failures: string[] = [];
  for (const { style, explode, column, location, text } of cells) {
    const spec: ParamSpec = { name: 'color', in: location, style, explode, ...SHAPES[column] };
    const cell = `${style} explode=${explode} ${column} in ${location}`;
    const written = serializeParameter(spec, VALUES[column]);
    if (written !== text) failures.push(`${cell}: wrote ${JSON.stringify(written)}, the table says ${JSON.stringify(text)}`);
    const read = parseParameters([spec], request(location, text))[location]?.['color'];
    try {
      assert.deepEqual(read, VALUES[column]);
    } catch {
      failures.push(`${cell}: read ${JSON.stringify(read)} from ${JSON.stringify(text)}`);
    }
  }
  assert.deepEqual(failures, []);
  // 37 defined cells; simple's 8 are checked in the path and in a header.
  assert.equal(new Set(cells.map((c) => `${c.style}/${c.explode}/${c.column}`)).size, 37);
  assert.equal(cells.length, 45);
});

test('an undefined value writes nothing, at every location, and an absent parameter is left out', () => {
  for (const [style, explode] of STYLE_EXAMPLES) {
    for (const location of LOCATIONS[style]) {
      assert.equal(serializeParameter({ name: 'color', in: location, style, explode }, undefined), undefined);
      assert.equal(serializeParameter({ name: 'color', in: location, style, explode }, null), undefined);
      if (location === 'path') continue; // a path parameter is required: the client refuses to call without it
      const unrelated: RawParameters = { path: {}, query: 'other=1', headers: { other: '1', cookie: 'other=1' } };
      assert.deepEqual(parseParameters([{ name: 'color', in: location, style, explode }], unrelated), { [location]: {} });
    }
  }
});

test('the spellings other clients send: raw `|`, `[`, `]` and `+` for a space read as the table does', () => {
  const read = (spec: ParamSpec, query: string) => parseParameters([spec], { path: {}, query, headers: {} }).query?.['color'];
  assert.deepEqual(read({ name: 'color', in: 'query', style: 'pipeDelimited', explode: false, shape: 'array' }, 'color=blue|black|brown'), ['blue', 'black', 'brown']);
  assert.deepEqual(read({ name: 'color', in: 'query', style: 'spaceDelimited', explode: false, shape: 'array' }, 'color=blue+black+brown'), ['blue', 'black', 'brown']);
  assert.deepEqual(read({ name: 'color', in: 'query', style: 'deepObject', shape: 'object', properties: { R: 'integer', G: 'integer', B: 'integer' } }, 'color[R]=100&color[G]=200&color[B]=150'), { R: 100, G: 200, B: 150 });
  // A comma in an exploded form array can only be a delimiter (RFC 6570 encodes one inside a value).
  assert.deepEqual(read({ name: 'color', in: 'query', shape: 'array' }, 'color=blue,black&color=brown'), ['blue', 'black', 'brown']);
  assert.deepEqual(read({ name: 'color', in: 'query', shape: 'array' }, 'color=blue%2Cblack&color=brown'), ['blue,black', 'brown']);
});

test('cookies take form style with `; ` between pairs (OpenAPI 3.1.1, Appendix D)', () => {
  const cases: [Partial<ParamSpec>, unknown, string][] = [
    [{}, 'blue', 'color=blue'],
    [{ shape: 'array', explode: false }, VALUES.array, 'color=blue,black,brown'],
    [{ shape: 'array' }, VALUES.array, 'color=blue; color=black; color=brown'],
    [{ ...SHAPES.object, explode: false }, VALUES.object, 'color=R,100,G,200,B,150'],
    [{ ...SHAPES.object }, VALUES.object, 'R=100; G=200; B=150'],
  ];
  for (const [shape, value, text] of cases) {
    const spec: ParamSpec = { name: 'color', in: 'cookie', ...shape };
    assert.equal(serializeParameter(spec, value), text);
    assert.deepEqual(parseParameters([spec, { name: 'session', in: 'cookie' }], request('cookie', `session=x; ${text}`)).cookie, { color: value, session: 'x' });
  }
});

test('content parameters are one document: JSON text for JSON media types, the text itself otherwise', () => {
  const coordinates: ParamSpec = { name: 'coordinates', in: 'query', content: 'application/json' };
  const value = { lat: 52.5, long: 13.4, label: 'a&b=c' };
  const written = serializeParameter(coordinates, value)!;
  assert.equal(written, `coordinates=${encodeURIComponent(JSON.stringify(value))}`);
  assert.deepEqual(parseParameters([coordinates], request('query', written)).query, { coordinates: value });
  for (const location of ['path', 'header', 'cookie'] as const) {
    const spec: ParamSpec = { name: 'filter', in: location, content: 'application/json' };
    const text = serializeParameter(spec, { a: [1, 2] })!;
    assert.deepEqual(parseParameters([spec], request(location, text, 'filter'))[location], { filter: { a: [1, 2] } });
  }
  const note: ParamSpec = { name: 'note', in: 'header', content: 'text/plain' };
  assert.equal(serializeParameter(note, 'as is, unencoded'), 'as is, unencoded');
  assert.deepEqual(parseParameters([note], request('header', 'as is, unencoded', 'note')).header, { note: 'as is, unencoded' });
});

test('allowReserved sends reserved characters as they are, but still encodes what a query cannot hold', () => {
  const spec: ParamSpec = { name: 'q', in: 'query', allowReserved: true };
  assert.equal(serializeParameter(spec, "a/b:c?d@e!$'()*,;f"), "q=a/b:c?d@e!$'()*,;f");
  assert.equal(serializeParameter(spec, 'x[1]#&=+ é'), 'q=x%5B1%5D%23%26%3D%2B%20%C3%A9');
  assert.equal(serializeParameter(spec, '100%25'), 'q=100%25', 'a percent-encoded triple passes through');
  assert.equal(serializeParameter({ name: 'q', in: 'query' }, 'a/b'), 'q=a%2Fb');
  assert.deepEqual(parseParameters([spec], request('query', "q=a/b:c?d@e!$'()*,;f")).query, { q: "a/b:c?d@e!$'()*,;f" });
});

test('an open object takes the names no other parameter claims (API keys excepted); a closed one only its own', () => {
  const specs: ParamSpec[] = [
    { name: 'filter', in: 'query', shape: 'object', kind: 'integer', open: true },
    { name: 'page', in: 'query', kind: 'integer' },
    { name: 'sort', in: 'query', style: 'deepObject', shape: 'object', properties: { by: 'string' } },
    { name: 'range', in: 'query', shape: 'object', properties: { from: 'integer', to: 'integer' } },
  ];
  const query = 'page=2&min=1&max=9&api_key=secret&sort%5Bby%5D=name&from=3&to=4';
  assert.deepEqual(parseParameters(specs, request('query', query), ['api_key']).query, {
    filter: { min: 1, max: 9 },
    page: 2,
    sort: { by: 'name' },
    range: { from: 3, to: 4 },
  });
});

test('text that is not in the declared style reaches the validator as it came, never reshaped', () => {
  const read = (spec: ParamSpec, text: string) => parseParameters([spec], request(spec.in, text))[spec.in]?.[spec.name];
  assert.equal(read({ name: 'color', in: 'path', style: 'matrix', shape: 'array' }, 'blue,black'), 'blue,black', 'no `;color=` prefix');
  assert.equal(read({ name: 'color', in: 'path', style: 'matrix' }, ';colour=blue'), ';colour=blue', 'another name');
  assert.equal(read({ name: 'color', in: 'path', shape: 'object' }, 'R,100,G'), 'R,100,G', 'an odd number of items');
  assert.equal(read({ name: 'n', in: 'query', kind: 'integer' }, 'n=12a'), '12a', 'not an integer: left for the validator');
  assert.deepEqual(read({ name: 'n', in: 'query', kind: 'integer', shape: 'array' }, 'n=1&n=x'), [1, 'x']);
});

// ---------------------------------------------------------------------------
// Random values through every defined combination

/**
 * Text a style carries unambiguously. The specification leaves it to users to pre-encode a
 * delimiter inside a value (Appendix E): label's `.` is unreserved (never encoded), and the
 * delimited styles' space and `|` are percent-encoded exactly like their delimiters. Header values
 * are sent as they are, so a `,` would split them, and HTTP trims their ends.
 */
const DELIMITERS: Partial<Record<ParamStyle, string>> = { label: '.', spaceDelimited: ' ', pipeDelimited: '|' };
const text = (location: ParamLocation, style: ParamStyle) => {
  if (location === 'header') return fc.stringMatching(/^[!-+\--~]([ !-+\--~]*[!-+\--~])?$/);
  const delimiter = DELIMITERS[style];
  return fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => delimiter === undefined || !s.includes(delimiter));
};

const COMBINATIONS = STYLE_EXAMPLES.flatMap(([style, explode, ...texts]) =>
  (['string', 'array', 'object'] as const).flatMap((column, i) => (texts[i + 1] === null ? [] : LOCATIONS[style].map((location) => ({ style, explode, column, location })))),
);

test('property: random values round-trip through every defined style × explode × shape × location', () => {
  assert.equal(COMBINATIONS.length, 35);
  for (const { style, explode, column, location } of COMBINATIONS) {
    const arb =
      column === 'string'
        ? text(location, style)
        : column === 'array'
          ? fc.array(text(location, style), { minLength: 1, maxLength: 5 })
          : fc.record({ R: text(location, style), G: text(location, style), B: text(location, style) });
    const spec: ParamSpec = { name: 'color', in: location, style, explode, ...(column === 'string' ? {} : column === 'array' ? { shape: 'array' } : { shape: 'object', properties: { R: 'string', G: 'string', B: 'string' } }) };
    fc.assert(
      fc.property(arb, (value) => {
        const written = serializeParameter(spec, value)!;
        assert.deepEqual(parseParameters([spec], request(location, written))[location]?.["color"], typeof value === "object" && !Array.isArray(value) ? { ...value } : value, `${style} explode=${explode} ${column} in ${location}: ${written}`);
      }),
      { numRuns: 100, seed: 12 },
    );
  }
});
