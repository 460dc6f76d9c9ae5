/**
 * The servers the load cases hit, one per child process so the load generator
 * (autocannon, in the parent) and the server each get their own core.
 *
 *   node --import tsx bench/servers.ts <kind> <generated-dir>
 *
 * Listens on 127.0.0.1 (ephemeral port) and prints `READY <port>` on stdout.
 * Kinds: ours-soap | node-soap | ceiling-soap | ours-rest | ceiling-rest.
 */
import http from 'node:http';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BENCH_NS, orderReply } from './fixtures.ts';

const [kind, genDir] = process.argv.slice(2);
if (!kind || !genDir) {
  console.error('usage: servers.ts <kind> <generated-dir>');
  process.exit(2);
}

const load = (rel: string) => import(pathToFileURL(path.resolve(genDir, rel)).href);

async function listener(): Promise<http.RequestListener> {
  switch (kind) {
    case 'ours-soap': {
      const server = await load('bench/server.ts');
      const reply = orderReply();
      return server.createBenchListener({
        getLicenses: () => ({}),
        submitOrder: () => reply,
        saveCustomer: () => ({ Ok: true }),
      });
    }
    case 'ceiling-soap': {
      // The fastest possible answer: the same reply bytes, precomputed, body drained.
      const codec = await load('bench/codec.ts');
      const soap = await load('runtime/soap.ts');
      const bytes = Buffer.from(soap.buildEnvelope('1.1', codec.encodeSubmitOrderResponseBody(orderReply())));
      return (req, res) => {
        req.on('data', () => {});
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': bytes.length });
          res.end(bytes);
        });
      };
    }
    case 'ours-rest': {
      const { restListener } = await import('./rest.ts');
      return (await restListener(genDir)) as http.RequestListener;
    }
    case 'ceiling-rest': {
      // Bare JSON echo: read the body, parse it, send it back.
      return (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        });
      };
    }
    default:
      throw new Error(`unknown server kind ${kind}`);
  }
}

async function main(): Promise<void> {
  if (kind === 'node-soap') {
    const soapMod: any = await import('soap');
    const soap = soapMod.default ?? soapMod;
    const wsdl = readFileSync(path.resolve(genDir, '..', 'bench.wsdl'), 'utf8');
    const reply = orderReply();
    const server = http.createServer((_req, res) => {
      // node-soap answers its own path; anything else is a miss.
      res.statusCode = 404;
      res.end();
    });
    soap.listen(server, {
      path: '/bench.asmx',
      xml: wsdl,
      services: { Bench: { BenchSoap: { SubmitOrder: () => reply, GetLicenses: () => ({}), SaveCustomer: () => ({ Ok: true }) } } },
    });
    void BENCH_NS;
    server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as { port: number }).port}`));
    return;
  }
  const handle = await listener();
  const server = http.createServer(handle);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as { port: number }).port}`));
}

// Exit normally on SIGTERM so `node --cpu-prof` can write its profile.
process.on('SIGTERM', () => process.exit(0));

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
