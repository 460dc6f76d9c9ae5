/**
 * Starting the interop peers on 127.0.0.1: a server made with the `soap`
 * package (node-soap) for one of our WSDLs, our generated server stub, and
 * helpers to talk to them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import soap from 'soap';
import { ROOT } from '../../support/external.ts';

export interface Started {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

export async function listen(server: http.Server): Promise<Started> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A node-soap server for a WSDL of ours at `/service`. `services` is node-soap's
 * `{ Service: { Port: { Operation(args) { return result } } } }`. Every raw
 * request (headers and body) is recorded in `received`. `authenticate` is
 * node-soap's own hook: it gets the parsed `wsse:Security` header.
 */
export async function startNodeSoapServer(
  spec: string,
  services: Record<string, unknown>,
  authenticate?: (security: unknown) => boolean | Promise<boolean>,
): Promise<Started & { received: Received[]; path: string }> {
  const server = http.createServer();
  const received: Received[] = [];
  const started = await listen(server);
  const file = path.join(ROOT, spec);
  await new Promise<void>((resolve, reject) => {
    const s = soap.listen(server, {
      path: '/service',
      services: services as never,
      xml: readFileSync(file, 'utf8'),
      // Schema imports (schemaLocation) resolve relative to this path.
      uri: file,
      suppressStack: true,
      callback: (err: unknown) => (err ? reject(err) : resolve()),
    });
    // node-soap reports the raw request body (and the request) through its log hook.
    s.log = (type: string, data: unknown, req?: http.IncomingMessage) => {
      if (type === 'received') received.push({ headers: req?.headers ?? {}, body: String(data) });
    };
    if (authenticate) s.authenticate = authenticate;
  });
  return { ...started, received, path: '/service' };
}

/** POSTs a raw body; returns status, headers and text. */
export async function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
