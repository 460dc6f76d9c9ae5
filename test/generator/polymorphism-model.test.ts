/**
 * The model facts behind xsi:type polymorphism, from `test/fixtures/wsdl/polymorphism.wsdl`: derived
 * types (transitively, across the fixture's two schemas), abstract types and elements, substitution
 * group heads and members, and the `<xs:element ref>` a field came from.
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadWsdl } from '../../generator/load/wsdl.ts';
import { ModelIndex } from '../../generator/model/lookup.ts';
import type { ObjectType } from '../../generator/model/model.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const api = loadWsdl(path.join(ROOT, 'test/fixtures/wsdl/polymorphism.wsdl'), 'shapes', ROOT);
const index = new ModelIndex(api);
const object = (name: string) => index.type(name) as ObjectType;

test('derived types are known transitively and across schemas; abstract is kept', () => {
  assert.deepEqual(api.diagnostics, []);
  assert.deepEqual(object('Shape').polymorphism, { derived: ['Circle', 'Square', 'ColoredSquare'], union: 'ShapeVariant' });
  assert.deepEqual(object('Square').polymorphism, { derived: ['ColoredSquare'], union: 'SquareVariant' });
  assert.equal(object('Circle').polymorphism, undefined);
  assert.equal(object('Shape').abstract, true);
  assert.deepEqual(index.variants(object('Shape')).map((t) => t.name), ['Circle', 'Square', 'ColoredSquare']);
  assert.deepEqual(index.variants(object('Square')).map((t) => t.name), ['Square', 'ColoredSquare']);
});

test('substitution groups: the head knows its members, members their head, a ref field its element', () => {
  const head = index.element('ShapeElement');
  assert.equal(head.abstract, true);
  assert.deepEqual(head.substitutes, ['CircleElement', 'SquareElement']);
  assert.equal(index.element('CircleElement').substitutionGroup, 'ShapeElement');
  const field = object('Stack').fields[0]!;
  assert.equal(field.xml?.element, 'ShapeElement');
  assert.deepEqual(index.substitutes(field).map((e) => e.element.local), ['circle', 'square']);
});

test('a global element declared with a base is no use of it: Zentitle gets no variant union', () => {
  const zentitle = loadWsdl(path.join(ROOT, 'specs/zentitle.wsdl'), 'zentitle', ROOT);
  const z = new ModelIndex(zentitle);
  // Its `data` documents restrict Document, but every one is read as its cg:documentType.
  assert.ok((z.type('Document') as ObjectType).polymorphism!.derived.length > 50);
  assert.equal(z.polymorphic('Document'), undefined);
  assert.ok(index.polymorphic('Shape'));
  assert.ok(index.polymorphic('Square'));
});

test('a substitution group head as a message element is a located warning, not a silent gap', () => {
  const text = readFileSync(path.join(ROOT, 'test/fixtures/wsdl/polymorphism.wsdl'), 'utf8').replace('<wsdl:part name="parameters" element="tns:Measure"/>', '<wsdl:part name="parameters" element="tns:shape"/>');
  const dir = path.join(ROOT, 'test/tmp/polymorphism-head');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'head.wsdl'), text);
  const loaded = loadWsdl(path.join(dir, 'head.wsdl'), 'head', ROOT);
  const warning = loaded.diagnostics.find((d) => /substitution group/.test(d.message));
  assert.ok(warning, JSON.stringify(loaded.diagnostics));
  assert.equal(warning.severity, 'warning');
  assert.match(warning.message, /'shape' heads a substitution group/);
  assert.equal(warning.location?.file, 'test/tmp/polymorphism-head/head.wsdl');
  assert.ok((warning.location?.line ?? 0) > 80);
});
