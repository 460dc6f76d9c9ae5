/**
 * `npm start`: the reference server on PORT (default 8080).
 *   --port <n>        (env PORT)      listening port; 0 picks a free one
 *   --host <addr>     (env HOST)      bind address (default 0.0.0.0)
 *   --data-dir <dir>  (env DATA_DIR)  where the SQLite store lives (default ./data)
 *   --auth-failures <n>               failed authentications allowed per client address and per customer
 *                                     before answers become 429 / a Client fault (default 30 and 10)
 *   --cors <policy>                   browser origins allowed to call the APIs: * (default), off, or a comma-separated list
 *   --seed-only                       create the data dir and demo data, print the credentials, exit
 * Prints one JSON line `{"msg":"listening","port":…}` when ready, then one JSON line per request.
 */
import path from 'node:path';
import { createApp } from './app.ts';
import { parseCorsPolicy } from './cors.ts';

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

const portText = flag('port') ?? process.env.PORT ?? '8080';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`invalid port: ${portText}\n`);
  process.exit(2);
}
const host = flag('host') ?? process.env.HOST ?? '0.0.0.0';
const dataDir = path.resolve(flag('data-dir') ?? process.env.DATA_DIR ?? './data');

const failuresText = flag('auth-failures');
const failures = failuresText === undefined ? undefined : Number(failuresText);
if (failures !== undefined && !(Number.isInteger(failures) && failures > 0)) {
  process.stderr.write(`invalid --auth-failures: ${failuresText}\n`);
  process.exit(2);
}
const authFailureLimits = failures === undefined ? undefined : { perAddress: { burst: failures, perSecond: 0.5 }, perCredential: { burst: failures, perSecond: 0.2 } };

let cors;
try {
  cors = parseCorsPolicy(flag('cors') ?? '*');
} catch (e) {
  process.stderr.write(`invalid --cors: ${(e as Error).message}\n`);
  process.exit(2);
}

let app;
try {
  app = createApp({ dataDir, cors, ...(authFailureLimits ? { authFailureLimits } : {}) });
} catch (e) {
  process.stderr.write(`cannot open the data directory ${dataDir}: ${(e as Error).message}\n`);
  process.exit(1);
}
const { demo } = app;
const say = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...o }) + '\n');

if (process.argv.includes('--seed-only')) {
  say({ msg: 'demo data ready', dataDir, credentials: path.join(dataDir, 'demo-credentials.json') });
  process.stdout.write(JSON.stringify(demo, null, 2) + '\n');
  await app.close();
  process.exit(0);
}

app.server.on('error', (e) => {
  process.stderr.write(`cannot listen on ${host}:${port}: ${e.message}\n`);
  process.exit(1);
});
app.server.listen(port, host, () => {
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  say({ msg: 'listening', port: actual, host, dataDir, index: `http://127.0.0.1:${actual}/` });
  process.stdout.write(
    [
      'Demo credentials (also in ' + path.join(dataDir, 'demo-credentials.json') + '):',
      `  SOLO:        AuthorID ${demo.solo.authorId}, UserID ${demo.solo.userId}, UserPassword ${demo.solo.userPassword}; license ${demo.solo.licenseId} password ${demo.solo.licensePassword}`,
      `  X-Formation: token ${demo.xformation.token}, order ${demo.xformation.activationKey}`,
      `  GenoPro:     card ${demo.genopro.approveCard} approves, ${demo.genopro.declineCard} declines`,
      ...Object.entries(demo.zentitle).map(([k, v]) => `  Zentitle ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
      '',
    ].join('\n'),
  );
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    say({ msg: 'shutting down', signal });
    const force = setTimeout(() => {
      say({ msg: 'forced exit: requests still running after 10 s' });
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(() => {
      say({ msg: 'stopped' });
      process.exit(0);
    });
  });
}
