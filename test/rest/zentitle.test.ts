/**
 * Our Zentitle REST contract end to end: generation (time and size are
 * printed), strict type-check, every seed example through the validators and
 * the client's decoding, and all 61 operations from the generated client to
 * the generated server on 127.0.0.1, each allowed and refused by key type.
 */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { RestOperation, TypeRef } from '../../generator/model/model.ts';
import { validatorNames } from '../../generator/emit/validators.ts';
import { operationInfos } from '../../generator/emit/rest/operations.ts';
import { parseJson } from '../../generator/runtime/rest-client.ts';
import { ModelArbitraries } from '../validators/model-arbitrary.ts';
import { generate, importGenerated, ROOT, totalSize, typecheck, type Generated } from './support.ts';

const KEY_TYPES = ['READ-ONLY', 'READ-WRITE', 'Offline', 'DS'];
const SECRET: Record<string, string> = { 'READ-ONLY': 'roKey', 'READ-WRITE': 'rwKey', Offline: 'offKey', DS: 'dsKey' };
const EXAMPLES = join(ROOT, 'specs/examples/zentitle-rest');

let g: Generated;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let mod: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let V: any;
let server: Server;
let base = '';
const outputs = new Map<string, unknown>();
const received = new Map<string, unknown>();

function named(ref: TypeRef | undefined): string | undefined {
  if (!ref) return undefined;
  if (ref.kind === 'named') return ref.name;
  if (ref.kind === 'union') return ref.members.map(named).find(Boolean);
  return undefined;
}

function successType(op: RestOperation): TypeRef | undefined {
  return op.responses.find((r) => /^2/.test(r.status))?.type;
}

beforeAll(async () => {
  g = await generate('specs/zentitle.openapi.yaml', 'zentitle-rest', 'zentitle-rest');
  console.log(
    `zentitle-rest: load ${g.loadMs.toFixed(0)} ms, emit ${g.emitMs.toFixed(0)} ms, ${g.files.length} files, ${(totalSize(g.files) / 1024).toFixed(0)} KiB (` +
      g.files.map((f) => `${f.path} ${(Buffer.byteLength(f.text) / 1024).toFixed(0)}K`).join(', ') +
      ')',
  );
  mod = await importGenerated(g);
  V = await importGenerated(g, 'validators.ts');
  const infos = operationInfos(g.api);
  const handlers: Record<string, (...args: unknown[]) => unknown> = {};
  for (const info of infos) {
    // Operations without input get only the context.
    handlers[info.method] = (...args: unknown[]) => {
      received.set(info.op.id, info.input === 'none' ? undefined : args[0]);
      return outputs.get(info.op.id);
    };
  }
  server = createServer(
    mod.createZentitleRestListener({
      handlers,
      authenticate: (c: { parts?: { customerID: string; APIKey: string } }) => {
        const keyType = Object.keys(SECRET).find((k) => SECRET[k] === c.parts?.APIKey);
        return c.parts?.customerID === '1234' && keyType ? { keyType } : undefined;
      },
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server?.close());

test('the generated Zentitle REST code type-checks under strict', async () => {
  await typecheck(g.root);
  assert.equal(g.api.rest!.operations.length, 61);
});

test('every request example passes the request validator; every response example its response validator and decodes', async () => {
  const names = validatorNames(g.api);
  const ops = new Map(g.api.rest!.operations.map((o) => [o.id, o]));
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 90, `expected the seed's examples, found ${files.length}`);
  for (const file of files) {
    const [id, ...rest] = file.split('.');
    const op = ops.get(id!);
    assert.ok(op, `${file}: no operation ${id}`);
    const text = readFileSync(join(EXAMPLES, file), 'utf8');
    const value = parseJson(text);
    const isRequest = rest.includes('request');
    const typeName = named(isRequest ? op!.body?.media[0]!.type : successType(op!));
    assert.ok(typeName, `${file}: no ${isRequest ? 'body' : 'response'} type`);
    const check = V[names.get(typeName!)!.replace(/^validate/, 'check')];
    assert.deepEqual(check(value), [], `${file} against ${typeName}`);
    if (!isRequest) {
      // The client decodes the example answer (served by an injected transport) to the same value, losslessly.
      const client = new mod.ZentitleRestClient({
        credentials: { zentitleKey: { customerID: '1234', APIKey: 'x' } },
        transport: async () => ({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: text }),
      });
      const info = operationInfos(g.api).find((i) => i.op.id === id)!;
      const input = info.input === 'none' ? undefined : {};
      const decoded = info.input === 'none' ? await client[info.method]() : await client[info.method](input);
      assert.deepEqual(decoded, value, file);
    }
  }
});

test('all 61 operations from the generated client to the generated server, allowed and refused by key type', async () => {
  const arbs = new ModelArbitraries(g.api);
  const infos = operationInfos(g.api);
  const examples = new Set(readdirSync(EXAMPLES));
  let calls = 0;
  let refusals = 0;
  for (const info of infos) {
    const op = info.op;
    // Input: the seed's example when there is one, otherwise a generated valid value.
    let input: unknown;
    const example = [...examples].find((f) => f.startsWith(`${op.id}.`) && f.endsWith('request.json'));
    if (example) input = parseJson(readFileSync(join(EXAMPLES, example), 'utf8'));
    else if (op.body) input = fc.sample(arbs.ref(op.body.media[0]!.type, 0), { numRuns: 1, seed: 7 })[0];
    const out = successType(op);
    const output = out ? fc.sample(arbs.ref(out, 0), { numRuns: 1, seed: 11 })[0] : undefined;
    outputs.set(op.id, output);
    const allowed = op.keyTypes ?? [];
    assert.ok(allowed.length > 0, `${op.id} declares x-key-types`);
    for (const keyType of KEY_TYPES) {
      const client = new mod.ZentitleRestClient({ baseUrl: base, credentials: { zentitleKey: { customerID: '1234', APIKey: SECRET[keyType] } } });
      const call = () => (info.input === 'none' ? client[info.method]() : client[info.method](input));
      if (allowed.includes(keyType)) {
        received.delete(op.id);
        const result = await call();
        assert.deepEqual(received.get(op.id), info.input === 'none' ? undefined : input, `${op.id}: the handler sees the input as sent`);
        assert.deepEqual(result, output === undefined ? undefined : JSON.parse(JSON.stringify(output)), `${op.id}: the client decodes the handler's output`);
        calls++;
      } else {
        await assert.rejects(call(), (e: { status?: number }) => e.status === 403, `${op.id} must refuse a ${keyType} key`);
        refusals++;
      }
    }
    // A wrong API key is a 401 whatever the operation.
    const stranger = new mod.ZentitleRestClient({ baseUrl: base, credentials: { zentitleKey: { customerID: '1234', APIKey: 'unknown' } } });
    await assert.rejects(info.input === 'none' ? stranger[info.method]() : stranger[info.method](input), (e: { status?: number }) => e.status === 401);
  }
  assert.equal(infos.length, 61);
  console.log(`zentitle-rest: ${calls} allowed calls, ${refusals} refusals by key type`);
});

test('documented key rules hold: READ-ONLY never reaches a write, only DS reaches DataStreamer, Offline only OfflineActivation', () => {
  for (const op of g.api.rest!.operations) {
    const kt = op.keyTypes ?? [];
    if (op.method !== 'get') assert.ok(!kt.includes('READ-ONLY'), `${op.id}: READ-ONLY on a ${op.method}`);
    if (/DataStreamer/i.test(op.path)) assert.deepEqual(kt, ['DS']);
    else assert.ok(!kt.includes('DS'), `${op.id}: DS outside DataStreamer`);
    if (kt.includes('Offline')) assert.match(op.path, /OfflineActivation/i);
  }
});

test('a field error in a Zentitle request answers 400 naming the field, as the bare JSON string the contract declares', async () => {
  const client = new mod.ZentitleRestClient({ baseUrl: base, credentials: { zentitleKey: { customerID: '1234', APIKey: SECRET['READ-ONLY'] } } });
  await assert.rejects(client.getLicenseCode({ productid: '6453300110' }), (e: { status: number; body: unknown }) => {
    assert.equal(e.status, 400);
    assert.equal(typeof e.body, 'string', 'the 4XX response of the contract is a JSON string');
    assert.match(e.body as string, /\/licensecode: required/);
    return true;
  });
});
