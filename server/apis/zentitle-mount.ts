/**
 * Mounts the Zentitle SOAP web services (/shaferws.asmx) and REST Web API (/api/<Controller>), both over
 * the one Zentitle store, plus the interactive REST reference (swagger-ui-dist, served from local assets
 * at /api/docs/, reading /openapi.yaml; nothing is fetched from the internet).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/store.ts';
import type { Mount } from '../app.ts';
import { createShaferWSListener } from '../../generated/zentitle/server.js';
import { WSDL as ZENTITLE_WSDL } from '../../generated/zentitle/wsdl.js';
import { createZentitleRestListener } from '../../generated/zentitle-rest/server.js';
import { zentitleSoapHandlers } from './zentitle-soap.ts';
import { zentitleRestHandlers } from './zentitle-rest.ts';
import { FailureLimiter, type FailureLimits } from '../auth.ts';

const DOCS = '/api/docs';

/** The swagger-ui-dist directory, or undefined when the package is not installed. */
function swaggerDir(): string | undefined {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch {
    return undefined;
  }
}

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Zentitle REST Web API reference</title>
<link rel="stylesheet" href="${DOCS}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="${DOCS}/swagger-ui-bundle.js"></script>
<script src="${DOCS}/swagger-ui-standalone-preset.js"></script>
<script src="${DOCS}/init.js"></script>
</body></html>`;

// validatorUrl null: the default would call validator.swagger.io from the browser.
const INIT_JS = `window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], plugins: [SwaggerUIBundle.plugins.DownloadUrl], layout: 'StandaloneLayout' });\n`;

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.map': 'application/json' };
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-16x16.png', 'favicon-32x32.png', 'swagger-ui.css.map', 'swagger-ui-bundle.js.map', 'swagger-ui-standalone-preset.js.map']);

function serveDocs(req: IncomingMessage, res: ServerResponse, pathname: string, dir: string | undefined): void {
  const send = (status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'Method not allowed\n');
  if (pathname === DOCS) {
    res.writeHead(301, { Location: `${DOCS}/` });
    res.end();
    return;
  }
  const name = pathname.slice(DOCS.length + 1);
  if (!dir) return send(503, 'text/plain; charset=utf-8', 'swagger-ui-dist is not installed\n');
  if (name === '' || name === 'index.html') return send(200, 'text/html; charset=utf-8', DOCS_HTML);
  if (name === 'init.js') return send(200, TYPES['.js']!, INIT_JS);
  if (!ASSETS.has(name)) return send(404, 'text/plain; charset=utf-8', 'Not found\n');
  send(200, TYPES[path.extname(name)] ?? 'application/octet-stream', fs.readFileSync(path.join(dir, name)));
}

export function mountZentitle(db: Db, onError: (e: unknown) => void, limits?: FailureLimits): Mount[] {
  // One limiter for both surfaces: a customer's failed attempts count alike over SOAP and REST.
  const limiter = new FailureLimiter(limits);
  const rest = zentitleRestHandlers(db, limiter);
  const restListener = createZentitleRestListener({ handlers: rest.handlers, authenticate: rest.authenticate, onError, validateResponses: true }); // the reference server must not drift from its contract
  const dir = swaggerDir();
  return [
    { name: 'Zentitle SOAP web services', path: '/shaferws.asmx', kind: 'soap', spec: 'zentitle.wsdl', wsdl: ZENTITLE_WSDL, listener: createShaferWSListener(zentitleSoapHandlers(db, limiter), { onError }) },
    {
      name: 'Zentitle REST Web API', path: '/api', kind: 'rest', spec: 'zentitle.openapi.yaml',
      listener: (req, res) => {
        const pathname = (req.url ?? '/').split('?')[0]!;
        if (pathname === DOCS || pathname.startsWith(`${DOCS}/`)) serveDocs(req, res, pathname, dir);
        else void restListener(req, res);
      },
    },
  ];
}
