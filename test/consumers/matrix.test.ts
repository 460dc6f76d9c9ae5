/**
 * The consumer matrix: projects outside this repository that use what `gen` wrote, each making real
 * SOAP 1.1, SOAP 1.2 and REST calls against the running reference server.
 *
 * The tool is packed and installed from its tarball; its `gen` writes the *package* form, which is
 * packed in turn and installed into: a plain ESM JavaScript project run by plain `node`; a
 * TypeScript project compiled with every strict flag; and a browser page (an esbuild bundle of the
 * client modules, on another origin than the server, in headless Chromium, over fetch). A fourth
 * project keeps the *source* form in its own `src/` and compiles it with its own tsc.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { STRICTEST } from '../../generator/pipeline.ts';
import { ROOT } from '../support/external.ts';
import { freshProject, pack } from '../support/packed.ts';
import { startServer, type RunningServer } from '../server/harness.ts';
import { ZentitleRestClient } from '../../generated/zentitle-rest/client.ts';

const PROJECTS = path.join(ROOT, 'test/consumers/projects');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const SPECS = { genopro: path.join(ROOT, 'specs/genopro.wsdl'), 'zentitle-rest': path.join(ROOT, 'specs/zentitle.openapi.yaml') };
const apis = Object.entries(SPECS).map(([name, spec]) => ({ name, spec }));

let srv: RunningServer;
let tool: string;
let packageTarball: string;
/** How many products the server lists, asked with this repository's own client. */
let products: number;
const made: string[] = [];

/** Runs the installed tool's bin with plain node in its project. */
function gen(...args: string[]): void {
  const r = spawnSync(path.join(tool, 'node_modules/.bin/gen'), args, { cwd: tool, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** A fresh project holding the files of `projects/<name>/` and the generated package. */
function consumer(name: string, withPackage = true): string {
  const dir = freshProject(name, withPackage ? [packageTarball] : []);
  made.push(dir);
  fs.cpSync(path.join(PROJECTS, name), dir, { recursive: true });
  return dir;
}

/** The tsconfig of a consumer that turns on every strict flag. */
function strictTsconfig(dir: string, options: Record<string, unknown>, include: string[]): void {
  const compilerOptions = { ...STRICTEST, skipLibCheck: false, typeRoots: [path.join(ROOT, 'node_modules/@types')], ...options };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include }, null, 2));
}

function tsc(dir: string): void {
  const r = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
}

/** Runs a consumer's program with plain node; it prints one JSON line of what the server answered. */
function runNode(file: string, amount: number): Record<string, unknown> {
  const out = execFileSync(process.execPath, [file, srv.base, srv.demo.zentitle.keys['READ-WRITE'], String(amount)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

beforeAll(async () => {
  srv = await startServer();
  products = (await new ZentitleRestClient({ baseUrl: srv.base, credentials: { zentitleKey: { customerID: '1234', APIKey: srv.demo.zentitle.keys['READ-WRITE'] } } }).getProducts()).length;
  const toolTarball = pack();
  tool = freshProject('tool', [toolTarball]);
  made.push(tool, path.dirname(toolTarball));
  fs.writeFileSync(path.join(tool, 'gen.config.json'), JSON.stringify({ out: 'vendor-apis', form: 'package', packageName: 'contract-gen-generated', packageVersion: '1.2.3', apis }, null, 2));
  gen('--quiet');
  packageTarball = pack(path.join(tool, 'vendor-apis'));
  made.push(path.dirname(packageTarball));
}, 600_000);

afterAll(async () => {
  await srv?.stop();
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the package form', () => {
  test('is an npm package of ESM JavaScript, declarations and source maps, with exports per API and module', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(tool, 'vendor-apis/package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(pkg.name, 'contract-gen-generated');
    assert.equal(pkg.version, '1.2.3');
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.sideEffects, false);
    assert.deepEqual((pkg.exports as Record<string, unknown>)['./genopro/*'], { types: './genopro/*.d.ts', import: './genopro/*.js', default: './genopro/*.js' });
    const files = fs.readdirSync(path.join(tool, 'vendor-apis/genopro'));
    for (const f of ['client.js', 'client.d.ts', 'client.js.map', 'server.js', 'index.d.ts']) assert.ok(files.includes(f), f);
    assert.ok(!files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'no TypeScript source in the package');
  });

  test('plain ESM JavaScript under plain node: SOAP 1.1, SOAP 1.2 and REST (a GET with a body over node:http)', () => {
    const dir = consumer('esm');
    assert.deepEqual(runNode(path.join(dir, 'main.mjs'), 101), { soap11: 'Ok', soap12: 'Ok', products, licenseCodes: 1 });
  });

  test('TypeScript with every strict flag (nodenext) compiles against the declarations and runs', () => {
    const dir = consumer('ts-node');
    strictTsconfig(dir, { outDir: 'dist', types: ['node'] }, ['main.ts']);
    tsc(dir);
    assert.deepEqual(runNode(path.join(dir, 'dist/main.js'), 201), { soap11: 'Ok', soap12: 'Ok', products, refused: 401 });
  });

  test('a browser bundle of the clients has no node: import and calls the server cross-origin over fetch', async (context) => {
    if (!fs.existsSync('/usr/bin/chromium')) context.skip();
    const dir = consumer('browser');
    // Browser types only (DOM, no @types/node), bundler resolution, every strict flag.
    strictTsconfig(dir, { module: 'preserve', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], noEmit: true }, ['entry.ts']);
    tsc(dir);
    const bundle = await build({ entryPoints: [path.join(dir, 'entry.ts')], bundle: true, platform: 'browser', format: 'esm', minify: true, write: false, absWorkingDir: dir, logLevel: 'silent' });
    const js = bundle.outputFiles[0]!.text;
    assert.doesNotMatch(js, /(?:from|import)\s*\(?\s*["']node:|require\(\s*["']node:/, 'no node: import in the bundle');
    console.log(`browser bundle of the GenoPro SOAP and Zentitle REST clients: ${js.length} bytes minified`);
    const page = http.createServer((req, res) => {
      if (req.url?.startsWith('/app.js')) res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>consumer</title><pre id="out"></pre><script type="module" src="/app.js"></script>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(page.address() as { port: number }).port}`;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const tab = await browser.newPage();
      const query = new URLSearchParams({ api: srv.base, key: srv.demo.zentitle.keys['READ-WRITE'], amount: '301' });
      await tab.goto(`${origin}/?${query}`);
      await tab.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document.getElementById('out')?.textContent !== '', undefined, { timeout: 60_000 });
      const result = JSON.parse((await tab.textContent('#out'))!) as Record<string, unknown>;
      assert.equal(result.soap11, 'Ok', JSON.stringify(result));
      assert.equal(result.soap12, 'Ok');
      assert.equal(result.products, products);
      // fetch cannot send Zentitle's GET with a JSON body: refused before sending, naming the operation.
      assert.match(String(result.bodyOnGet), /^TypeError: getLicenseCode: GET \/api\/LicenseCode sends a request body/);
    } finally {
      await browser.close();
      page.close();
    }
  });
});

describe('the source form', () => {
  test('copied into a consumer\'s src/, compiles under the consumer\'s strict tsc and runs', () => {
    const dir = consumer('source', false);
    fs.mkdirSync(path.join(dir, 'src'));
    fs.renameSync(path.join(dir, 'main.ts'), path.join(dir, 'src/main.ts'));
    fs.writeFileSync(path.join(dir, 'gen.config.json'), JSON.stringify({ out: path.join(dir, 'src/generated'), apis }));
    gen('--config', path.join(dir, 'gen.config.json'), '--quiet');
    strictTsconfig(dir, { outDir: 'dist', rootDir: 'src', types: ['node'] }, ['src']);
    tsc(dir);
    assert.deepEqual(runNode(path.join(dir, 'dist/main.js'), 401), { soap12: 'Ok', licenseCodes: 1 });
  });
});
