/**
 * OpenAPI documents at the edges, through the real `gen` command: routes match by specificity
 * rather than document order; a webhooks-only document generates code that passes the output's
 * strictest tsconfig (with a located warning); discriminator mapping values that are bare schema
 * names resolve as component schemas; an example's `externalValue` URL is never fetched; and
 * parameter styles the specification does not define are located warnings with a defined fallback.
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileRoutes, matchRoute } from '../../generator/runtime/rest-server.ts';
import { parseParameters } from '../../generator/runtime/params.ts';
import { loadOpenApi } from '../../generator/load/openapi.ts';
import type { UnionType } from '../../generator/model/model.ts';
import { freshDir, genCli, ROOT, typecheck } from './support.ts';

test('a literal segment wins over a template whatever the document order; the method decides among equals', () => {
  const routes: [string, string, string][] = [
    ['get', '/items/{id}', 'getItem'],
    ['delete', '/items/{id}', 'deleteItem'],
    ['get', '/items/special', 'getSpecial'],
    ['get', '/files/{name}', 'getFile'],
    ['get', '/files/{name}.json', 'getJsonFile'],
    ['get', '/{a}/{b}/x', 'templateFirst'],
    ['get', '/{a}/b/{c}', 'literalSecond'],
  ];
  for (const table of [compileRoutes(routes), compileRoutes([...routes].reverse())]) {
    const op = (method: string, path: string) => {
      const m = matchRoute(table, method, path);
      return 'route' in m ? m.route.operation : m.status;
    };
    assert.equal(op('GET', '/items/special'), 'getSpecial');
    assert.equal(op('GET', '/items/42'), 'getItem');
    assert.equal(op('DELETE', '/items/special'), 'deleteItem', 'the literal path has no DELETE: the template has');
    assert.equal(op('GET', '/files/a.json'), 'getJsonFile');
    assert.equal(op('GET', '/files/a.txt'), 'getFile');
    assert.equal(op('GET', '/a/b/x'), 'literalSecond', 'compared segment by segment: b beats {b}');
    const refused = matchRoute(table, 'POST', '/items/special');
    assert.deepEqual(refused, { status: 405, allow: ['GET', 'DELETE'] });
  }
  assert.deepEqual(compileRoutes([]), []);
});

test('a document with only webhooks generates code that passes the strictest tsconfig, and says webhooks are left out', async () => {
  const out = freshDir('rest-webhooks');
  const r = await genCli('test/fixtures/openapi/webhooks-31.yaml', '--name', 'hooks', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^test\/fixtures\/openapi\/webhooks-31\.yaml:6:1: warning: webhooks are not generated yet: petAdded is left out/m);
  assert.match(readFileSync(join(out, 'hooks/server.ts'), 'utf8'), /const ROUTES = compileRoutes\(\[\]\);/);
  await typecheck(out); // the output's own tsconfig.json: strict, noUnusedLocals, exactOptionalPropertyTypes, …
});

test('discriminator mapping values that are schema names resolve as component schemas, in the model and in the types', async () => {
  const fixture = 'test/fixtures/openapi/discriminator-names-31.yaml';
  const api = await loadOpenApi(join(ROOT, fixture), 'pets');
  assert.deepEqual((api.types.find((t) => t.name === 'Pet') as UnionType).discriminator, { property: 'kind', mapping: { dog: 'Dog', cat: 'Cat' } });
  const out = freshDir('rest-discriminator-names');
  const r = await genCli(fixture, '--name', 'pets', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  await typecheck(out);
  // The same document with references instead of names gives the same types.
  const withRefs = join(freshDir('rest-discriminator-refs'), 'pets.yaml');
  mkdirSync(join(withRefs, '..'), { recursive: true });
  writeFileSync(withRefs, readFileSync(join(ROOT, fixture), 'utf8').replace('dog: Dog', "dog: '#/components/schemas/Dog'").replace('cat: Cat', "cat: '#/components/schemas/Cat'"));
  const refsOut = freshDir('rest-discriminator-refs-out');
  assert.equal((await genCli(relative(ROOT, withRefs), '--name', 'pets', '--out', refsOut)).code, 0);
  const body = (dir: string) => readFileSync(join(dir, 'pets/schema.ts'), 'utf8').replace(/^[\s\S]*?\*\/\n/, '');
  assert.equal(body(out), body(refsOut));
  assert.match(body(out), /kind: "dog";/, 'the mapping narrows the discriminator property');
});

test('an example’s externalValue is never fetched at generation time', async () => {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('{"stolen": true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = freshDir('rest-external-value');
    mkdirSync(dir, { recursive: true });
    // In the document, and in a file it refers to (which openapi-typescript's resolver reads on its own).
    writeFileSync(join(dir, 'examples.yaml'), `Remote:\n  summary: an example kept elsewhere\n  externalValue: '${url}/referenced.json'\n`);
    writeFileSync(
      join(dir, 'api.yaml'),
      [
        'openapi: 3.1.0',
        'info: { title: External examples, version: "1" }',
        'paths:',
        '  /things:',
        '    post:',
        '      operationId: addThing',
        '      parameters:',
        '        - name: q',
        '          in: query',
        '          schema: { type: string }',
        `          examples: { remote: { externalValue: '${url}/parameter' } }`,
        '      requestBody:',
        '        content:',
        '          application/json:',
        '            schema: { type: object }',
        `            examples: { remote: { externalValue: '${url}/request.json' }, referenced: { $ref: './examples.yaml#/Remote' } }`,
        '      responses:',
        '        "200":',
        '          description: ok',
        '          content:',
        '            application/json:',
        '              schema: { type: object }',
        `              examples: { remote: { externalValue: '${url}/response.json' } }`,
      ].join('\n'),
    );
    const out = freshDir('rest-external-value-out');
    const r = await genCli(relative(ROOT, join(dir, 'api.yaml')), '--name', 'things', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    await typecheck(out);
    assert.deepEqual(requests, []);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('styles the specification does not define are located warnings from gen, with a defined fallback', async () => {
  const dir = freshDir('rest-styles');
  mkdirSync(dir, { recursive: true });
  const spec = join(dir, 'styles.yaml');
  writeFileSync(
    spec,
    [
      'openapi: 3.1.0',
      'info: { title: Styles, version: "1" }',
      'paths:',
      '  /a/{p}:',
      '    get:',
      '      parameters:',
      '        - { name: p, in: path, required: true, style: deepObject, schema: { type: object, properties: { a: { type: string } } } }',
      '        - { name: q, in: query, style: matrix, schema: { type: string } }',
      '        - { name: s, in: query, style: spaceDelimited, schema: { type: string } }',
      '        - { name: t, in: query, style: pipeDelimited, explode: true, schema: { type: array, items: { type: string } } }',
      '        - { name: d, in: query, style: deepObject, explode: false, schema: { type: object, properties: { a: { type: string } } } }',
      '        - { name: e, in: query, style: deepObject, schema: { type: array, items: { type: string } } }',
      '        - { name: h, in: header, allowReserved: true, schema: { type: string } }',
      '        - { name: n, in: query, schema: { type: object, properties: { inner: { type: object } } } }',
      '        - { name: u, in: query, style: diagonal, schema: { type: string } }',
      '      responses: { "200": { description: ok } }',
    ].join('\n'),
  );
  const file = relative(ROOT, spec);
  const out = freshDir('rest-styles-out');
  const r = await genCli(file, '--name', 'styles', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  const expected = [
    `${file}:7:48: warning: parameter p: style deepObject is not defined for path parameters (only query); simple is used`,
    `${file}:8:33: warning: parameter q: style matrix is not defined for query parameters (only path); form is used`,
    `${file}:9:33: warning: parameter s: style spaceDelimited is defined for arrays and objects, not for a single value; form is used`,
    `${file}:10:55: warning: parameter t: style pipeDelimited is not defined with explode: true; it is sent as form with explode: true (name=value per item)`,
    `${file}:11:52: warning: parameter d: style deepObject is not defined with explode: false; it is sent exploded (name[key]=value)`,
    `${file}:12:33: warning: parameter e: style deepObject is defined for objects only; form is used`,
    `${file}:13:34: warning: parameter h: \`allowReserved\` applies to query parameters only and is ignored`,
    `${file}:14:33: warning: parameter n: property inner is an array or object inside the value, which no style defines; it is sent as JSON text`,
    `${file}:15:33: warning: parameter u: unknown style "diagonal" (expected one of matrix, label, simple, form, spaceDelimited, pipeDelimited, deepObject); form is used`,
  ];
  assert.deepEqual(r.stderr.trim().split('\n'), expected);
  const api = await loadOpenApi(spec, 'styles');
  const styles = api.rest!.operations[0]!.parameters.map((p) => `${p.name}:${p.style}:${p.explode}${p.allowReserved ? ':reserved' : ''}`);
  assert.deepEqual(styles, ['p:simple:false', 'q:form:true', 's:form:true', 't:form:true', 'd:deepObject:true', 'e:form:true', 'h:simple:false', 'n:form:true', 'u:form:true']);
  await typecheck(out);
});

test('an optional parameter left out reaches the handler as its schema default; a sent value wins; required ones get none', async () => {
  const dir = freshDir('rest-param-defaults');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'defaults.yaml');
  writeFileSync(
    file,
    `openapi: 3.1.0
info: { title: Defaults, version: '1' }
components:
  schemas:
    Order: { type: string, enum: [asc, desc], default: asc }
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - { name: limit, in: query, schema: { type: integer, default: 20 } }
        - { name: order, in: query, schema: { $ref: '#/components/schemas/Order' } }
        - { name: tags, in: query, schema: { type: array, items: { type: string }, default: [a, b] } }
        - { name: x-trace, in: header, required: true, schema: { type: string, default: never } }
      responses: { '200': { description: ok } }
`,
  );
  const api = await loadOpenApi(file, 'defaults');
  const params = api.rest!.operations[0]!.parameters;
  assert.deepEqual(params.map((p) => [p.name, p.default]), [['limit', 20], ['order', 'asc'], ['tags', ['a', 'b']], ['x-trace', undefined]]);
  const specs = [
    { name: 'limit', in: 'query', kind: 'integer', default: 20 },
    { name: 'tags', in: 'query', shape: 'array', default: ['a', 'b'] },
  ] as const;
  assert.deepEqual(parseParameters(specs, { path: {}, query: '', headers: {} }), { query: { limit: 20, tags: ['a', 'b'] } });
  assert.deepEqual(parseParameters(specs, { path: {}, query: 'limit=5&tags=z', headers: {} }), { query: { limit: 5, tags: ['z'] } });
  const first = parseParameters(specs, { path: {}, query: '', headers: {} });
  (first['query']!['tags'] as string[]).push('changed');
  assert.deepEqual(parseParameters(specs, { path: {}, query: '', headers: {} })['query']!['tags'], ['a', 'b'], 'each request gets its own copy');
});

test('a pattern only valid without the u flag is kept; one using an unknown \\p{…} class is a located warning, not a literal tsc refuses', async () => {
  const dir = freshDir('rest-patterns');
  const out = join(dir, 'out');
  mkdirSync(dir, { recursive: true });
  const spec = join(dir, 'patterns.yaml');
  writeFileSync(
    spec,
    [
      'openapi: 3.0.3',
      'info: {title: Patterns, version: "1"}',
      'paths:',
      '  /names:',
      '    post:',
      '      operationId: addName',
      '      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Name"}}}}',
      '      responses: {"204": {description: ok}}',
      'components:',
      '  schemas:',
      '    Name:',
      '      type: object',
      '      properties:',
      '        printable: {type: string, pattern: "\\\\p{Print}+"}', // AWS's descriptions carry POSIX class names
      '        word: {type: string, pattern: "^[\\\\w-.]+$"}', // valid only without the u flag
      '',
    ].join('\n'),
  );
  const r = await genCli(relative(ROOT, spec), '--name', 'patterns', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /patterns\.yaml:14:\d+: warning: pattern uses \\p\{…\} with a property JavaScript does not know; it is not enforced/);
  await typecheck(out);
  const { validators } = (await import(pathToFileURL(join(out, 'patterns/index.ts')).href)) as { validators: Record<string, (v: unknown) => unknown[]> };
  const check = Object.entries(validators).find(([name]) => /^check.*Name$/.test(name))![1];
  assert.deepEqual(check({ printable: 'anything at all', word: 'a-b.c' }), []);
  assert.equal(check({ word: 'a b' }).length, 1, 'the u-less pattern is still enforced');
});
