/**
 * The reference server: one node:http server, one store, every API mounted
 * at its vendor-like path. `createApp` is what main.ts and the tests start.
 */
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBoundedServer, type ServerLimits } from '../generated/runtime/http-server.js';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createWsListener } from '../generated/genopro/server.js';
import { createVendorServiceListener } from '../generated/xformation/server.js';
import { createXmlLicenseServiceListener } from '../generated/solo/server.js';
import { openStore, type Db } from './db/store.ts';
import type { FailureLimits } from './auth.ts';
import { handleCors, type CorsPolicy } from './cors.ts';
import { ensureDemo, type DemoCredentials } from './db/seed.ts';
import { genoproHandlers } from './apis/genopro.ts';
import { xformationHandlers } from './apis/xformation.ts';
import { soloHandlers } from './apis/solo.ts';
import { mountZentitle } from './apis/zentitle-mount.ts';
import { collectDocs, renderIndex, staticAsset, type ApiDoc } from './index-page.ts';
import { WSDL as GENOPRO_WSDL } from '../generated/genopro/wsdl.js';
import { WSDL as XFORMATION_WSDL } from '../generated/xformation/wsdl.js';
import { WSDL as SOLO_WSDL } from '../generated/solo/wsdl.js';

export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface Mount {
  /** Display name on the index page. */
  name: string;
  /** Path prefix (SOAP: the exact endpoint path). */
  path: string;
  kind: 'soap' | 'rest';
  /** Contract file under specs/. */
  spec: string;
  listener: Listener;
  /** SOAP: the WSDL text the listener serves (for the index page). */
  wsdl?: string;
}

export interface AppOptions {
  dataDir: string;
  /** Where request log lines go (default: stdout). */
  log?: (line: string) => void;
  /** Connection and timeout limits (default: the generated runtime's DEFAULT_SERVER_LIMITS). */
  serverLimits?: Partial<ServerLimits>;
  /** Failed-authentication limits (default: server/auth.ts DEFAULT_FAILURE_LIMITS). */
  authFailureLimits?: FailureLimits;
  /** Which browser origins may call the APIs (default `*`; see cors.ts). */
  cors?: CorsPolicy;
}

export interface App {
  server: http.Server;
  db: Db;
  demo: DemoCredentials;
  mounts: Mount[];
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

/** A per-data-dir secret for keyed fingerprints (card numbers) and sealed passwords; created once, never leaves the data dir. */
function serverSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, 'server-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
}

export function createApp(options: AppOptions): App {
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const db = openStore(options.dataDir);
  const demo = ensureDemo(db, options.dataDir);
  const secret = serverSecret(options.dataDir);
  const onError = (error: unknown) => log(JSON.stringify({ level: 'error', msg: 'handler error', error: String((error as Error)?.stack ?? error) }));

  const mounts: Mount[] = [
    { name: 'GenoPro', path: '/ws.asmx', kind: 'soap', spec: 'genopro.wsdl', wsdl: GENOPRO_WSDL, listener: createWsListener(genoproHandlers(db, secret), { onError }) },
    { name: 'X-Formation vendor API', path: '/soap/type/vendor/version/1', kind: 'soap', spec: 'xformation.wsdl', wsdl: XFORMATION_WSDL, listener: createVendorServiceListener(xformationHandlers(db), { onError }) },
    { name: 'SOLO Server XmlLicenseService', path: '/solo/webservices/XmlLicenseService.asmx', kind: 'soap', spec: 'solo.wsdl', wsdl: SOLO_WSDL, listener: createXmlLicenseServiceListener(soloHandlers(db, secret), { onError }) },
    ...mountZentitle(db, onError, options.authFailureLimits),
  ];

  const inFlight = new Set<ServerResponse>();
  const server = createBoundedServer((req, res) => {
    const started = process.hrtime.bigint();
    inFlight.add(res);
    const url = req.url ?? '/';
    const pathname = url.split('?')[0]!;
    res.on('close', () => {
      inFlight.delete(res);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(JSON.stringify({ time: new Date().toISOString(), method: req.method, path: pathname, status: res.statusCode, ms: Math.round(ms * 10) / 10 }));
    });
    try {
      if (handleCors(req, res, options.cors ?? '*')) return;
      route(req, res, pathname);
    } catch (e) {
      onError(e);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal server error\n');
    }
  }, options.serverLimits);
  // Shutdown does not wait for idle keep-alive sockets: close() closes them (closeIdleConnections).

  let docs: Promise<ApiDoc[]> | undefined;

  function route(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const lower = pathname.toLowerCase();
    for (const m of mounts) {
      const p = m.path.toLowerCase();
      if (m.kind === 'soap' ? lower === p : lower === p || lower.startsWith(p + '/')) {
        m.listener(req, res);
        return;
      }
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (pathname === '/' || pathname === '/index.html') {
        docs ??= collectDocs(mounts);
        docs.then(
          (d) => {
            const html = renderIndex(d);
            res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
            res.end(req.method === 'HEAD' ? undefined : html);
          },
          (e) => {
            onError(e);
            res.writeHead(500, { 'Content-Type': 'text/plain' });
            res.end('Cannot read the contracts\n');
          },
        );
        return;
      }
      const asset = staticAsset(pathname);
      if (asset) {
        res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': asset.body.byteLength });
        res.end(req.method === 'HEAD' ? undefined : asset.body);
        return;
      }
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: `No API at ${pathname}; see / for the list` }));
  }

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => {
        db.close();
        resolve();
      });
      server.closeIdleConnections();
      // Requests still running get to finish; their keep-alive sockets close once they have.
      const poll = setInterval(() => {
        server.closeIdleConnections();
        if (inFlight.size === 0) clearInterval(poll);
      }, 50);
      poll.unref();
    });
    return closing;
  }

  return { server, db, demo, mounts, close };
}
