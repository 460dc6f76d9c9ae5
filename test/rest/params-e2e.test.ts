/**
 * Parameter styles end to end: `test/fixtures/openapi/params-31.yaml` (one operation per style and
 * location) generated with the real `gen` command into a temp folder, type-checked with the
 * output's own strictest tsconfig, the generated server on 127.0.0.1 echoing what it parsed, the
 * generated client calling it: every value comes back as sent, and the request on the wire is the
 * specification's serialization. A literal path segment wins over a template declared before it.
 */
import { afterAll, beforeAll, test } from 'vitest';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshDir, genCli, typecheck } from './support.ts';

const OUT = freshDir('rest-params');
let server: Server;
let base = '';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let client: any;
let warnings = '';

/** What every handler answers: the input it was given, and the request it came in. */
function echo(input: unknown, context: { request: IncomingMessage; operation: string }) {
  const { url, headers } = context.request;
  const fields = Object.fromEntries(Object.entries(headers).filter(([k]) => k.startsWith('x-') || k === 'cookie'));
  return { operation: context.operation, input: input ?? null, url, fields };
}

beforeAll(async () => {
  const r = await genCli('test/fixtures/openapi/params-31.yaml', '--name', 'params', '--out', OUT);
  assert.equal(r.code, 0, r.stderr);
  warnings = r.stderr;
  await typecheck(OUT);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const mod: any = await import(pathToFileURL(join(OUT, 'params/index.ts')).href);
  const operations = ['matrix', 'label', 'simple', 'headers', 'form', 'delimited', 'deep', 'cookies', 'content', 'reserved', 'getItem'];
  const handlers = Object.fromEntries([...operations.map((op) => [op, echo]), ['getSpecialItem', (context: Parameters<typeof echo>[1]) => echo(undefined, context)]]);
  server = createServer(mod.createParamsListener({ handlers }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new mod.ParamsClient({ baseUrl: base });
});

afterAll(() => server?.close());

const color = { R: 100, G: 200, B: 150 };

/** Calls `operation` with `input`: the server read back exactly `input`, from a request whose line is `url`. */
async function roundTrip(operation: string, input: Record<string, unknown>, url: string, fields: Record<string, string> = {}): Promise<void> {
  const answer = await client[operation](input);
  assert.equal(answer.operation, operation);
  assert.deepEqual(answer.input, input, `${operation}: what the server read`);
  assert.equal(answer.url, url, `${operation}: the request line`);
  assert.deepEqual(answer.fields, fields, `${operation}: the header fields`);
}

test('gen raises no warning for styles the specification defines', () => {
  assert.equal(warnings, '');
});

test('matrix path parameters: primitive, array and object, exploded or not', async () => {
  await roundTrip(
    'matrix',
    { path: { prim: 5, arr: ['a b', 'c,d', 'é;=/'], obj: color, arrx: [1, 2, 3], objx: { R: 1, G: 2, B: 3 } } },
    '/matrix/;prim=5/;arr=a%20b,c%2Cd,%C3%A9%3B%3D%2F/;obj=R,100,G,200,B,150/;arrx=1;arrx=2;arrx=3/;R=1;G=2;B=3',
  );
});

test('label path parameters', async () => {
  await roundTrip('label', { path: { prim: true, arr: ['x', 'y z'], obj: color, arrx: [4, 5], objx: { R: 1, G: 2, B: 3 } } }, '/label/.true/.x,y%20z/.R,100,G,200,B,150/.4.5/.R=1.G=2.B=3');
});

test('simple path parameters (the default)', async () => {
  await roundTrip('simple', { path: { prim: 'a/b c', arr: [1, 2], obj: color, objx: color } }, '/simple/a%2Fb%20c/1,2/R,100,G,200,B,150/R=100,G=200,B=150');
});

test('header parameters: simple, and a JSON content header', async () => {
  await roundTrip('headers', { header: { 'X-Prim': 2.5, 'X-Arr': ['a', 'b'], 'X-Obj': color, 'X-Objx': color, 'X-Json': color } }, '/headers', {
    'x-prim': '2.5',
    'x-arr': 'a,b',
    'x-obj': 'R,100,G,200,B,150',
    'x-objx': 'R=100,G=200,B=150',
    'x-json': '{"R":100,"G":200,"B":150}',
  });
});

test('form query parameters: exploded arrays repeat, unexploded ones join; exploded objects spread, free-form ones take the rest', async () => {
  await roundTrip(
    'form',
    { query: { prim: false, arr: [1, 2], arrc: ['a', 'b,c'], obj: color, point: { x: 1, y: 2 }, extra: { k: 7, m: 8 } } },
    '/form?prim=false&arr=1&arr=2&arrc=a,b%2Cc&obj=R,100,G,200,B,150&x=1&y=2&k=7&m=8',
  );
});

test('spaceDelimited and pipeDelimited query parameters', async () => {
  await roundTrip(
    'delimited',
    { query: { spaced: ['a', 'b'], spacedObj: color, piped: [1, 2, 3], pipedObj: color } },
    '/delimited?spaced=a%20b&spacedObj=R%20100%20G%20200%20B%20150&piped=1%7C2%7C3&pipedObj=R%7C100%7CG%7C200%7CB%7C150',
  );
});

test('deepObject query parameters keep their name (`created: {gt: 1}` is not `gt=1`)', async () => {
  await roundTrip('deep', { query: { created: { gt: 1, lt: 9 }, color } }, '/deep?created%5Bgt%5D=1&created%5Blt%5D=9&color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150');
});

test('cookie parameters: form, pairs separated by `; `', async () => {
  await roundTrip('cookies', { cookie: { session: 's 1', arr: [1, 2], arrx: ['a', 'b'], obj: color } }, '/cookies', {
    cookie: 'session=s%201; arr=1,2; arrx=a; arrx=b; obj=R,100,G,200,B,150',
  });
});

test('content parameters travel as one document (JSON text) in the path, the query and a cookie', async () => {
  const where = encodeURIComponent(JSON.stringify(color));
  const coordinates = encodeURIComponent(JSON.stringify({ lat: 1.5, long: -2 }));
  await roundTrip('content', { path: { where: color }, query: { coordinates: { lat: 1.5, long: -2 } }, cookie: { note: 'hi there' } }, `/content/${where}?coordinates=${coordinates}`, {
    cookie: 'note=hi%20there',
  });
});

test('allowReserved leaves reserved characters as they are; without it they are encoded', async () => {
  await roundTrip('reserved', { query: { path: 'a/b?c', plain: 'a/b?c' } }, '/reserved?path=a/b?c&plain=a%2Fb%3Fc');
});

test('the server reads other spellings of the delimiters, and validates what it parsed', async () => {
  const raw = await fetch(`${base}/delimited?piped=1|2|3&spaced=a+b&spacedObj=R+1+G+2+B+3`);
  assert.equal(raw.status, 200);
  assert.deepEqual(((await raw.json()) as { input: unknown }).input, { query: { spaced: ['a', 'b'], spacedObj: { R: 1, G: 2, B: 3 }, piped: [1, 2, 3] } });
  const deep = await fetch(`${base}/deep?created[gt]=3`);
  assert.deepEqual(((await deep.json()) as { input: unknown }).input, { query: { created: { gt: 3 } } });
  const bad = await fetch(`${base}/matrix/;prim=x/;arr=a/;obj=R,1,G,2,B,3/;arrx=1/;R=1;G=2;B=3`);
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(await bad.json()), /\/path\/prim/);
  const wrongStyle = await fetch(`${base}/matrix/5/;arr=a/;obj=R,1,G,2,B,3/;arrx=1/;R=1;G=2;B=3`);
  assert.equal(wrongStyle.status, 400, 'a matrix value without its `;prim=` is not read as one');
});

test('a literal path segment wins over a template declared before it', async () => {
  assert.equal((await client.getItem({ path: { id: 'special' } })).operation, 'getSpecialItem');
  assert.deepEqual((await client.getItem({ path: { id: 'other' } })).input, { path: { id: 'other' } });
});
