/**
 * `gen breaking` and `gen changelog` as a user runs them (the real CLI, in a child process):
 * against a git revision of a temporary repository (the spec and the schema it imports read at
 * that revision, a shallow clone refused with advice), a file and a folder; our own five contracts
 * compared with themselves; the direction of a type shared by a request and a response; the
 * config's ignore and accepted lists (with located errors); the three report formats and the
 * changelog; and the README's rule table, which must be the catalogue's.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { RULES } from '../../generator/breaking/rules.ts';
import { ROOT } from '../support/external.ts';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'generator/cli.ts');
const FIXTURES = path.join(ROOT, 'test/fixtures/breaking');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function gen(cwd: string, ...args: string[]): Run {
  const r = spawnSync(TSX, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GEN_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A fresh git repository in the system's temporary folder, with a committer configured. */
function repository(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `cg-breaking-${name}-`));
  git(dir, 'init', '-q');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'user.name', 'test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

function commit(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

function put(dir: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

const fixture = (rule: string, file: string): string => readFileSync(path.join(FIXTURES, rule, file), 'utf8');
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('against a git revision', () => {
  let repo: string;
  beforeAll(() => {
    repo = repository('git');
    temporary.push(repo);
    // A WSDL whose types live in an imported XSD: the change is in the XSD only.
    copyFileSync(path.join(ROOT, 'test/fixtures/wsdl/inventory.wsdl'), path.join(repo, 'inventory.wsdl'));
    mkdirSync(path.join(repo, 'specs'));
    copyFileSync(path.join(ROOT, 'test/fixtures/wsdl/inventory.wsdl'), path.join(repo, 'specs/inventory.wsdl'));
    copyFileSync(path.join(ROOT, 'test/fixtures/wsdl/inventory-types.xsd'), path.join(repo, 'specs/inventory-types.xsd'));
    rmSync(path.join(repo, 'inventory.wsdl'));
    put(repo, 'specs/shop.yaml', fixture('RES-ENUM-VALUE-ADDED', 'before.yaml'));
    put(repo, 'gen.config.json', JSON.stringify({ apis: [{ name: 'inventory', spec: 'specs/inventory.wsdl' }, { name: 'shop', spec: 'specs/shop.yaml' }] }));
    commit(repo, 'first');
    git(repo, 'tag', 'v1');
    const xsd = readFileSync(path.join(repo, 'specs/inventory-types.xsd'), 'utf8');
    put(repo, 'specs/inventory-types.xsd', xsd.replace('type="xs:unsignedShort"', 'type="xs:string"'));
    put(repo, 'specs/shop.yaml', fixture('RES-ENUM-VALUE-ADDED', 'after.yaml'));
    commit(repo, 'second');
  });

  test('gen breaking spec --against HEAD~1 reads the spec and the schema it imports at HEAD~1', () => {
    const r = gen(repo, 'breaking', 'specs/inventory.wsdl', '--against', 'HEAD~1');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^specs\/inventory\.wsdl against HEAD~1: 1 breaking change$/m);
    assert.match(r.stdout, /^ {2}GetItems$/m);
    assert.match(r.stdout, /RES-TYPE-CHANGED {2}response field `stock` of `Item`: unsignedShort → string/);
    // Both sides located in the imported file, the old one at the revision, under its repository path.
    assert.match(r.stdout, /before: specs\/inventory-types\.xsd:12:7 \(HEAD~1\)/);
    assert.match(r.stdout, /after: {2}specs\/inventory-types\.xsd:12:7/);
    assert.doesNotMatch(r.stdout, /gen-breaking-|tmp/, 'no temporary folder shows');
  });

  test('without specs every API of the config is checked; a tag is a revision too; HEAD is clean', () => {
    const all = gen(repo, 'breaking', '--against', 'v1', '--format', 'json');
    assert.equal(all.code, 1, all.stderr);
    const report = JSON.parse(all.stdout) as { breaking: number; apis: { name: string; breaking: { rule: string }[] }[] };
    assert.deepEqual(report.apis.map((a) => [a.name, a.breaking.map((c) => c.rule)]), [['inventory', ['RES-TYPE-CHANGED']], ['shop', ['RES-ENUM-VALUE-ADDED']]]);
    assert.equal(report.breaking, 2);
    const clean = gen(repo, 'breaking', '--against', 'HEAD');
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /gen breaking: no breaking changes \(wire\) in 2 APIs/);
  });

  test('an old spec that imports a file the new one no longer does still loads', () => {
    const dir = repository('imports');
    temporary.push(dir);
    const wsdl = readFileSync(path.join(ROOT, 'test/fixtures/wsdl/inventory.wsdl'), 'utf8');
    const xsd = readFileSync(path.join(ROOT, 'test/fixtures/wsdl/inventory-types.xsd'), 'utf8');
    put(dir, 'api/inventory.wsdl', wsdl.replace('schemaLocation="inventory-types.xsd"', 'schemaLocation="old/types.xsd"'));
    put(dir, 'api/old/types.xsd', xsd);
    commit(dir, 'old layout');
    rmSync(path.join(dir, 'api/old'), { recursive: true });
    put(dir, 'api/inventory.wsdl', wsdl.replace('schemaLocation="inventory-types.xsd"', 'schemaLocation="new/types.xsd"'));
    put(dir, 'api/new/types.xsd', xsd.replace('minOccurs="0"', ''));
    commit(dir, 'new layout');
    const r = gen(dir, 'breaking', 'api/inventory.wsdl', '--against', 'HEAD~1', '--category', 'all');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /api\/inventory\.wsdl against HEAD~1: no breaking changes/);
  });

  test('a shallow clone without HEAD~1 is a usage error that says how to get the history', () => {
    const shallow = mkdtempSync(path.join(os.tmpdir(), 'cg-breaking-shallow-'));
    temporary.push(shallow);
    git(shallow, 'clone', '-q', '--depth', '1', `file://${repo}`, 'clone');
    const r = gen(path.join(shallow, 'clone'), 'breaking', '--against', 'HEAD~1');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /gen breaking: --against HEAD~1: not a file, a folder or a revision of the git repository at .*\(this clone is shallow: fetch more history/);
  });

  test('a spec that is new since the revision has nothing to compare', () => {
    const dir = repository('new');
    temporary.push(dir);
    put(dir, 'README', 'nothing yet\n');
    commit(dir, 'empty');
    put(dir, 'shop.yaml', fixture('OP-REMOVED', 'before.yaml'));
    const r = gen(dir, 'breaking', 'shop.yaml', '--against', 'HEAD');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /shop\.yaml: not in HEAD, nothing to compare \(a new API\)/);
  });
});

describe('broken specs and bad arguments', () => {
  test('a broken spec at the revision is a located error in its repository file, exit 2', () => {
    const dir = repository('broken');
    temporary.push(dir);
    const good = fixture('OP-REMOVED', 'before.wsdl');
    put(dir, 'shop.wsdl', good.replace('type="tns:Colour"', 'type="tns:Color"'));
    commit(dir, 'broken');
    put(dir, 'shop.wsdl', good);
    commit(dir, 'fixed');
    const old = gen(dir, 'breaking', 'shop.wsdl', '--against', 'HEAD~1');
    assert.equal(old.code, 2);
    assert.match(old.stderr, /^shop\.wsdl:\d+:\d+: error: unknown type .*Color.* \(in HEAD~1\)$/m);
    put(dir, 'shop.wsdl', good.replace('type="tns:Colour"', 'type="tns:Color"'));
    const now = gen(dir, 'breaking', 'shop.wsdl', '--against', 'HEAD');
    assert.equal(now.code, 2);
    assert.match(now.stderr, /^shop\.wsdl:\d+:\d+: error: unknown type/m);
    assert.doesNotMatch(now.stderr + old.stderr, /\n\s+at .+:\d+:\d+\)?/, 'no stack trace');
  });

  test('--against that is no file, folder or revision; a WSDL against an OpenAPI document; one file for many specs', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cg-breaking-norepo-'));
    temporary.push(dir);
    put(dir, 'shop.wsdl', fixture('OP-REMOVED', 'before.wsdl'));
    put(dir, 'shop.yaml', fixture('OP-REMOVED', 'before.yaml'));
    const nothing = gen(dir, 'breaking', 'shop.wsdl', '--against', 'main');
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /--against main: no such file or folder, and shop\.wsdl is not in a git repository/);
    const mixed = gen(dir, 'breaking', 'shop.wsdl', '--against', 'shop.yaml');
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /shop\.wsdl is a WSDL but the version it is compared with is an OpenAPI document/);
    const many = gen(dir, 'breaking', 'shop.wsdl', 'shop.yaml', '--against', 'shop.yaml');
    assert.equal(many.code, 2);
    assert.match(many.stderr, /is one file, but 2 specs are checked/);
  });
});

describe('our own contracts', () => {
  test('each of the five compared with itself reports nothing, breaking or not', () => {
    // A folder mirrors the working directory: `.` compares every spec of gen.config.json with itself.
    const r = gen(ROOT, 'breaking', '--against', '.', '--category', 'all', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { apis: { name: string; breaking: unknown[]; compatible: unknown[]; accepted: unknown[] }[] };
    assert.deepEqual(report.apis.map((a) => a.name), ['genopro', 'xformation', 'solo', 'zentitle', 'zentitle-rest']);
    for (const api of report.apis) assert.deepEqual([api.breaking, api.compatible, api.accepted], [[], [], []], api.name);
    const log = gen(ROOT, 'changelog', '--against', '.');
    assert.equal(log.code, 0, log.stderr);
    assert.equal(log.stdout.match(/^No changes\.$/gm)?.length, 5);
  });
});

describe('direction and sharing', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cg-breaking-shared-'));
  temporary.push(dir);
  // `Tag` is sent in requests and read in responses, by two operations.
  const api = (values: string) => `openapi: 3.0.3
info: { title: Tags, version: 1.0.0 }
components:
  schemas:
    Tag: { type: string, enum: [${values}] }
    Note:
      type: object
      required: [tag]
      properties:
        tag: { $ref: '#/components/schemas/Tag' }
paths:
  /notes:
    post:
      operationId: addNote
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Note' } } } }
      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Note' } } } } }
  /notes/{id}:
    put:
      operationId: editNote
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Note' } } } }
      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Note' } } } } }
`;
  put(dir, 'before.yaml', api('red, blue'));
  put(dir, 'after.yaml', api('red, green'));

  test('a type used by requests and responses is checked both ways, and each change is reported once for every operation reaching it', () => {
    const r = gen(dir, 'breaking', 'after.yaml', '--against', 'before.yaml', '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const changes = (JSON.parse(r.stdout) as { apis: { breaking: { rule: string; message: string; operations: string[]; paths: string[] }[] }[] }).apis[0]!.breaking;
    assert.deepEqual(
      changes.map((c) => [c.rule, c.message]),
      [
        ['REQ-ENUM-VALUE-REMOVED', 'request type `Tag`: enumeration value "blue" removed'],
        ['RES-ENUM-VALUE-ADDED', 'response type `Tag`: enumeration value "green" added'],
      ],
    );
    for (const c of changes) assert.deepEqual(c.operations, ['POST /notes (addNote)', 'PUT /notes/{id} (editNote)']);
    assert.deepEqual(changes[0]!.paths, ['POST /notes/request/body/tag', 'PUT /notes/{id}/request/body/tag']);
    assert.deepEqual(changes[1]!.paths, ['POST /notes/response/200/tag', 'PUT /notes/{id}/response/200/tag']);
    // The human report lists each once, under the first operation, naming the other.
    const text = gen(dir, 'breaking', 'after.yaml', '--against', 'before.yaml');
    assert.equal(text.stdout.match(/REQ-ENUM-VALUE-REMOVED/g)?.length, 1);
    assert.match(text.stdout, /^ {2}POST \/notes \(addNote\)\n {4}REQ-ENUM-VALUE-REMOVED .*\n {6}at POST \/notes\/request\/body\/tag \(1 more path; also in PUT \/notes\/\{id\} \(editNote\)\)$/m);
  });
});

test('a union member renamed while another is added: the rename is paired, only the new member is flagged', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cg-breaking-union-'));
  temporary.push(dir);
  const api = (count: string, extra: string) => `openapi: 3.0.3
info: { title: Union, version: 1.0.0 }
components:
  schemas:
    ${count}: { type: object, required: [n], properties: { n: { type: integer } } }
    Answer:
      oneOf:
        - $ref: '#/components/schemas/${count}'
        - { type: array, items: { type: string } }${extra}
paths:
  /answer:
    get:
      operationId: getAnswer
      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Answer' } } } } }
`;
  put(dir, 'before.yaml', api('Count', ''));
  put(dir, 'after.yaml', api('Total', '\n        - { type: string }'));
  const r = gen(dir, 'breaking', 'after.yaml', '--against', 'before.yaml', '--category', 'all', '--format', 'json');
  const changes = (JSON.parse(r.stdout) as { apis: { breaking: { rule: string; message: string }[] }[] }).apis[0]!.breaking;
  assert.deepEqual(changes.map((c) => [c.rule, c.message]), [
    ['CODE-TYPE-RENAMED', 'type `Count` is now `Total`'],
    ['RES-UNION-MEMBER-ADDED', 'response type `Answer`: member string added'],
  ]);
});

describe('the config file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cg-breaking-config-'));
  temporary.push(dir);
  put(dir, 'old/shop.wsdl', fixture('RES-ENUM-VALUE-ADDED', 'before.wsdl'));
  // Two breaks: a value added to a response enumeration, and the fault removed.
  put(dir, 'shop.wsdl', fixture('RES-ENUM-VALUE-ADDED', 'after.wsdl').split('\n').filter((l) => !l.includes('name="OrderFault"')).join('\n'));
  const config = (breaking: unknown, top?: unknown) => put(dir, 'gen.config.json', `${JSON.stringify({ ...(top ? { breaking: top } : {}), apis: [{ name: 'shop', spec: 'shop.wsdl', ...(breaking ? { breaking } : {}) }] }, null, 2)}\n`);

  test('without a policy both breaks fail the run; --against a folder finds the spec by its path there', () => {
    config(undefined);
    const r = gen(dir, 'breaking', '--against', 'old');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /shop\.wsdl against old: 2 breaking changes/);
    assert.match(r.stdout, /RES-FAULT-REMOVED {2}response fault `OrderFault` of `PlaceOrder`: removed/);
  });

  test('ignore: a rule everywhere, or a rule under a path prefix; the same entries at the top level', () => {
    config({ ignore: ['RES-ENUM-VALUE-ADDED', 'RES-FAULT-REMOVED:PlaceOrder'] });
    let r = gen(dir, 'breaking', '--against', 'old');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /no breaking changes \(wire\) in 1 API; 2 ignored by the config, 1 more in code \(--category all\)/);
    config({ ignore: ['RES-FAULT-REMOVED:Ping'] }, { ignore: ['*:PlaceOrder/response'] });
    r = gen(dir, 'breaking', '--against', 'old');
    assert.equal(r.code, 1, 'a prefix elsewhere ignores nothing; `*:PlaceOrder/response` covers only the enumeration');
    assert.match(r.stdout, /1 breaking change\n/);
    assert.match(r.stdout, /RES-FAULT-REMOVED/);
  });

  test('accepted breaks are listed with their reason and do not fail; an entry that matches nothing is pointed out', () => {
    config({ accepted: [{ rule: 'RES-FAULT-REMOVED', path: 'PlaceOrder/fault/OrderFault', reason: 'the fault was never sent (ticket 12)' }, { rule: 'RES-ENUM-VALUE-ADDED', path: 'PlaceOrder', reason: 'clients were told in March' }, { rule: 'OP-REMOVED', path: 'Ping', reason: 'retired' }] });
    const r = gen(dir, 'breaking', '--against', 'old');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /accepted \(breaking\.accepted in the config\):\n {4}RES-ENUM-VALUE-ADDED .*: clients were told in March\n/);
    assert.match(r.stdout, /RES-FAULT-REMOVED .*: the fault was never sent \(ticket 12\)/);
    assert.match(r.stdout, /note: the accepted OP-REMOVED at "Ping" matches no change any more; remove it from the config/);
    const github = gen(dir, 'breaking', '--against', 'old', '--format', 'github');
    assert.match(github.stdout, /^::notice file=shop\.wsdl,line=\d+,col=\d+,title=RES-ENUM-VALUE-ADDED \(shop\)::.* accepted: clients were told in March$/m);
    assert.match(github.stdout, /^::warning file=gen\.config\.json,title=stale accepted break \(shop\)::the accepted OP-REMOVED at "Ping" matches no change any more/m);
  });

  test('an unknown rule, a misspelt key or an accepted entry without a reason is a located error; the schema refuses them too', () => {
    const text = '{\n  "apis": [\n    { "name": "shop", "spec": "shop.wsdl",\n      "breaking": { "ignore": ["RES-ENUM-VALUE-ADDD"], "acepted": [] } }\n  ]\n}\n';
    put(dir, 'gen.config.json', text);
    const r = gen(dir, 'breaking', '--against', 'old');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /gen\.config\.json:4:\d+: error: unknown rule "RES-ENUM-VALUE-ADDD" \(did you mean "RES-ENUM-VALUE-ADDED"\?\)/);
    assert.match(r.stderr, /gen\.config\.json:4:\d+: error: unknown key "acepted" \(did you mean "accepted"\?\)/);
    config({ accepted: [{ rule: 'OP-REMOVED', path: 'Ping' }] });
    const missing = gen(dir, 'breaking', '--against', 'old');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /gen\.config\.json:\d+:\d+: error: missing "reason"/);
    // The generator's own run reads the same file and is not bothered by the new keys.
    config({ ignore: ['CODE-TYPE-RENAMED'], accepted: [{ rule: 'OP-REMOVED', path: 'Ping', reason: 'retired' }] });
    const check = gen(dir, '--check', '--quiet');
    assert.doesNotMatch(check.stderr, /gen\.config\.json:\d+/);
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'gen.config.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.equal(validate(JSON.parse(readFileSync(path.join(dir, 'gen.config.json'), 'utf8'))), true, JSON.stringify(validate.errors));
    assert.equal(validate(JSON.parse(text)), false);
  });
});

describe('report formats and the changelog', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cg-breaking-formats-'));
  temporary.push(dir);
  put(dir, 'before.yaml', fixture('OP-REMOVED', 'before.yaml'));
  // getOrder removed, a required property added to the request, an operation added.
  const after = fixture('OP-REMOVED', 'after.yaml')
    .replace('      required: [items, code, quantity]', '      required: [items, code, quantity, priority]')
    .replace('        comment: { type: string }\n', '        comment: { type: string }\n        priority: { type: integer }\n')
    .concat("  /stock:\n    get:\n      operationId: getStock\n      responses:\n        '204':\n          description: in stock\n");
  put(dir, 'after.yaml', after);

  test('text: grouped by operation, each change with its rule, path and both sides', () => {
    const r = gen(dir, 'breaking', 'after.yaml', '--against', 'before.yaml');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ {2}POST \/orders \(placeOrder\)\n {4}REQ-FIELD-ADDED-REQUIRED {2}request field `priority` of `Order`: added as required\n {6}at POST \/orders\/request\/body\/priority\n {6}after: {2}after\.yaml:\d+:\d+$/m);
    assert.match(r.stdout, /^ {2}GET \/orders\/\{id\} \(getOrder\)\n {4}OP-REMOVED {2}operation `getOrder`: removed\n {6}at GET \/orders\/\{id\}\n {6}before: before\.yaml:\d+:\d+$/m);
  });

  test('json: rules, categories, paths, operations and locations', () => {
    const r = gen(dir, 'breaking', 'after.yaml', '--against', 'before.yaml', '--format', 'json', '--category', 'all');
    const report = JSON.parse(r.stdout) as { categories: string[]; breaking: number; apis: { breaking: Record<string, unknown>[]; compatible: { rule: string }[] }[] };
    assert.deepEqual(report.categories, ['wire', 'code']);
    const removed = report.apis[0]!.breaking.find((c) => c.rule === 'OP-REMOVED')!;
    assert.deepEqual({ ...removed, before: { ...(removed.before as object), line: 0 } }, {
      rule: 'OP-REMOVED',
      group: 'requests',
      category: 'wire',
      message: 'operation `getOrder`: removed',
      paths: ['GET /orders/{id}'],
      operations: ['GET /orders/{id} (getOrder)'],
      before: { file: 'before.yaml', line: 0, column: 5 },
      after: null,
    });
    assert.ok(report.apis[0]!.compatible.some((c) => c.rule === 'OP-ADDED'));
  });

  test('github: one ::error per break on the new file, escaped; removals point at the spec', () => {
    const r = gen(dir, 'breaking', 'after.yaml', '--against', 'before.yaml', '--format', 'github');
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0]!, /^::error file=after\.yaml,line=\d+,col=\d+,title=REQ-FIELD-ADDED-REQUIRED \(after\)::request field `priority` of `Order`: added as required \(at POST \/orders\/request\/body\/priority\)$/);
    assert.match(lines[1]!, /^::error file=after\.yaml,title=OP-REMOVED \(after\)::operation `getOrder`: removed \(at GET \/orders\/\{id\}; before: before\.yaml:\d+:5\)$/);
    assert.equal(lines[2], 'gen breaking: 2 breaking changes in 1 API');
  });

  test('gen changelog: breaks, additions and compatible changes in Markdown', () => {
    const r = gen(dir, 'changelog', 'after.yaml', '--against', 'before.yaml');
    assert.equal(r.code, 0, 'a changelog never fails the run');
    assert.match(r.stdout, /^# Changelog\n\n## after \(`after\.yaml`\) since before\.yaml\n/);
    assert.match(r.stdout, /### Breaking changes \(wire\)\n\n- \*\*POST \/orders \(placeOrder\)\*\*: request field `priority` of `Order`: added as required \(`REQ-FIELD-ADDED-REQUIRED`\)\n- \*\*GET \/orders\/\{id\} \(getOrder\)\*\*: operation `getOrder`: removed \(`OP-REMOVED`\)\n/);
    assert.match(r.stdout, /### Added\n\n- \*\*GET \/stock \(getStock\)\*\*: operation `getStock`: added \(`OP-ADDED`\)\n/);
  });
});

test('the README lists every rule of the catalogue, one line each, as the catalogue says it', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## gen breaking'));
  const rows = [...section.matchAll(/^\| `([A-Z0-9-]+)` \| (\w+) \| (.+) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
  assert.deepEqual(rows, RULES.map((r) => [r.id, r.group, r.rationale]));
});

test('a JSON description too large for the positioned parser still gets file:line on both sides', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cg-breaking-large-'));
  temporary.push(dir);
  // Over 4 MiB, so the loader takes JSON.parse and finds positions in the text afterwards.
  const document = (statuses: string[]) => ({
    openapi: '3.1.0',
    info: { title: 'Large', version: '1', description: 'x'.repeat(4.5 * 1024 * 1024) },
    paths: Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [
        `/items${i}/{id}`,
        { get: { operationId: `getItem${i}`, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: Object.fromEntries(statuses.map((s) => [s, { description: s }])) } },
      ]),
    ),
  });
  const before = JSON.stringify(document(['200', '404']), null, 2);
  const after = document(['200']);
  delete (after.paths as Record<string, unknown>)['/items150/{id}'];
  put(dir, 'before.json', before);
  put(dir, 'after.json', JSON.stringify(after, null, 2));
  const r = gen(dir, 'breaking', 'after.json', '--against', 'before.json', '--format', 'json');
  assert.equal(r.code, 1, r.stderr);
  const changes = (JSON.parse(r.stdout) as { apis: { breaking: { rule: string; paths: string[]; before: { line: number } | null; after: { line: number } | null }[] }[] }).apis[0]!.breaking;
  const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
  const removed = changes.find((c) => c.rule === 'OP-REMOVED')!;
  // An operation is located at its method, the line below its path.
  assert.equal(removed.before!.line, lineOf(before, '"/items150/{id}"') + 1);
  const status = changes.find((c) => c.rule === 'RES-STATUS-REMOVED' && c.paths[0]!.startsWith('GET /items7/'))!;
  // The removed status is located at its own key in the old file.
  assert.equal(status.before!.line, lineOf(before.slice(before.indexOf('"/items7/{id}"')), '"404"') + lineOf(before, '"/items7/{id}"') - 1);
});
