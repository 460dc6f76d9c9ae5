/**
 * The stub's own answers follow the contract, on a third-party-style document whose operations
 * declare different error responses: `application/problem+json` for one, a bare JSON string for
 * 400 and an object by default for another; `WWW-Authenticate` names the operation's scheme; an
 * implementer's `formatError` replaces the shape.
 */
import { afterAll, beforeAll, test } from 'vitest';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate, importGenerated } from './support.ts';

let mod: Record<string, any>;
const servers: Server[] = [];

async function serve(extra: Record<string, unknown> = {}): Promise<string> {
  const listener = mod.createErrorsListener({
    handlers: { getThing: () => ({ name: 'a' }), postThing: (input: unknown) => input },
    authenticate: () => ({}),
    ...extra,
  });
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  mod = await importGenerated(await generate('test/fixtures/openapi/errors-31.yaml', 'rest-errors', 'errors'));
});
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
});

test('a 401 of an operation declaring application/problem+json is an RFC 9457 problem, with a Bearer challenge for OAuth2', async () => {
  const base = await serve();
  const r = await fetch(`${base}/things/1`);
  assert.equal(r.status, 401);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(r.headers.get('www-authenticate'), 'Bearer');
  assert.deepEqual(await r.json(), { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'missing or malformed credentials' });
});

test('a validation 400 where the operation declares a string is a bare JSON string; other statuses take its default object', async () => {
  const base = await serve();
  const auth = { authorization: `Basic ${Buffer.from('u:p').toString('base64')}`, 'content-type': 'application/json' };
  const bad = await fetch(`${base}/things`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'too long' }) });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()) as string, /\/name/);
  const anonymous = await fetch(`${base}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers.get('www-authenticate'), 'Basic realm="api"');
  assert.deepEqual(await anonymous.json(), { message: 'missing or malformed credentials' });
  const wrongType = await fetch(`${base}/things`, { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: '<x/>' });
  assert.equal(wrongType.status, 415);
  assert.match(((await wrongType.json()) as { message: string }).message, /expected a JSON body/);
});

test('a formatError of the implementer replaces the shape', async () => {
  const base = await serve({ formatError: (p: { status: number; message: string; operation?: string }) => ({ body: { code: p.status, why: p.message, op: p.operation ?? null }, contentType: 'application/vnd.errors+json' }) });
  const r = await fetch(`${base}/things/1`);
  assert.equal(r.status, 401);
  assert.match(r.headers.get('content-type') ?? '', /^application\/vnd\.errors\+json/);
  assert.deepEqual(await r.json(), { code: 401, why: 'missing or malformed credentials', op: 'getThing' });
  const missing = await fetch(`${base}/nowhere`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { code: 404, why: 'no operation at /nowhere', op: null });
});
