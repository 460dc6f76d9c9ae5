/**
 * Positions in large JSON documents (generator/load/json-positions.ts): every pointer of a
 * document lands where the YAML parser's positioned AST puts it, including escaped keys, arrays,
 * nested containers and pointers that go past the end (the nearest ancestor); a lazy location
 * resolves when read, spread or serialised.
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import { JsonPositions } from '../../generator/load/json-positions.ts';

const document = {
  openapi: '3.1.0',
  'a "quoted" key': { 'with/slash': [1, { deep: 'x', 'esc\\aped': [true, null] }], empty: {}, list: [] },
  paths: { '/items/{id}': { get: { responses: { '200': { description: 'ok, with } and ] inside' } } } } },
  numbers: [1.5e3, -2, 0],
};

/** Where the YAML parser (which the loader uses for small files) locates each pointer. */
function yamlLocate(text: string, pointer: string[]): { line: number; column: number } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  let node: unknown = doc.contents;
  let offset = (node as YamlNode).range![0];
  for (const segment of pointer) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      node = pair.value;
      offset = (pair.key as YamlNode).range![0];
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      if (!node) break;
      offset = (node as YamlNode).range![0];
    } else break;
  }
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function pointers(value: unknown, prefix: string[] = []): string[][] {
  const out = [prefix];
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pointers(v, [...prefix, k]));
  return out;
}

for (const [layout, text] of [
  ['pretty', JSON.stringify(document, null, 2)],
  ['minified', JSON.stringify(document)],
  ['tabs and CRLF', JSON.stringify(document, null, '\t').replaceAll('\n', '\r\n')],
] as const) {
  test(`every pointer lands where the YAML AST puts it (${layout})`, () => {
    const positions = new JsonPositions(text, 'doc.json');
    const all = [...pointers(document), ['paths', 'missing', 'deeper'], ['numbers', '7'], ['numbers', '0', 'inside-a-scalar']];
    for (const pointer of all) {
      const { file, line, column } = positions.locate(pointer);
      assert.equal(file, 'doc.json');
      assert.deepEqual({ line, column }, yamlLocate(text, pointer), `/${pointer.join('/')}`);
    }
  });
}

test('a lazy location resolves on read, spread and JSON', () => {
  const text = JSON.stringify(document, null, 2);
  const positions = new JsonPositions(text, 'doc.json');
  const pointer = ['paths', '/items/{id}', 'get'];
  const lazy = positions.lazy(pointer);
  const eager = positions.locate(pointer);
  assert.deepEqual({ ...lazy }, eager);
  assert.equal(lazy.line, eager.line);
  assert.deepEqual(JSON.parse(JSON.stringify(lazy)), eager);
  assert.ok(eager.line > 1);
});
