/**
 * `gen` as a user gets it: the tool is packed (`npm pack`, which compiles it) and installed from
 * the tarball into a fresh project outside this repository; everything below runs that installed
 * `gen` with plain node. The install must not pull the reference server's dependencies or a
 * TypeScript loader; `gen` works on a WSDL and an OpenAPI document there; and it never destroys
 * what it did not write.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { readTree } from '../../generator/output.ts';
import { ROOT } from '../support/external.ts';
import { freshProject, pack } from '../support/packed.ts';

let home: string;
let tarball: string;
const WSDL = path.join(ROOT, 'test/fixtures/wsdl/orders.wsdl');
const OPENAPI = path.join(ROOT, 'test/fixtures/openapi/petstore-30.yaml');
const BROKEN = path.join(ROOT, 'test/fixtures/wsdl/broken/unknown-type.wsdl');

/** Runs the installed gen (its bin, with plain node) in the user's project. */
function gen(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const bin = path.join(home, 'node_modules/.bin/gen');
  const r = spawnSync(bin, args, { cwd: home, encoding: 'utf8', env: { ...process.env, npm_lifecycle_event: '', npm_lifecycle_script: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const userFiles = (): Record<string, string> => ({
  'src/mine.ts': fs.readFileSync(path.join(home, 'src/mine.ts'), 'utf8'),
  'src/sub/notes.txt': fs.readFileSync(path.join(home, 'src/sub/notes.txt'), 'utf8'),
});

beforeAll(() => {
  tarball = pack();
  home = freshProject('user', [tarball]);
  fs.mkdirSync(path.join(home, 'src/sub'), { recursive: true });
  fs.writeFileSync(path.join(home, 'src/mine.ts'), 'export const mine = 1;\n');
  fs.writeFileSync(path.join(home, 'src/sub/notes.txt'), 'my notes\n');
});
afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
});

describe('the installed tool', () => {
  test('installs without the server\'s dependencies or a TypeScript loader, and knows its own version', () => {
    for (const pkg of ['better-sqlite3', 'swagger-ui-dist', 'tsx', 'vitest']) assert.ok(!fs.existsSync(path.join(home, 'node_modules', pkg)), `${pkg} is not installed`);
    const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = gen('--version');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), own.version, 'the tool\'s version, not the user project\'s 1.0.0');
    assert.match(gen('--help').stdout, /gen \[spec\.\.\] \[options\]/);
  });

  test('generates a WSDL and an OpenAPI document in the user\'s project', () => {
    const soap = gen(WSDL, '--out', 'api-soap', '--quiet');
    assert.equal(soap.code, 0, soap.stderr);
    assert.ok(fs.existsSync(path.join(home, 'api-soap/orders/client.ts')));
    assert.ok(fs.existsSync(path.join(home, 'api-soap/runtime/soap.ts')), 'the runtime comes with the output');
    const rest = gen(OPENAPI, '--out', 'api-rest', '--name', 'petstore', '--quiet');
    assert.equal(rest.code, 0, rest.stderr);
    assert.ok(fs.existsSync(path.join(home, 'api-rest/petstore/client.ts')));
  });
});

describe('gen never destroys what it did not write', () => {
  test('a non-empty folder gen did not write is refused, and nothing in it changes', () => {
    const before = readTree(path.join(home, 'src'));
    const r = gen(WSDL, '--out', 'src');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /src\/ is not empty and has no \.contract-gen-manifest\.json/);
    assert.match(r.stderr, /--force/);
    assert.deepEqual(readTree(path.join(home, 'src')), before);
  });

  test('--force adopts the folder and keeps the user\'s files; later runs replace only generated files', () => {
    assert.equal(gen(WSDL, '--out', 'src', '--force', '--quiet').code, 0);
    assert.deepEqual(userFiles(), { 'src/mine.ts': 'export const mine = 1;\n', 'src/sub/notes.txt': 'my notes\n' });
    const manifest = JSON.parse(fs.readFileSync(path.join(home, 'src/.contract-gen-manifest.json'), 'utf8')) as { files: string[] };
    assert.ok(manifest.files.includes('orders/client.ts'));
    assert.ok(!manifest.files.includes('mine.ts'));
    // The folder is gen's now: no --force needed, and the user's files survive again.
    assert.equal(gen(WSDL, '--out', 'src', '--quiet').code, 0);
    assert.deepEqual(userFiles(), { 'src/mine.ts': 'export const mine = 1;\n', 'src/sub/notes.txt': 'my notes\n' });
    const check = gen(WSDL, '--out', 'src', '--check');
    assert.equal(check.code, 0, 'the user\'s files are not "unexpected"');
  });

  test('--check names the command that regenerates', () => {
    fs.appendFileSync(path.join(home, 'src/orders/types.ts'), '// edited\n');
    const r = gen(WSDL, '--out', 'src', '--check');
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`Run \`gen ${WSDL} --out src\` and commit the result.`), r.stderr);
    assert.equal(gen(WSDL, '--out', 'src', '--quiet').code, 0);
  });

  test('a failed run leaves every file as it was', () => {
    const before = readTree(path.join(home, 'src'));
    const r = gen(BROKEN, '--out', 'src', '--name', 'orders');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown-type\.wsdl:\d+:\d+: error:/);
    assert.deepEqual(readTree(path.join(home, 'src')), before);
  });
});

describe('the config file', () => {
  test('misspelt keys are located errors, and the published schema refuses them too', () => {
    const dir = fs.mkdtempSync(path.join(home, 'cfg-'));
    const config = '{\n  "out": "gen",\n  "apsi": [],\n  "apis": [\n    { "name": "orders", "spec": "x.wsdl", "ouput": "elsewhere" }\n  ]\n}\n';
    fs.writeFileSync(path.join(dir, 'gen.config.json'), config);
    const r = gen('--config', path.join(dir, 'gen.config.json'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /gen\.config\.json:3:3: error: unknown key "apsi" \(did you mean "apis"\?\)/);
    assert.match(r.stderr, /gen\.config\.json:5:\d+: error: unknown key "ouput" \(did you mean "out"\?\)/);
    const schema = JSON.parse(fs.readFileSync(path.join(home, 'node_modules/contract-gen/gen.config.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.equal(validate(JSON.parse(config)), false);
    assert.equal(validate(JSON.parse(fs.readFileSync(path.join(ROOT, 'gen.config.json'), 'utf8'))), true, JSON.stringify(validate.errors));
  });

  test('an API may name its own output folder', () => {
    const dir = fs.mkdtempSync(path.join(home, 'cfg-'));
    fs.writeFileSync(path.join(dir, 'gen.config.json'), JSON.stringify({ out: path.join(dir, 'all'), apis: [{ name: 'orders', spec: WSDL, out: path.join(dir, 'soap') }, { name: 'pets', spec: OPENAPI }] }));
    const r = gen('--config', path.join(dir, 'gen.config.json'), '--quiet');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'soap/orders/client.ts')));
    assert.ok(fs.existsSync(path.join(dir, 'all/pets/client.ts')));
    assert.ok(!fs.existsSync(path.join(dir, 'all/orders')));
  });
});

describe('gen --watch', () => {
  test('regenerates after a rename-save and after a broken edit is mended', async () => {
    const dir = fs.mkdtempSync(path.join(home, 'watch-'));
    const spec = path.join(dir, 'orders.wsdl');
    const original = fs.readFileSync(WSDL, 'utf8');
    fs.writeFileSync(spec, original);
    const child = spawn(path.join(home, 'node_modules/.bin/gen'), [spec, '--out', path.join(dir, 'out'), '--watch'], { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const until = async (what: () => boolean): Promise<void> => {
      while (!what()) {
        if (child.exitCode !== null) throw new Error(`gen --watch exited: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const types = path.join(dir, 'out/orders/types.ts');
    /** The generated file's text; '' while a run is swapping it in (the old file is moved aside first). */
    const generated = () => {
      try {
        return fs.readFileSync(types, 'utf8');
      } catch {
        return '';
      }
    };
    /** Saves the way vim and JetBrains do: write a new file, then rename it over the old one. */
    const renameSave = (text: string) => {
      fs.writeFileSync(`${spec}.tmp`, text);
      fs.renameSync(`${spec}.tmp`, spec);
    };
    try {
      await until(() => stdout.includes('gen: watching'));
      const withDoc = (word: string) => original.replace('<xs:complexType name="Party">', `<xs:complexType name="Party"><xs:annotation><xs:documentation>${word}</xs:documentation></xs:annotation>`);
      renameSave(withDoc('FirstSave'));
      await until(() => generated().includes('FirstSave'));
      renameSave('<wsdl:definitions'); // a broken edit
      await until(() => /orders\.wsdl:\d+:\d+: error:/.test(stderr));
      renameSave(withDoc('SecondSave'));
      await until(() => generated().includes('SecondSave'));
      // The file is in place a moment before the run reports; wait for the report of the first run and the two good saves.
      await until(() => (stdout.match(/gen: wrote/g) ?? []).length >= 3);
      assert.equal(child.exitCode, null, 'still watching');
    } finally {
      child.kill();
    }
  });
});
