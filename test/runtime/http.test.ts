import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { nodeTransport, TransportError } from '../../generator/runtime/http.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let base = '';
const seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/slow') {
        setTimeout(() => {
          if (!res.destroyed) res.end('late');
        }, 3000).unref();
        return;
      }
      if (req.url === '/latin1') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=ISO-8859-1' });
        res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1
        return;
      }
      if (req.url === '/gzip') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        res.end(gzipSync(Buffer.from('{"zipped":"ü"}')));
        return;
      }
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Multi': ['a', 'b'] });
      res.end(JSON.stringify({ echo: Buffer.concat(chunks).toString('utf8'), method: req.method }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

test('GET with a JSON body reaches the server, with Content-Length', async () => {
  const body = JSON.stringify({ licenseCode: '9007199254740993', name: 'Zoë' });
  const res = await nodeTransport({ method: 'GET', url: `${base}/api/License`, headers: { 'Content-Type': 'application/json' }, body });
  assert.equal(res.status, 201);
  assert.equal(res.headers['content-type'], 'application/json');
  assert.equal(res.headers['x-multi'], 'a, b');
  assert.deepEqual(JSON.parse(res.body), { echo: body, method: 'GET' });
  const got = seen.at(-1) as Seen;
  assert.equal(got.method, 'GET');
  assert.equal(got.body, body);
  assert.equal(got.headers['content-length'], String(Buffer.byteLength(body)));
});

test('DELETE with a body, Uint8Array body, basic auth', async () => {
  const res = await nodeTransport({
    method: 'DELETE',
    url: `${base}/x`,
    headers: {},
    body: new TextEncoder().encode('bytes!'),
    basicAuth: { username: 'user', password: 'p:w' },
  });
  assert.equal(JSON.parse(res.body).echo, 'bytes!');
  const got = seen.at(-1) as Seen;
  assert.equal(got.method, 'DELETE');
  assert.equal(got.headers['authorization'], `Basic ${Buffer.from('user:p:w').toString('base64')}`);
});

test('response charset is respected; gzip bodies are decoded', async () => {
  assert.equal((await nodeTransport({ method: 'GET', url: `${base}/latin1`, headers: {} })).body, 'café');
  assert.equal((await nodeTransport({ method: 'GET', url: `${base}/gzip`, headers: {} })).body, '{"zipped":"ü"}');
});

test('timeout rejects with TransportError("timeout")', async () => {
  await assert.rejects(
    nodeTransport({ method: 'POST', url: `${base}/slow`, headers: {}, body: 'x', timeoutMs: 200 }),
    (e: unknown) => e instanceof TransportError && e.code === 'timeout' && /200 ms/.test(e.message),
  );
});

test('abort rejects with the signal reason; an already-aborted signal rejects at once', async () => {
  const controller = new AbortController();
  const p = nodeTransport({ method: 'GET', url: `${base}/slow`, headers: {}, signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(p, (e: unknown) => e instanceof Error && e.name === 'AbortError');
  const reason = new Error('stop now');
  await assert.rejects(
    nodeTransport({ method: 'GET', url: `${base}/`, headers: {}, signal: AbortSignal.abort(reason) }),
    (e: unknown) => e === reason,
  );
});

test('connection failures are TransportError("network")', async () => {
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  await assert.rejects(
    nodeTransport({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} }),
    (e: unknown) => e instanceof TransportError && e.code === 'network' && /ECONNREFUSED/.test(e.message),
  );
  await assert.rejects(nodeTransport({ method: 'GET', url: 'ftp://127.0.0.1/', headers: {} }), /unsupported URL scheme/);
});
