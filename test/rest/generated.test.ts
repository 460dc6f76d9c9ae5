/**
 * Generated REST code for the fixture documents: it type-checks under strict,
 * and the generated client talks to the generated server over real node:http
 * on 127.0.0.1 (GET and DELETE with JSON bodies, auth by key type, 400 with a
 * field path, lossless big integers, bare-string answers).
 */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate, importGenerated, typecheck, type Generated } from './support.ts';

let petstore: Generated;
let shapes: Generated;
let server: Server;
let base = '';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let mod: any;
const seen: { op: string; input: unknown; principal: unknown }[] = [];

beforeAll(async () => {
  petstore = await generate('test/fixtures/openapi/petstore-30.yaml', 'rest-petstore', 'petstore');
  shapes = await generate('test/fixtures/openapi/shapes-31.yaml', 'rest-shapes', 'shapes');
  mod = await importGenerated(petstore);
  const keys: Record<string, string> = { 'r-secret': 'READ', 'w-secret': 'WRITE' };
  const listener = mod.createPetstoreListener({
    basePath: '/v1',
    authenticate: (c: { parts?: { accountID: string; secret: string } }) => (c.parts && c.parts.accountID === '42' && keys[c.parts.secret] ? { keyType: keys[c.parts.secret] } : undefined),
    handlers: {
      listPets(input: unknown, ctx: { principal: unknown }) {
        seen.push({ op: 'listPets', input, principal: ctx.principal });
        return [{ kind: 'dog', id: '9007199254740993', name: 'Rex', barks: true }];
      },
      createPet(input: { name: string }) {
        seen.push({ op: 'createPet', input, principal: undefined });
        if (input.name === 'Boom') throw new Error('database exploded at /secret/path.ts:12');
        return input;
      },
      getPet(input: { path: { petId: number } }) {
        if (input.path.petId === 404) return mod.reply(404, { code: 404, message: 'no such pet' });
        return { kind: 'cat', id: input.path.petId, name: 'Tom', lives: 9 };
      },
      deletePet(input: unknown) {
        seen.push({ op: 'deletePet', input, principal: undefined });
        return undefined;
      },
      putOwner(input: unknown) {
        return input;
      },
      health() {
        return 'OK';
      },
    },
  });
  server = createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => server?.close());

test('generated code for the 3.0 and 3.1 fixtures type-checks under strict', async () => {
  await typecheck(petstore.root);
  await typecheck(shapes.root);
});

const client = (secret?: string) => new mod.PetstoreClient({ baseUrl: base, credentials: secret ? { keyAuth: { accountID: '42', secret } } : {} });

test('GET with a JSON body, query and header parameters reaches the handler coerced and validated', async () => {
  seen.length = 0;
  const pets = await client('r-secret').listPets({ query: { limit: 5, tags: ['a', 'b'] }, header: { 'X-Request-Id': 'req-1' }, body: { kind: 'dog' } });
  assert.equal(pets[0].id, '9007199254740993', 'an integer beyond 2^53 arrives as a string, not rounded');
  assert.deepEqual(seen[0], {
    op: 'listPets',
    input: { query: { limit: 5, tags: ['a', 'b'] }, header: { 'X-Request-Id': 'req-1' }, body: { kind: 'dog' } },
    principal: { keyType: 'READ' },
  });
});

test('DELETE with a JSON body and a path parameter', async () => {
  seen.length = 0;
  const result = await client('w-secret').deletePet({ path: { petId: 7 }, body: { reason: 'adopted' } });
  assert.equal(result, undefined);
  assert.deepEqual(seen[0]!.input, { path: { petId: 7 }, body: { reason: 'adopted' } });
});

test('key types: READ may list but not delete (403); no or wrong credentials get 401', async () => {
  await assert.rejects(client('r-secret').deletePet({ path: { petId: 7 }, body: { reason: 'lost' } }), (e: { status: number; body: { message: string } }) => {
    assert.equal(e.status, 403);
    assert.match(e.body.message, /READ may not call deletePet/);
    return true;
  });
  await assert.rejects(client().listPets({ body: {} }), (e: { status: number }) => e.status === 401);
  await assert.rejects(client('nope').listPets({ body: {} }), (e: { status: number }) => e.status === 401);
  // An open operation needs nothing; a bare-string answer comes back as a string.
  assert.equal(await client().health(), 'OK');
});

test('bad input answers 400 naming the field by JSON pointer', async () => {
  await assert.rejects(client('w-secret').createPet({ kind: 'dog', id: 1, name: '', barks: true }), (e: { status: number; body: { message: string; issues: { path: string }[] } }) => {
    assert.equal(e.status, 400);
    assert.match(e.body.message, /\/name: length must be at least 1/);
    return true;
  });
  await assert.rejects(client('w-secret').createPet({ kind: 'cat', id: 1, name: 'Tom', lives: 10 }), (e: { status: number; body: { issues: { path: string; code: string }[] } }) => {
    assert.deepEqual(e.body.issues.map((i) => [i.path, i.code]), [['/lives', 'range']]);
    return true;
  });
  await assert.rejects(client('r-secret').listPets({ query: { limit: 0 } }), (e: { status: number; body: { issues: { path: string }[] } }) => {
    assert.equal(e.status, 400);
    assert.equal(e.body.issues[0]!.path, '/query/limit');
    return true;
  });
  await assert.rejects(
    client('w-secret').putOwner({ name: 'ann', pets: [{ kind: 'dog', id: 1, name: 'R', barks: 'yes' }], extra: 1 }),
    (e: { body: { issues: { path: string }[] } }) => {
      assert.deepEqual(e.body.issues.map((i) => i.path).sort(), ['/extra', '/name', '/pets/0/barks']);
      return true;
    },
  );
});

test('handler replies, handler crashes without leaking, routing errors', async () => {
  await assert.rejects(client('r-secret').getPet({ path: { petId: 404 } }), (e: { status: number; body: unknown }) => {
    assert.equal(e.status, 404);
    assert.deepEqual(e.body, { code: 404, message: 'no such pet' });
    return true;
  });
  const cat = await client('r-secret').getPet({ path: { petId: 3 } });
  assert.deepEqual(cat, { kind: 'cat', id: 3, name: 'Tom', lives: 9 });
  await assert.rejects(client('w-secret').createPet({ kind: 'dog', id: 1, name: 'Boom', barks: true }), (e: { status: number; text: string }) => {
    assert.equal(e.status, 500);
    assert.doesNotMatch(e.text, /exploded|secret|\.ts/);
    return true;
  });
  const raw = (method: string, path: string, body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${base}${path}`, { method, headers: { authorization: 'bearer 42:w-secret', 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  assert.equal((await raw('GET', '/nowhere')).status, 404);
  assert.equal((await raw('PATCH', '/pets')).status, 405);
  const malformed = await raw('POST', '/pets', '{"kind": ');
  assert.equal(malformed.status, 400);
  assert.match(malformed.text, /malformed JSON/);
  // Authorization scheme names are case-insensitive.
  assert.equal((await raw('GET', '/pets/5')).status, 200);
});

test('timeouts and abort signals reach the transport', async () => {
  const controller = new AbortController();
  controller.abort(new Error('stop'));
  await assert.rejects(client('r-secret').getPet({ path: { petId: 3 } }, { signal: controller.signal }));
  const slow = createServer(() => {
    /* never answers */
  });
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  const c = new mod.PetstoreClient({ baseUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`, timeoutMs: 150 });
  // The server never answers: only the client's timeout can end the call.
  await assert.rejects(c.health(), (e: unknown) => (e as { code?: string }).code === 'timeout' || /timeout|timed out/i.test(String(e)));
  slow.closeAllConnections();
  slow.close();
});

test('an injected transport sees the documented request: bearer token, JSON body on GET', async () => {
  const requests: { method: string; url: string; headers: Record<string, string>; body?: unknown }[] = [];
  const c = new mod.PetstoreClient({
    baseUrl: 'http://example.invalid/v1',
    credentials: { keyAuth: () => ({ accountID: '42', secret: 'abc' }) },
    headers: { 'x-extra': '1' },
    transport: async (r: { method: string; url: string; headers: Record<string, string>; body?: unknown }) => {
      requests.push(r);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' };
    },
  });
  await c.listPets({ query: { tags: ['x y'] }, body: { kind: 'cat' } });
  assert.equal(requests[0]!.method, 'GET');
  assert.equal(requests[0]!.url, 'http://example.invalid/v1/pets?tags=x%20y');
  assert.equal(requests[0]!.headers.authorization, 'bearer 42:abc');
  assert.equal(requests[0]!.headers['x-extra'], '1');
  assert.equal(requests[0]!.body, '{"kind":"cat"}');
});

test('an independent client (curl) gets the same answers: JSON body on GET, 400 with the field, 403 by key type', async () => {
  const { execFile } = await import('node:child_process');
  const curl = (args: string[]) =>
    new Promise<{ status: number; body: string }>((resolve, reject) =>
      execFile('curl', ['-s', '-w', '\n%{http_code}', ...args], (err, stdout) => {
        if (err) return reject(err);
        const at = stdout.lastIndexOf('\n');
        resolve({ status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) });
      }),
    );
  const json = ['-H', 'content-type: application/json'];
  const ok = await curl(['-X', 'GET', `${base}/pets?limit=2`, '-H', 'Authorization: bearer 42:r-secret', ...json, '--data', '{"kind":"dog"}']);
  assert.equal(ok.status, 200);
  assert.match(ok.body, /"id":"9007199254740993"/);
  const bad = await curl(['-X', 'GET', `${base}/pets`, '-H', 'Authorization: Bearer 42:r-secret', ...json, '--data', '{"kind":"cow"}']);
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).message, /\/body\/kind: expected one of dog, cat/);
  const forbidden = await curl(['-X', 'DELETE', `${base}/pets/1`, '-H', 'Authorization: bearer 42:r-secret', ...json, '--data', '{"reason":"lost"}']);
  assert.equal(forbidden.status, 403);
  const anonymous = await curl(['-X', 'GET', `${base}/pets`]);
  assert.equal(anonymous.status, 401);
});

test('emitting is deterministic', async () => {
  const again = await generate('test/fixtures/openapi/petstore-30.yaml', 'rest-petstore-again', 'petstore');
  assert.deepEqual(again.files, petstore.files);
});

test('validateResponses: an answer that breaks the response schema is a bug of the implementation (500, onError), checked only when asked', async () => {
  const errors: unknown[] = [];
  const wrongPet = { kind: 'cat', id: 7, name: 42, lives: 'nine' }; // name and lives of the wrong types
  const listenerFor = (validateResponses: boolean) =>
    mod.createPetstoreListener({
      authenticate: () => ({ keyType: 'READ' }),
      onError: (e: unknown) => errors.push(e),
      validateResponses,
      handlers: { getPet: () => wrongPet, listPets: () => [], createPet: () => ({}), deletePet: () => undefined, putOwner: () => ({}), health: () => 'OK' },
    });
  for (const validate of [true, false]) {
    const srv = createServer(listenerFor(validate));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const c = new mod.PetstoreClient({ baseUrl: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, credentials: { keyAuth: { accountID: '42', secret: 'r-secret' } } });
    errors.length = 0;
    if (validate) {
      await assert.rejects(c.getPet({ path: { petId: 7 } }), (e: { status?: number }) => e.status === 500);
      assert.equal(errors.length, 1);
      assert.match(String(errors[0]), /getPet: the handler.s answer does not match the contract: .*\/name/);
    } else {
      assert.deepEqual(await c.getPet({ path: { petId: 7 } }), wrongPet, 'off by default: sent as the handler returned it');
      assert.equal(errors.length, 0);
    }
    srv.close();
  }
});
