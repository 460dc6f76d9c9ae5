/**
 * Contract checks for the Zentitle REST Web API (seed 003): specs/zentitle.openapi.yaml and the
 * fixtures in specs/examples/zentitle-rest/.
 *
 * Referees: the `yaml` parser, Redocly CLI (its `struct` rule validates the document against the
 * OpenAPI 3.1 structure), and Ajv's draft 2020-12 validator (the schema dialect of OpenAPI 3.1).
 * The seed itself is read to cross-check the operation list, the key types and which calls take input.
 */
import { describe, it, beforeAll } from 'vitest';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ROOT, SEEDS_DIR } from '../support/external.ts';

// ajv and ajv-formats are CommonJS; under NodeNext the default import is the module object.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule.default;

const SPEC = 'specs/zentitle.openapi.yaml';
const FIXTURES = path.join(ROOT, 'specs/examples/zentitle-rest');
const SEED = path.join(SEEDS_DIR, '003_efd79113108ab8df.txt');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
const KEY_TYPES = ['READ-ONLY', 'READ-WRITE', 'Offline', 'DS'] as const;
const BASE = 'https://contract-gen.invalid/zentitle.openapi.json';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: any };

interface Operation {
  method: string;
  path: string;
  op: Obj;
}

let doc: Obj;
let ops: Map<string, Operation>;

function loadSpec(): Obj {
  const text = fs.readFileSync(path.join(ROOT, SPEC), 'utf8');
  const parsed = YAML.parseDocument(text);
  assert.deepEqual(parsed.errors.map((e) => e.message), [], 'YAML parse errors');
  return parsed.toJS() as Obj;
}

function collectOperations(d: Obj): Map<string, Operation> {
  const m = new Map<string, Operation>();
  for (const [p, item] of Object.entries<Obj>(d.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      assert.ok(!m.has(op.operationId), `duplicate operationId ${op.operationId}`);
      m.set(op.operationId, { method, path: p, op });
    }
  }
  return m;
}

/** Rewrites OpenAPI component refs to refs into one Ajv schema that holds all components as $defs. */
function rewriteRefs<T>(node: T): T {
  if (Array.isArray(node)) return node.map(rewriteRefs) as T;
  if (node && typeof node === 'object') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(node as Obj)) {
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/^#\/components\/schemas\//, `${BASE}#/$defs/`) : rewriteRefs(v);
    }
    return out as T;
  }
  return node;
}

/** Adds unevaluatedProperties:false to every schema that declares properties (fixture keys must all be declared). */
function closeObjects<T>(node: T): T {
  if (Array.isArray(node)) return node.map(closeObjects) as T;
  if (node && typeof node === 'object') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(node as Obj)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries<Obj>(v).map(([n, s]) => [n, closeObjects(s)])) : closeObjects(v);
    if ('properties' in out && !('unevaluatedProperties' in out)) out.unevaluatedProperties = false;
    return out as T;
  }
  return node;
}

function makeAjv(closed: boolean): InstanceType<typeof Ajv2020> {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, strictRequired: false });
  addFormats(ajv);
  let defs = rewriteRefs(doc.components.schemas) as Obj;
  if (closed) defs = closeObjects(defs);
  ajv.addSchema({ $id: BASE, $defs: defs });
  return ajv;
}

function bodySchema(opId: string, kind: 'request' | 'response'): Obj {
  const o = ops.get(opId);
  assert.ok(o, `no operation ${opId}`);
  const holder = kind === 'request' ? o.op.requestBody : o.op.responses?.['200'];
  assert.ok(holder, `${opId} has no ${kind === 'request' ? 'requestBody' : '200 response'}`);
  const schema = holder.content?.['application/json']?.schema;
  assert.ok(schema, `${opId} ${kind} has no application/json schema`);
  return schema;
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(ajv: InstanceType<typeof Ajv2020>, opId: string, kind: 'request' | 'response', tag = ''): ValidateFunction {
  const key = `${tag}${opId}.${kind}`;
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(rewriteRefs(bodySchema(opId, kind)));
    validators.set(key, v);
  }
  return v;
}

function fixtureFiles(): { file: string; opId: string; kind: 'request' | 'response' }[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const m = /^([a-z]+[A-Za-z]*)(?:\.[a-z]+)?\.(request|response)\.json$/.exec(file);
      assert.ok(m, `fixture name ${file} does not follow <operationId>[.<variant>].(request|response).json`);
      return { file, opId: m[1], kind: m[2] as 'request' | 'response' };
    });
}

function readFixture(file: string): Json {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as Json;
}

function fmt(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

/** Seed sections: "GET LicenseCode" headings, their "Accessible API Keys" and whether "Data:" is "None". */
function seedOperations(): { opId: string; keys: string[]; takesInput: boolean }[] {
  const lines = fs.readFileSync(SEED, 'utf8').split('\n');
  const out: { opId: string; keys: string[]; takesInput: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const h = /^(GET|POST|PUT|DELETE) ([A-Za-z]+)$/.exec(lines[i]);
    if (!h) continue;
    const opId = h[1].toLowerCase() + h[2];
    let keys: string[] = [];
    let takesInput = true;
    for (let j = i + 1; j < lines.length && !/^(GET|POST|PUT|DELETE) [A-Za-z]+$/.test(lines[j]); j++) {
      const k = /^\| Accessible API Keys \| (.*) \|$/.exec(lines[j]);
      if (k) keys = k[1].split(',').map((s) => s.trim().replace(/^WebAPI /, ''));
      if (lines[j] === 'Data:' && lines[j + 1]?.trim() === 'None') takesInput = false;
    }
    out.push({ opId, keys, takesInput });
  }
  return out;
}

function redocly(args: string[]): { status: number | null; out: string } {
  const bin = path.join(ROOT, 'node_modules/.bin/redocly');
  const r = spawnSync(bin, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
    // No network: telemetry is off in redocly.yaml and here; the update check is suppressed.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', DO_NOT_TRACK: '1', CI: 'true' },
  });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

describe('Zentitle REST contract (seed 003)', () => {
  beforeAll(() => {
    doc = loadSpec();
    ops = collectOperations(doc);
  });

  describe('document', () => {
    it('parses as YAML and declares OpenAPI 3.1', () => {
      assert.match(doc.openapi, /^3\.1\.\d+$/);
      assert.ok(doc.components?.schemas && doc.components?.securitySchemes?.zentitleKey);
    });

    it('passes `redocly lint` with no errors (struct rule = OpenAPI 3.1 structure)', () => {
      const cfg = fs.readFileSync(path.join(ROOT, 'redocly.yaml'), 'utf8');
      assert.match(cfg, /^telemetry: off$/m, 'redocly.yaml must switch telemetry off (no network)');
      const r = redocly(['lint', SPEC, '--format=stylish']);
      assert.equal(r.status, 0, r.out);
      assert.doesNotMatch(r.out, /\berror\b.*\(struct\)|You have \d+ errors?/i, r.out);
      const warnings = /You have (\d+) warnings?/.exec(r.out);
      assert.ok(!warnings || Number(warnings[1]) <= 3, `too many lint warnings:\n${r.out}`);
    });

    it('redocly rejects a structurally invalid 3.1 document (proves the struct rule is active)', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zentitle-struct-'));
      try {
        const broken = structuredClone(doc);
        // An unknown field on an Operation and a responses map without any status are both 3.1 violations.
        broken.paths['/api/Trial'].get.notAnOpenApiField = true;
        broken.paths['/api/Trial'].delete.responses = 'none';
        const file = path.join(dir, 'broken.yaml');
        fs.writeFileSync(file, YAML.stringify(broken));
        const r = redocly(['lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format=stylish']);
        assert.notEqual(r.status, 0, r.out);
        assert.match(r.out, /notAnOpenApiField/);
        assert.match(r.out, /struct/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('has exactly 61 operations, with camelCase operationIds = method + controller', () => {
      assert.equal(ops.size, 61);
      for (const [id, o] of ops) {
        const controller = o.path.replace(/^\/api\//, '');
        assert.equal(id, o.method + controller, `${o.method.toUpperCase()} ${o.path}`);
        assert.match(id, /^(get|post|put|delete)[A-Z][A-Za-z]*$/);
        assert.ok(o.op.summary && o.op.description, `${id} needs summary and description`);
      }
    });

    it('covers every operation of the seed, and only those', () => {
      const seed = seedOperations();
      assert.equal(seed.length, 61);
      assert.deepEqual(seed.map((s) => s.opId).sort(), [...ops.keys()].sort());
    });

    it('documents every schema property and every component schema', () => {
      const missing: string[] = [];
      const walk = (s: Obj, where: string) => {
        if (!s || typeof s !== 'object') return;
        if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${where}/${i}`));
        if (s.properties) {
          for (const [n, p] of Object.entries<Obj>(s.properties)) {
            if (!p.description) missing.push(`${where}/properties/${n}`);
            walk(p, `${where}/properties/${n}`);
          }
        }
        for (const k of ['items', 'oneOf', 'anyOf', 'allOf', 'not', 'dependentSchemas']) if (s[k]) walk(s[k], `${where}/${k}`);
      };
      for (const [n, s] of Object.entries<Obj>(doc.components.schemas)) {
        if (!s.description) missing.push(`#/components/schemas/${n} (no description)`);
        walk(s, `#/components/schemas/${n}`);
      }
      assert.deepEqual(missing, []);
    });
  });

  describe('wire shape', () => {
    it('every call that takes input sends a JSON requestBody (GET and DELETE too), never query parameters', () => {
      const seed = new Map(seedOperations().map((s) => [s.opId, s]));
      for (const [id, o] of ops) {
        const params: Obj[] = o.op.parameters ?? [];
        assert.equal(params.filter((p) => p.in === 'query').length, 0, `${id} has query parameters`);
        const takesInput = seed.get(id)!.takesInput;
        assert.equal(Boolean(o.op.requestBody), takesInput, `${id}: requestBody presence must follow the seed's Data section`);
        if (takesInput) assert.ok(o.op.requestBody.content['application/json'].schema, id);
        if (takesInput && (o.method === 'get' || o.method === 'delete')) assert.equal(o.op['x-body-on-get'], true, `${id} needs x-body-on-get`);
      }
      assert.equal([...ops.values()].filter((o) => o.method === 'get' && !o.op.requestBody).length, 2, 'only GET Products and GET CompaniesProducts take no input');
    });

    it('license codes and product IDs are strings with a digits pattern, never numbers', () => {
      for (const name of ['LicenseCode', 'ProductId']) {
        const s = doc.components.schemas[name];
        assert.equal(s.type, 'string');
        assert.equal(s.pattern, '^[0-9]+$');
      }
      // every property whose name is a license code or product id refers to them (or a string pattern)
      const bad: string[] = [];
      const walk = (s: Obj, where: string) => {
        if (!s || typeof s !== 'object') return;
        if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${where}/${i}`));
        for (const [n, p] of Object.entries<Obj>(s.properties ?? {})) {
          if (/^(licen[cs]ecode|productid)$/i.test(n)) {
            const ok = p.$ref === '#/components/schemas/LicenseCode' || p.$ref === '#/components/schemas/ProductId' || (p.pattern && [p.type].flat().includes('string') && ![p.type].flat().includes('integer'));
            if (!ok) bad.push(`${where}/${n}`);
          }
          walk(p, `${where}/${n}`);
        }
        for (const k of ['items', 'oneOf', 'anyOf']) if (s[k]) walk(s[k], `${where}/${k}`);
      };
      for (const [n, s] of Object.entries<Obj>(doc.components.schemas)) walk(s, n);
      assert.deepEqual(bad, []);
    });

    it('bare-string responses are string schemas; error responses are bare strings on 4XX/5XX', () => {
      const ajv = makeAjv(false);
      for (const [id, o] of ops) {
        for (const code of ['4XX', '5XX']) assert.equal(o.op.responses[code]?.$ref, '#/components/responses/ErrorMessage', `${id} ${code}`);
        assert.ok(o.op.responses['200'], `${id} 200`);
      }
      assert.equal(doc.components.responses.ErrorMessage.content['application/json'].schema.$ref, '#/components/schemas/ErrorMessage');
      assert.equal(doc.components.schemas.ErrorMessage.type, 'string');
      // closed sets are enums: the documented success strings, and nothing else
      const v = validatorFor(ajv, 'deleteTrial', 'response');
      assert.ok(v('Trial Deleted Successfully'));
      assert.ok(!v('Trial Deleted'));
      const lc = validatorFor(ajv, 'postLicenseCode', 'response');
      assert.ok(lc('OK'));
      assert.ok(lc('License Codes Created Successfully : 312410225741720791'));
      assert.ok(!lc('License Codes Created Successfully : '));
    });
  });

  describe('security: key types', () => {
    it('the scheme is http bearer with <customerID>:<APIKey> and a role per key type', () => {
      const s = doc.components.securitySchemes.zentitleKey;
      assert.equal(s.type, 'http');
      assert.equal(s.scheme, 'bearer');
      assert.match(s.description, /<customerID>:<APIKey>/);
      assert.deepEqual(Object.keys(s['x-key-type-roles']).sort(), [...KEY_TYPES].sort());
      for (const role of Object.values<string>(s['x-key-type-roles'])) assert.match(s.description, new RegExp('`' + role + '`'));
    });

    it('every operation has x-key-types consistent with its security roles', () => {
      const roles: Record<string, string> = doc.components.securitySchemes.zentitleKey['x-key-type-roles'];
      for (const [id, o] of ops) {
        const kt: string[] = o.op['x-key-types'];
        assert.ok(Array.isArray(kt) && kt.length > 0, `${id} x-key-types`);
        for (const k of kt) assert.ok((KEY_TYPES as readonly string[]).includes(k), `${id}: unknown key type ${k}`);
        const sec: Obj[] = o.op.security;
        assert.ok(Array.isArray(sec) && sec.length === kt.length, `${id}: one security requirement per key type`);
        for (const req of sec) {
          assert.deepEqual(Object.keys(req), ['zentitleKey'], id);
          assert.equal(req.zentitleKey.length, 1, `${id}: each requirement names one role`);
        }
        assert.deepEqual(sec.map((r) => r.zentitleKey[0]).sort(), kt.map((k) => roles[k]).sort(), id);
      }
    });

    it('x-key-types equal the seed\'s "Accessible API Keys" of every operation', () => {
      for (const s of seedOperations()) assert.deepEqual([...ops.get(s.opId)!.op['x-key-types']].sort(), [...s.keys].sort(), s.opId);
    });

    it('follows the key-type rules: READ-ONLY only GETs, READ-WRITE all but DataStreamer, Offline only OfflineActivation, DS only DataStreamer', () => {
      for (const [id, o] of ops) {
        const kt: string[] = o.op['x-key-types'];
        const ctrl = o.path.replace('/api/', '');
        if (ctrl === 'DataStreamer') {
          assert.deepEqual(kt, ['DS'], id);
          continue;
        }
        assert.ok(kt.includes('READ-WRITE'), `${id} READ-WRITE`);
        assert.equal(kt.includes('READ-ONLY'), o.method === 'get', `${id} READ-ONLY iff GET`);
        assert.equal(kt.includes('Offline'), ctrl === 'OfflineActivation', `${id} Offline`);
        assert.ok(!kt.includes('DS'), `${id} DS`);
      }
    });
  });

  describe('fixtures', () => {
    it('one file per seed example: 60 requests, 37 responses, each naming an operation', () => {
      const files = fixtureFiles();
      assert.equal(files.filter((f) => f.kind === 'request').length, 60);
      assert.equal(files.filter((f) => f.kind === 'response').length, 37);
      for (const f of files) assert.ok(ops.has(f.opId), `${f.file}: unknown operation`);
      // every operation with a requestBody has a request example
      for (const [id, o] of ops) if (o.op.requestBody) assert.ok(files.some((f) => f.opId === id && f.kind === 'request'), `${id} has no request fixture`);
    });

    it('every fixture validates against its operation schema (ajv, draft 2020-12)', () => {
      const ajv = makeAjv(false);
      const failures: string[] = [];
      for (const f of fixtureFiles()) {
        const v = validatorFor(ajv, f.opId, f.kind);
        if (!v(readFixture(f.file))) failures.push(`${f.file}:\n${fmt(v.errors)}`);
      }
      assert.deepEqual(failures, []);
    });

    it('every key a fixture sends or receives is declared in the schema (closed-object check)', () => {
      const ajv = makeAjv(true);
      const failures: string[] = [];
      for (const f of fixtureFiles()) {
        const v = validatorFor(ajv, f.opId, f.kind, 'closed:');
        if (!v(readFixture(f.file))) failures.push(`${f.file}:\n${fmt(v.errors)}`);
      }
      assert.deepEqual(failures, []);
    });

    it('bare-string response fixtures are JSON strings', () => {
      for (const f of ['postLicenseCode.import.response.json', 'deleteOfflineActivation.response.json', 'getTrial.response.json', 'postPassiveLicense.response.json']) {
        assert.equal(typeof readFixture(f), 'string', f);
      }
      assert.equal(readFixture('deleteOfflineActivation.response.json'), 'OK');
    });
  });

  describe('negative checks (mutated fixtures are rejected at the right JSON pointer)', () => {
    let ajv: InstanceType<typeof Ajv2020>;
    beforeAll(() => {
      ajv = makeAjv(false);
    });

    function expectError(opId: string, kind: 'request' | 'response', data: Json, pointer: string, keyword: string, extra?: (e: ErrorObject) => boolean) {
      const v = validatorFor(ajv, opId, kind, 'neg:');
      assert.equal(v(data), false, `${opId} ${kind} should be rejected`);
      const hit = (v.errors ?? []).find((e) => e.instancePath === pointer && e.keyword === keyword && (!extra || extra(e)));
      assert.ok(hit, `expected ${keyword} at "${pointer}", got:\n${fmt(v.errors)}`);
    }

    const clone = (f: string) => structuredClone(readFixture(f)) as any;

    it('missing required top-level field', () => {
      const d = clone('getLicenseCode.request.json');
      delete d.licensecode;
      expectError('getLicenseCode', 'request', d, '', 'required', (e) => e.params.missingProperty === 'licensecode');
      const p = clone('putLicenseCode.request.json');
      delete p.productid;
      expectError('putLicenseCode', 'request', p, '', 'required', (e) => e.params.missingProperty === 'productid');
    });

    it('missing required nested field', () => {
      const d = clone('postProductFeatures.request.json');
      delete d.features[1].notes;
      expectError('postProductFeatures', 'request', d, '/features/1', 'required', (e) => e.params.missingProperty === 'notes');
      const r = clone('getLicenseCodes.response.json');
      delete r[1].features[0].featureType;
      expectError('getLicenseCodes', 'response', r, '/1/features/0', 'required', (e) => e.params.missingProperty === 'featureType');
    });

    it('a license code sent as a JSON number is rejected (precision loss beyond 2^53)', () => {
      const d = clone('getLicenseCodeActivity.request.json');
      d.licensecode = 206454320110930859;
      expectError('getLicenseCodeActivity', 'request', d, '/licensecode', 'type');
    });

    it('wrong types and values in nested responses', () => {
      const r = clone('getLicenseCode.response.json');
      r[0].features[1].featureAvailability = 'MAYBE';
      expectError('getLicenseCode', 'response', r, '/0/features/1/featureAvailability', 'enum');
      const t = clone('getTrials.response.json');
      t[0].converted = true; // a JSON boolean where the wire carries the string "true"
      expectError('getTrials', 'response', t, '/0/converted', 'type');
      const g = clone('getGroup.response.json');
      g.groupUsers[0].groupUserID = '7';
      expectError('getGroup', 'response', g, '/groupUsers/0/groupUserID', 'type');
      const s = clone('getSystemDetails.response.json');
      s.cores = 'four';
      expectError('getSystemDetails', 'response', s, '/cores', 'pattern');
    });

    it('integer request fields accept numbers and digit strings, nothing else', () => {
      const v = validatorFor(ajv, 'postLicenseCode', 'request', 'neg:');
      const d = clone('postLicenseCode.allocate.request.json');
      assert.ok(v({ ...d, numcodes: 2 }), fmt(v.errors));
      assert.ok(v({ ...d, numcodes: '2' }), fmt(v.errors));
      expectError('postLicenseCode', 'request', { ...d, numcodes: 'two' }, '/numcodes', 'pattern');
      expectError('postLicenseCode', 'request', { ...d, numcodes: 2.5 }, '/numcodes', 'type');
      const f = clone('getLicenseCode.request.json');
      expectError('getLicenseCode', 'request', { ...f, getsfs: 2 }, '/getsfs', 'enum');
    });

    it('either/or inputs: both or neither is rejected', () => {
      const v = validatorFor(ajv, 'getGroup', 'request', 'neg:');
      assert.ok(v({ groupid: '9' }));
      assert.ok(v({ groupname: 'TestGroup' }));
      expectError('getGroup', 'request', { groupid: '9', groupname: 'TestGroup' }, '', 'oneOf');
      expectError('getGroup', 'request', {}, '', 'oneOf');
      expectError('getLicenseCodes', 'request', { company: 'abcLtd', companyId: 17 }, '', 'not');
    });

    it('paged list calls answer a count or a page', () => {
      const v = validatorFor(ajv, 'getProfiles', 'response', 'neg:');
      assert.ok(v(3));
      assert.ok(v('3'));
      assert.ok(v([]));
      assert.equal(v({ count: 3 }), false);
    });

    it('undeclared keys are caught by the closed-object check', () => {
      const closed = makeAjv(true);
      const v = closed.compile(rewriteRefs(bodySchema('getCompanyID', 'response')));
      const d = clone('getCompanyID.response.json');
      d.companyName = 'typo';
      assert.equal(v(d), false);
      assert.ok((v.errors ?? []).some((e) => e.keyword === 'unevaluatedProperties' && e.params.unevaluatedProperty === 'companyName'), fmt(v.errors));
    });
  });
});
