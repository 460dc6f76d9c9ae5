/**
 * Bounded resources of the generated runtime's server (createBoundedServer): a client that
 * trickles its body or never finishes its headers is answered 408 and disconnected, and
 * connections beyond the limit are refused while the ones held keep working. Deadlines are set
 * short here; the tests wait for the outcome, never for a time.
 */
import { afterEach, test } from 'vitest';
import assert from 'node:assert/strict';
import type http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createBoundedServer, DEFAULT_SERVER_LIMITS, type ServerLimits } from '../../generator/runtime/http-server.ts';

let server: http.Server | undefined;
const clients: net.Socket[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

/** A server echoing the body length, with `limits`. */
async function start(limits: Partial<ServerLimits>): Promise<number> {
  server = createBoundedServer((req, res) => {
    let size = 0;
    req.on('data', (c: Buffer) => (size += c.byteLength));
    req.on('end', () => res.end(String(size)));
  }, limits);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Connects, sends `text`, and resolves with everything received once the server closes the connection. */
function connect(port: number, text: string): { socket: net.Socket; closed: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  clients.push(socket);
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => undefined); // a refused or reset connection is an outcome here
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.write(text);
  return { socket, closed };
}

const connections = (): Promise<number> => new Promise((resolve, reject) => server!.getConnections((e, n) => (e ? reject(e) : resolve(n))));

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}

test('the defaults are bounded (Node alone allows 300 s per request and unlimited connections)', () => {
  assert.ok(DEFAULT_SERVER_LIMITS.requestTimeoutMs <= 60_000);
  assert.ok(DEFAULT_SERVER_LIMITS.headersTimeoutMs <= 15_000);
  assert.ok(Number.isFinite(DEFAULT_SERVER_LIMITS.maxConnections));
  assert.ok(DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs > 5000, 'longer than Node clients\' 5 s idle sockets');
});

test('a body trickled past the request deadline is answered 408 and the connection closed', async () => {
  const port = await start({ requestTimeoutMs: 400, headersTimeoutMs: 400 });
  const { socket, closed } = connect(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n');
  const drip = setInterval(() => socket.writable && socket.write('x'), 50);
  try {
    assert.match(await closed, /^HTTP\/1\.1 408/);
  } finally {
    clearInterval(drip);
  }
});

test('headers that never end are answered 408 and the connection closed', async () => {
  const port = await start({ headersTimeoutMs: 300, requestTimeoutMs: 300 });
  const { closed } = connect(port, 'GET / HTTP/1.1\r\nHost: x\r\n');
  assert.match(await closed, /^HTTP\/1\.1 408/);
});

test('connections beyond maxConnections are refused; the ones held still work and a freed slot is reused', async () => {
  const port = await start({ maxConnections: 3 });
  const held = [0, 1, 2].map(() => connect(port, 'GET / HTTP/1.1\r\nHost: x\r\n'));
  await until(async () => (await connections()) === 3);
  const extra = connect(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(await extra.closed, '', 'refused without an answer');
  // A held connection finishes its request normally.
  held[0]!.socket.write('Connection: close\r\n\r\n');
  assert.match(await held[0]!.closed, /^HTTP\/1\.1 200[\s\S]*\r\n\r\n0$/);
  await until(async () => (await connections()) === 2);
  const next = connect(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(await next.closed, /^HTTP\/1\.1 200/);
});
