import { test } from 'vitest';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOpenApi } from '../../generator/load/openapi.ts';
import type { ObjectType, UnionType } from '../../generator/model/model.ts';
import { ROOT } from './support.ts';

const fixture = (name: string) => join(ROOT, 'test/fixtures/openapi', name);

test('3.0: allOf with one $ref becomes a base type; discriminator mapping kept; nullable and int64', async () => {
  const api = await loadOpenApi(fixture('petstore-30.yaml'), 'petstore');
  const dog = api.types.find((t) => t.name === 'Dog') as ObjectType;
  assert.equal(dog.kind, 'object');
  assert.equal(dog.base, 'Pet');
  assert.deepEqual(dog.fields.map((f) => [f.name, f.required]), [['barks', true], ['breed', false]]);
  const anyPet = api.types.find((t) => t.name === 'AnyPet') as UnionType;
  assert.deepEqual(anyPet.discriminator, { property: 'kind', mapping: { dog: 'Dog', cat: 'Cat' } });
  const pet = api.types.find((t) => t.name === 'Pet') as ObjectType;
  const tag = pet.fields.find((f) => f.name === 'tag')!;
  assert.equal(tag.nullable, true);
  const id = pet.fields.find((f) => f.name === 'id')!;
  assert.deepEqual(id.type, { kind: 'scalar', scalar: 'int', facets: { format: 'int64' }, lenient: true });
  const owner = api.types.find((t) => t.name === 'Owner') as ObjectType;
  assert.equal(owner.rest, undefined, 'additionalProperties: false closes the object');
  assert.deepEqual(owner.fields.find((f) => f.name === 'favourite')!.type, { kind: 'named', name: 'Nickname' }, 'allOf around a scalar $ref is that scalar');
  assert.deepEqual(owner.fields.find((f) => f.name === 'balance')!.type, { kind: 'scalar', scalar: 'double', facets: { minExclusive: '0' } });
  // Operations: bodies on GET and DELETE, path-level parameters, security and x-key-types.
  const ops = Object.fromEntries(api.rest!.operations.map((o) => [o.id, o]));
  assert.equal(ops.listPets!.method, 'get');
  assert.ok(ops.listPets!.body, 'GET keeps its request body');
  assert.ok(ops.deletePet!.body?.required);
  assert.deepEqual(ops.deletePet!.parameters.map((p) => [p.in, p.name]), [['path', 'petId']]);
  assert.deepEqual(ops.createPet!.keyTypes, ['WRITE']);
  assert.deepEqual(ops.health!.security, []);
  assert.deepEqual(ops.getPet!.security, [[{ scheme: 'keyAuth', scopes: [] }]]);
  assert.equal(api.rest!.security[0]!.bearerFormat, '<accountID>:<secret>');
  assert.deepEqual(api.diagnostics, []);
});

test('3.1: type lists, const, lenient scalars, additionalProperties schemas, relative-file $ref', async () => {
  const api = await loadOpenApi(fixture('shapes-31.yaml'), 'shapes');
  const rect = api.types.find((t) => t.name === 'Rect') as ObjectType;
  assert.deepEqual(rect.fields.find((f) => f.name === 'w')!.type, { kind: 'scalar', scalar: 'int', facets: { minInclusive: '1' }, lenient: true });
  assert.deepEqual(rect.fields.find((f) => f.name === 'filled')!.type, { kind: 'scalar', scalar: 'boolean', lenient: true });
  assert.deepEqual(rect.fields.find((f) => f.name === 'type')!.type, { kind: 'literal', value: 'rect' });
  const circle = api.types.find((t) => t.name === 'Circle') as ObjectType;
  const label = circle.fields.find((f) => f.name === 'label')!;
  assert.equal(label.nullable, true, 'type: [string, null] is nullable');
  const polygon = api.types.find((t) => t.name === 'Polygon') as ObjectType;
  assert.ok(polygon.location?.file.endsWith('shared.yaml'), 'the type comes from the referenced file');
  const shape = api.types.find((t) => t.name === 'Shape') as UnionType;
  assert.deepEqual(shape.discriminator?.mapping, { circle: 'Circle', rect: 'Rect', polygon: 'Polygon' });
  const meta = api.types.find((t) => t.name === 'DrawingMeta') as ObjectType;
  assert.deepEqual(meta.rest, { type: { kind: 'scalar', scalar: 'string' } });
  const count = api.rest!.operations.find((o) => o.path === '/count')!;
  assert.equal(count.id, 'getCount', 'an operation without operationId gets one from method + path');
  // Component types come first, in declaration order.
  assert.deepEqual(api.types.slice(0, 4).map((t) => t.name), ['Shape', 'Circle', 'Rect', 'Drawing']);
});

test('a broken $ref is an error located at file:line:col', async () => {
  await assert.rejects(loadOpenApi(fixture('broken.yaml'), 'b'), (e: Error) => {
    assert.match(e.message, /broken\.yaml:13:\d+: error: \$ref #\/components\/schemas\/Missing points at nothing/);
    return true;
  });
});

test('a YAML syntax error is located', async () => {
  await assert.rejects(loadOpenApi(fixture('broken-syntax.yaml'), 'b'), (e: Error) => {
    assert.match(e.message, /broken-syntax\.yaml:7:\d+: error: invalid YAML/);
    return true;
  });
});

test('JSON documents, Swagger 2 and missing versions are located errors (file:line:col: error:)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-openapi-'));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{\n  "openapi": "3.0.0",\n  "info": {"title": "x", "version": "1"},\n  "paths": {,}\n}\n');
  await assert.rejects(loadOpenApi(bad, 'b'), /bad\.json:4:\d+: error: invalid JSON/);
  const swagger = join(dir, 'swagger.json');
  writeFileSync(swagger, JSON.stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} }));
  await assert.rejects(loadOpenApi(swagger, 'b'), /swagger\.json:1:\d+: error: Swagger 2\.0 is not supported/);
  const none = join(dir, 'none.yaml');
  writeFileSync(none, 'info:\n  title: x\n');
  await assert.rejects(loadOpenApi(none, 'b'), /none\.yaml:1:1: error: missing `openapi` version/);
  await assert.rejects(loadOpenApi(join(dir, 'absent.yaml'), 'b'), /cannot read/);
});

test('unsupported constructs are located warnings, not silent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-openapi-'));
  const file = join(dir, 'warn.yaml');
  writeFileSync(
    file,
    [
      'openapi: 3.1.0',
      'info: {title: w, version: "1"}',
      'paths: {}',
      'components:',
      '  schemas:',
      '    A:',
      '      type: object',
      '      properties:',
      '        n: {type: integer, multipleOf: 5}',
      '        s: {type: array, items: {type: string}, uniqueItems: true}',
      '      patternProperties:',
      '        "^x-": {type: string}',
    ].join('\n'),
  );
  const api = await loadOpenApi(file, 'w');
  const messages = api.diagnostics.map((d) => `${d.location?.line}: ${d.message}`);
  assert.ok(messages.some((m) => /^9: `multipleOf` is not enforced/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /^10: `uniqueItems` is not enforced/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /^11: `patternProperties` is not supported/.test(m)), messages.join('\n'));
  assert.ok(api.diagnostics.every((d) => d.severity === 'warning' && d.location?.file.endsWith('warn.yaml')));
});

test('loading is deterministic', async () => {
  const a = await loadOpenApi(fixture('petstore-30.yaml'), 'p');
  const b = await loadOpenApi(fixture('petstore-30.yaml'), 'p');
  assert.deepEqual(a, b);
});

test('large JSON documents locate warnings by scanning the text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-openapi-'));
  const file = join(dir, 'big.json');
  const doc = {
    openapi: '3.0.3',
    info: { title: 'big', version: '1', description: 'x'.repeat(5 * 1024 * 1024) },
    paths: {},
    components: { schemas: { A: { type: 'object', properties: { a: { type: 'string' }, 'b"\\': { type: 'integer', multipleOf: 3 } } } } },
  };
  writeFileSync(file, JSON.stringify(doc, null, 2));
  const api = await loadOpenApi(file, 'big');
  const warning = api.diagnostics.find((d) => /multipleOf/.test(d.message));
  assert.ok(warning, JSON.stringify(api.diagnostics));
  const lines = JSON.stringify(doc, null, 2).split('\n');
  const expected = lines.findIndex((l) => l.includes('"multipleOf"')) + 1;
  assert.equal(warning.location!.line, expected);
});
