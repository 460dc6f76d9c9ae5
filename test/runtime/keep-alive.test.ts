/**
 * The keep-alive race, reproduced deterministically: a raw TCP server answers the first request on
 * a connection with keep-alive, then closes that connection without answering when the next
 * request arrives on it (what a server does when its keep-alive timeout fires as the request goes
 * out). The default transport must send an idempotent request once more on a new connection, and
 * must not repeat a POST. `withRetries` retries transient failures of idempotent requests.
 */
import { afterEach, test } from 'vitest';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { nodeTransport, TransportError, withRetries, type Transport } from '../../generator/runtime/http.ts';

interface RaceServer {
  base: string;
  /** Requests seen, as `<connection #> <request line>`. */
  seen: string[];
  close(): Promise<void>;
}

/** Every connection answers its first request, then drops the connection on the second one. */
const ANSWER = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=60\r\n\r\nok';

async function raceServer(): Promise<RaceServer> {
  const seen: string[] = [];
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const id = ++connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let requests = 0;
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end;
      while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
        const head = buffer.slice(0, end);
        const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.slice(end + 4 + length);
        seen.push(`${id} ${head.split('\r\n')[0]}`);
        if (++requests === 1) socket.write(ANSWER);
        else socket.destroy(); // the server's keep-alive timer fired: the request is not answered
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let current: RaceServer | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

test('an idempotent request that fails on a reused socket before any answer is sent once more on a new connection', async () => {
  const srv = (current = await raceServer());
  assert.equal((await nodeTransport({ method: 'GET', url: `${srv.base}/a`, headers: {} })).body, 'ok');
  // The same keep-alive socket is reused and dropped by the server; the transport retries on a new one.
  assert.equal((await nodeTransport({ method: 'GET', url: `${srv.base}/b`, headers: {} })).body, 'ok');
  assert.deepEqual(srv.seen, ['1 GET /a HTTP/1.1', '1 GET /b HTTP/1.1', '2 GET /b HTTP/1.1']);
});

test('a POST on a reused socket is not repeated: the failure is reported', async () => {
  const srv = (current = await raceServer());
  await nodeTransport({ method: 'POST', url: `${srv.base}/a`, headers: {}, body: 'x' });
  await assert.rejects(nodeTransport({ method: 'POST', url: `${srv.base}/b`, headers: {}, body: 'y' }), (e: unknown) => e instanceof TransportError && e.code === 'network');
  assert.deepEqual(srv.seen, ['1 POST /a HTTP/1.1', '1 POST /b HTTP/1.1']);
});

test('withRetries: transient answers of idempotent requests are retried with backoff; POSTs are not', async () => {
  let calls = 0;
  const flaky: Transport = async (request) => {
    calls++;
    if (calls < 3) return { status: 503, headers: {}, body: 'busy' };
    return { status: 200, headers: {}, body: request.method };
  };
  const retrying = withRetries(flaky, { retries: 3, baseDelayMs: 1 });
  assert.deepEqual(await retrying({ method: 'GET', url: 'http://127.0.0.1/', headers: {} }), { status: 200, headers: {}, body: 'GET' });
  assert.equal(calls, 3);
  calls = 0;
  assert.equal((await retrying({ method: 'POST', url: 'http://127.0.0.1/', headers: {} })).status, 503);
  assert.equal(calls, 1, 'a POST is sent once');
  calls = 0;
  const giveUp = withRetries(async () => { calls++; throw new TransportError('network', 'refused'); }, { retries: 2, baseDelayMs: 1 });
  await assert.rejects(giveUp({ method: 'DELETE', url: 'http://127.0.0.1/', headers: {} }), TransportError);
  assert.equal(calls, 3, 'first attempt and two retries');
});
