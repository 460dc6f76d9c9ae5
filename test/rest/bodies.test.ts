/**
 * Request bodies beyond JSON, and OAuth2 / OpenID Connect: `test/fixtures/openapi/bodies-31.yaml`
 * generated with the real `gen` command into a temp folder and type-checked with the output's own
 * strictest tsconfig; the generated server on 127.0.0.1 behind a recorder that keeps the exact bytes
 * and headers of every request; called by the generated client (over node:http and fetch) and by
 * hand with node's own `fetch`, `URLSearchParams` and `FormData`, as a browser or curl would send.
 */
import { afterAll, beforeAll, test } from 'vitest';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { freshDir, genCli, ROOT, typecheck } from './support.ts';

const OUT = freshDir('rest-bodies');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let mod: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let client: any;
let server: Server;
let base = '';
let warnings = '';

/** Every request as it arrived (headers and body bytes), and what each handler was given. */
const wire: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
const inputs: { operation: string; input: unknown }[] = [];
const presented: { kind: string; token: string; scopes: string[] }[] = [];
/** What the authenticator grants: the scopes it returns for a token. */
const grants: Record<string, string[]> = { writer: ['notes:read', 'notes:write'], reader: ['notes:read'], person: ['openid', 'profile'] };

const lastWire = () => wire[wire.length - 1]!;
const lastInput = () => inputs[inputs.length - 1]!.input;

beforeAll(async () => {
  const r = await genCli('test/fixtures/openapi/bodies-31.yaml', '--name', 'bodies', '--out', OUT);
  assert.equal(r.code, 0, r.stderr);
  warnings = r.stderr;
  // The types accept what the runtime sends and say what the server hands over (checked with the output's strictest flags).
  writeFileSync(
    join(OUT, 'usage.ts'),
    [
      "import { BodiesClient, type BodiesHandlers, type FilePart } from './bodies/index.js';",
      'export async function calls(c: BodiesClient): Promise<void> {',
      "  await c.upload({ file: new Uint8Array([1]), meta: { title: 't' }, attachments: [new Blob(['x']), { filename: 'a.txt', data: 'text' }] });",
      "  await c.putBlob({ path: { name: 'n' }, body: new Blob([]) });",
      "  await c.signup({ name: 'n', count: 1, point: { x: 1 } });",
      "  await c.createNote({ title: 't' }, { contentType: 'application/x-www-form-urlencoded' });",
      "  await c.postXml('<a/>');",
      '}',
      "export const upload: BodiesHandlers['upload'] = (input) => {",
      "  const file = input.file as FilePart;",
      '  return { ok: file.data instanceof Uint8Array };',
      '};',
      '',
    ].join('\n'),
  );
  await typecheck(OUT);
  mod = await import(pathToFileURL(join(OUT, 'bodies/index.ts')).href);
  const record = (operation: string) => (input: unknown) => {
    inputs.push({ operation, input });
    return { ok: true };
  };
  const handlers = Object.fromEntries(['signup', 'upload', 'putBlob', 'postText', 'postXml', 'createNote'].map((op) => [op, record(op)]));
  handlers['getMe'] = () => ({ ok: true });
  const listener = mod.createBodiesListener({
    handlers,
    maxBodyBytes: 64 * 1024,
    authenticate: (c: { kind: string; token: string; scopes: string[] }) => {
      presented.push({ kind: c.kind, token: c.token, scopes: c.scopes });
      return grants[c.token] ? { scopes: grants[c.token] } : undefined;
    },
  });
  // The recorder reads the whole body, keeps it, and hands the listener a stream of the same bytes.
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      wire.push({ headers: req.headers, body });
      const replay = Object.assign(Readable.from(body.length ? [body] : []), { headers: req.headers, method: req.method, url: req.url });
      void listener(replay as unknown as IncomingMessage, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new mod.BodiesClient({ baseUrl: base, credentials: { oauth: 'writer', oidc: 'person' } });
});

afterAll(() => server?.close());

test('gen raises no warning for the media types and schemes of the fixture', () => {
  assert.equal(warnings, '');
});

test('form: the client writes each field like a query parameter of its encoding style; the server coerces them by the schema', async () => {
  const body = { name: 'Ada L+1&2', count: 3, ratio: 0.5, agree: true, colors: ['red', 'dark blue'], ids: [1, 2], point: { x: 4, y: 5 } };
  await client.signup(body);
  assert.equal(lastWire().headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(
    lastWire().body.toString('latin1'),
    'name=Ada%20L%2B1%262&count=3&ratio=0.5&agree=true&colors=red&colors=dark%20blue&ids=1%7C2&point%5Bx%5D=4&point%5By%5D=5',
  );
  assert.deepEqual(lastInput(), body);
});

test('form: what a browser sends (URLSearchParams, `+` for spaces) reads the same; a bad field is a 400 naming it', async () => {
  const form = new URLSearchParams([['name', 'Ada L+1&2'], ['count', '3'], ['colors', 'red'], ['colors', 'dark blue'], ['ids', '1|2'], ['point[x]', '4']]);
  const r = await fetch(`${base}/signup`, { method: 'POST', body: form });
  assert.equal(r.status, 200);
  assert.match(lastWire().body.toString('latin1'), /name=Ada\+L%2B1%262&count=3&colors=red&colors=dark\+blue/);
  assert.deepEqual(lastInput(), { name: 'Ada L+1&2', count: 3, colors: ['red', 'dark blue'], ids: [1, 2], point: { x: 4 } });
  const bad = await fetch(`${base}/signup`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x&count=zero' });
  assert.equal(bad.status, 400);
  const problem = (await bad.json()) as { message: string; issues: { path: string }[] };
  assert.deepEqual(problem.issues.map((i) => i.path), ['/count']);
});

test('multipart: files (bytes with the encoding\'s type, Blobs with their own), a JSON part, repeated text parts, on exact bytes', async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]);
  const note = new Blob(['hello "world"\r\n'], { type: 'text/plain' });
  const body = { description: 'two files', count: 2, tags: ['a', 'b c'], file: { filename: 'pixel.png', data: png }, attachments: [note, new Uint8Array([1, 2, 3])], refs: [{ id: 1 }, { id: 2 }], meta: { title: 'Meta', tags: ['x'] } };
  await client.upload(body);
  const contentType = String(lastWire().headers['content-type']);
  const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(contentType)?.[1];
  assert.ok(boundary, contentType);
  const part = (headers: string, content: string | Uint8Array) => [Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n')];
  const expected = Buffer.concat([
    ...part('Content-Disposition: form-data; name="description"', 'two files'),
    ...part('Content-Disposition: form-data; name="count"', '2'),
    ...part('Content-Disposition: form-data; name="tags"', 'a'),
    ...part('Content-Disposition: form-data; name="tags"', 'b c'),
    ...part('Content-Disposition: form-data; name="file"; filename="pixel.png"\r\nContent-Type: image/png', png),
    ...part('Content-Disposition: form-data; name="attachments"; filename="attachments"\r\nContent-Type: text/plain', 'hello "world"\r\n'),
    ...part('Content-Disposition: form-data; name="attachments"; filename="attachments"\r\nContent-Type: application/octet-stream', new Uint8Array([1, 2, 3])),
    ...part('Content-Disposition: form-data; name="refs"\r\nContent-Type: application/json', '[{"id":1},{"id":2}]'),
    ...part('Content-Disposition: form-data; name="meta"\r\nContent-Type: application/json', '{"title":"Meta","tags":["x"]}'),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  assert.deepEqual(lastWire().body, expected);
  assert.deepEqual(lastInput(), {
    description: 'two files',
    count: 2,
    tags: ['a', 'b c'],
    meta: { title: 'Meta', tags: ['x'] },
    refs: [{ id: 1 }, { id: 2 }],
    file: { filename: 'pixel.png', contentType: 'image/png', data: png },
    attachments: [
      { filename: 'attachments', contentType: 'text/plain', data: new Uint8Array(Buffer.from('hello "world"\r\n')) },
      { filename: 'attachments', contentType: 'application/octet-stream', data: new Uint8Array([1, 2, 3]) },
    ],
  });
});

test('multipart: what a browser sends (FormData through fetch) reads the same; a broken body is a 400, a missing file part too', async () => {
  const form = new FormData();
  form.append('description', 'from a browser');
  form.append('count', '7');
  form.append('meta', JSON.stringify({ title: 'Browser' }));
  form.append('file', new File([new Uint8Array([9, 8, 7])], 'photo.png', { type: 'image/png' }));
  const r = await fetch(`${base}/upload`, { method: 'POST', body: form });
  assert.equal(r.status, 200, await r.text());
  assert.deepEqual(lastInput(), { description: 'from a browser', count: 7, meta: { title: 'Browser' }, file: { filename: 'photo.png', contentType: 'image/png', data: new Uint8Array([9, 8, 7]) } });

  const broken = await fetch(`${base}/upload`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end' });
  assert.equal(broken.status, 400);
  assert.match(((await broken.json()) as { message: string }).message, /^malformed multipart body/);
  const noBoundary = await fetch(`${base}/upload`, { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'x' });
  assert.equal(noBoundary.status, 400);

  const missing = new FormData();
  missing.append('meta', '{"title":"no file"}');
  const m = await fetch(`${base}/upload`, { method: 'POST', body: missing });
  assert.equal(m.status, 400);
  assert.deepEqual(((await m.json()) as { issues: { path: string }[] }).issues.map((i) => i.path), ['/file']);
});

test('octet-stream: every byte value arrives as sent, over node:http and over fetch, as a Uint8Array', async () => {
  const bytes = new Uint8Array(256).map((_, i) => i);
  for (const transport of [mod.nodeTransport, mod.fetchTransport]) {
    const c = new mod.BodiesClient({ baseUrl: base, transport });
    await c.putBlob({ path: { name: 'all' }, body: bytes });
    assert.equal(lastWire().headers['content-type'], 'application/octet-stream');
    assert.equal(lastWire().headers['content-length'], '256');
    assert.deepEqual(new Uint8Array(lastWire().body), bytes);
    const input = lastInput() as { path: { name: string }; body: Uint8Array };
    assert.ok(input.body instanceof Uint8Array);
    assert.deepEqual(new Uint8Array(input.body), bytes);
    await c.putBlob({ path: { name: 'blob' }, body: new Blob([bytes.subarray(0, 4)]) });
    assert.deepEqual(new Uint8Array(lastWire().body), bytes.subarray(0, 4));
  }
});

test('text/plain and application/xml: the string as it is, in UTF-8, with the documented type; the server reads the charset it is told', async () => {
  await client.postText('héllo\n  wörld');
  assert.equal(lastWire().headers['content-type'], 'text/plain');
  assert.equal(lastWire().body.toString('utf8'), 'héllo\n  wörld');
  assert.equal(lastInput(), 'héllo\n  wörld');
  const xml = '<?xml version="1.0"?><note a="1">&amp; ü</note>';
  await client.postXml(xml);
  assert.equal(lastWire().headers['content-type'], 'application/xml');
  assert.equal(lastWire().body.toString('utf8'), xml);
  assert.equal(lastInput(), xml);
  const latin1 = await fetch(`${base}/text`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=iso-8859-1' }, body: Buffer.from('caf\xe9', 'latin1') });
  assert.equal(latin1.status, 200);
  assert.equal(lastInput(), 'café');
  const long = await fetch(`${base}/text`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(101) });
  assert.equal(long.status, 400, 'the string schema (maxLength) is checked');
});

test('an undocumented media type is a 415 naming the documented ones; a body over the limit a 413', async () => {
  const r = await fetch(`${base}/xml`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"<a/>"' });
  assert.equal(r.status, 415);
  assert.match(((await r.json()) as { message: string }).message, /application\/json is not one this operation accepts \(application\/xml\)/);
  const big = await fetch(`${base}/xml`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: `<a>${'x'.repeat(70 * 1024)}</a>` });
  assert.equal(big.status, 413);
});

test('several media types: the first documented by default, another by the call\'s `contentType`; an undocumented choice fails before sending', async () => {
  const note = { title: 'Hi', tags: ['a', 'b'] };
  await client.createNote(note);
  assert.equal(lastWire().headers['content-type'], 'application/json');
  assert.equal(lastWire().body.toString(), '{"title":"Hi","tags":["a","b"]}');
  assert.deepEqual(lastInput(), note);
  await client.createNote(note, { contentType: 'application/x-www-form-urlencoded' });
  assert.equal(lastWire().headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(lastWire().body.toString(), 'title=Hi&tags=a&tags=b');
  assert.deepEqual(lastInput(), note);
  const before = wire.length;
  await assert.rejects(client.createNote(note, { contentType: 'text/csv' }), /text\/csv is not a documented request media type \(documented: application\/json, application\/x-www-form-urlencoded\)/);
  assert.equal(wire.length, before);
});

test('OAuth2: the token is sent as a bearer token; the authenticator learns the scheme kind and required scopes; granted scopes are checked', async () => {
  presented.length = 0;
  await client.createNote({ title: 'ok' });
  assert.equal(lastWire().headers.authorization, 'Bearer writer');
  assert.deepEqual(presented, [{ kind: 'oauth2', token: 'writer', scopes: ['notes:write'] }]);

  const reader = new mod.BodiesClient({ baseUrl: base, credentials: { oauth: async () => 'reader' } });
  const e = await reader.createNote({ title: 'no' }).catch((x: unknown) => x);
  assert.equal(e.status, 403);
  assert.equal(e.headers['www-authenticate'], 'Bearer error="insufficient_scope", scope="notes:write"');
  assert.match(e.headers['content-type'], /^application\/problem\+json/);
  assert.match(e.body.detail, /lack the scope createNote needs \(notes:write\)/);

  const anonymous = await fetch(`${base}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"x"}' });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
  const unknown = await fetch(`${base}/notes`, { method: 'POST', headers: { authorization: 'Bearer nobody', 'content-type': 'application/json' }, body: '{"title":"x"}' });
  assert.equal(unknown.status, 401);
  assert.equal(unknown.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
});

test('OpenID Connect: sent and accepted as a bearer token', async () => {
  presented.length = 0;
  assert.deepEqual(await client.getMe(), { ok: true });
  assert.equal(lastWire().headers.authorization, 'Bearer person');
  assert.deepEqual(presented, [{ kind: 'openid-connect', token: 'person', scopes: ['openid', 'profile'] }]);
  const r = await fetch(`${base}/me`, { headers: { authorization: 'Basic eDp5' } });
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('www-authenticate'), 'Bearer');
});

test('a request media type gen cannot handle is a located warning, and left out of client and server', async () => {
  const dir = freshDir('rest-bodies-unsupported');
  const spec = join(dir, 'unsupported.yaml');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    spec,
    [
      'openapi: 3.1.0',
      'info: { title: Unsupported, version: "1" }',
      'paths:',
      '  /mixed:',
      '    post:',
      '      operationId: mixed',
      '      requestBody:',
      '        content:',
      '          application/json: { schema: { type: object } }',
      '          multipart/mixed: { schema: { type: object } }',
      '          application/xml: { schema: { type: object } }',
      '      responses: { "204": { description: done } }',
      '',
    ].join('\n'),
  );
  const r = await genCli(spec, '--name', 'unsupported', '--out', join(dir, 'out'));
  assert.equal(r.code, 0, r.stderr);
  const rel = spec.slice(spec.indexOf('test/tmp/'));
  assert.match(r.stderr, new RegExp(`${rel}:10:11: warning: request media type multipart/mixed is not supported`));
  assert.match(r.stderr, new RegExp(`${rel}:11:\\d+: warning: application/xml body: the schema is not a string`));
  const clientText = readFileSync(join(dir, 'out/unsupported/client.ts'), 'utf8');
  assert.match(clientText, /media: \[\{ type: 'application\/json' \}, \{ type: 'application\/xml' \}\]/);
});

test('gen breaking over several media types: dropping one old clients may send breaks, adding one does not, each shared one is compared', async () => {
  const { compareApis } = await import('../../generator/breaking/compare.ts');
  const { loadOpenApi } = await import('../../generator/load/openapi.ts');
  const dir = freshDir('rest-bodies-breaking');
  mkdirSync(dir, { recursive: true });
  const text = readFileSync(join(ROOT, 'test/fixtures/openapi/bodies-31.yaml'), 'utf8');
  const load = async (name: string, edit: (t: string) => string) => {
    writeFileSync(join(dir, name), edit(text));
    return loadOpenApi(join(dir, name), 'bodies');
  };
  const both = await load('both.yaml', (t) => t);
  const jsonOnly = await load('json-only.yaml', (t) => t.replace(/(\/notes:[\s\S]*?)\n {10}application\/x-www-form-urlencoded:\n {12}schema: \{ \$ref: '#\/components\/schemas\/Note' \}/, '$1'));
  assert.equal(jsonOnly.rest!.operations.find((o) => o.id === 'createNote')!.body!.media.length, 1);
  const dropped = compareApis(both, jsonOnly).filter((c) => c.rule === 'REQ-CONTENT-TYPE-CHANGED');
  assert.equal(dropped.length, 1);
  assert.match(dropped[0]!.message, /application\/json, application\/x-www-form-urlencoded → application\/json/);
  assert.deepEqual(compareApis(jsonOnly, both).filter((c) => c.rule === 'REQ-CONTENT-TYPE-CHANGED'), []);
  // A narrower multipart field is a request break found through the multipart media type.
  const narrower = await load('narrower.yaml', (t) => t.replace('description: { type: string }', 'description: { type: string, maxLength: 3 }'));
  const changes = compareApis(both, narrower);
  assert.ok(changes.some((c) => c.paths.some((p) => p.includes('upload') && p.includes('description'))), JSON.stringify(changes.map((c) => [c.rule, c.paths])));
});
