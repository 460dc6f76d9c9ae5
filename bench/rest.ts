/**
 * The REST server case's subject: the server stub generated (in this run) for
 * the Zentitle REST contract, `GET /api/LicenseCode` with its JSON body: the
 * stub reads, parses, authenticates and validates it, the handler echoes the
 * validated input. The ceiling echoes the same body without any of that.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REST_API = 'zentitle-rest';
export const REST_SPEC = 'specs/zentitle.openapi.yaml';

export interface RestRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The request to load the server with, or why the case cannot run. */
export async function prepareRest(genDir: string): Promise<string | RestRequest> {
  const server = path.join(genDir, REST_API, 'server.ts');
  if (!existsSync(server)) return `no generated REST server (${REST_SPEC} did not generate into ${path.relative(ROOT, genDir)}/${REST_API})`;
  const mod = await import(pathToFileURL(server).href);
  if (typeof mod.createZentitleRestListener !== 'function') return 'the generated REST server has no createZentitleRestListener';
  const body = readFileSync(path.join(ROOT, 'specs/examples/zentitle-rest/getLicenseCode.request.json'), 'utf8');
  return { path: '/api/LicenseCode', headers: { authorization: 'Bearer 1234:bench-key' }, body: JSON.stringify(JSON.parse(body)) };
}

/** The node:http listener the server child runs. */
export async function restListener(genDir: string): Promise<(req: any, res: any) => unknown> {
  const mod = await import(pathToFileURL(path.join(genDir, REST_API, 'server.ts')).href);
  // Every operation answers; only getLicenseCode is exercised.
  const handlers = new Proxy({}, { get: () => (input: unknown) => input ?? {} });
  return mod.createZentitleRestListener({
    handlers,
    authenticate: (creds: { parts?: Record<string, string> }) => (creds.parts?.APIKey === 'bench-key' ? { keyType: 'READ-ONLY' } : undefined),
  });
}
