/**
 * SOAP headers, modelled like the body (test/fixtures/wsdl/headers.wsdl): an asmx-style AuthHeader
 * in a message of its own, a Java-style header part inside the operation's input message, and a
 * header in the response. The generated client sends them (per call, and per client as defaults),
 * the generated server hands them to the handler typed and answers with the handler's response
 * header; a `mustUnderstand` block the operation does not declare is a MustUnderstand fault. zeep,
 * an independent stack, sends the header from the same WSDL.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateAll } from '../../generator/pipeline.ts';
import { loadWsdl } from '../../generator/load/wsdl.ts';
import { ROOT, SYSTEM_PYTHON } from '../support/external.ts';

const SPEC = path.join(ROOT, 'test/fixtures/wsdl/headers.wsdl');
const OUT = path.join(ROOT, 'test/tmp/soap-headers');

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated modules are imported at run time */
let client: any;
let server: http.Server;
let base: string;
/** What each handler call saw: the operation and its decoded header. */
const seen: { operation: string; header: unknown }[] = [];

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  for (const [rel, text] of await generateAll([{ name: 'bank', spec: SPEC }], ROOT)) {
    fs.mkdirSync(path.dirname(path.join(OUT, rel)), { recursive: true });
    fs.writeFileSync(path.join(OUT, rel), text);
  }
  client = await import(pathToFileURL(path.join(OUT, 'bank/client.ts')).href);
  const stubs = await import(pathToFileURL(path.join(OUT, 'bank/server.ts')).href);
  server = http.createServer(
    stubs.createBankListener({
      getBalance(input: { Account: string }, context: any) {
        seen.push({ operation: 'GetBalance', header: context.header });
        if (context.header.AuthHeader?.Password !== 'secret') throw new stubs.SoapFault('Client', 'bad credentials');
        context.responseHeader = { Quota: { Remaining: 41 } };
        return { Balance: input.Account === 'A-1' ? '100.50' : '0' };
      },
      transfer(_input: unknown, context: any) {
        seen.push({ operation: 'Transfer', header: context.header });
        return { Reference: `T-${context.header.auth?.Username ?? 'anonymous'}` };
      },
      ping(_input: unknown, context: any) {
        seen.push({ operation: 'Ping', header: context.header });
        return {};
      },
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/bank`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('SOAP headers', () => {
  test('the loader models every header block (no warning) and leaves header parts out of the body', async () => {
    const api = await loadWsdl(SPEC, 'bank', ROOT);
    assert.deepEqual(api.diagnostics.filter((d) => /header/i.test(d.message)), []);
    const transfer = api.soap!.services[0]!.ports[0]!.binding.operations.find((o) => o.name === 'Transfer')!;
    assert.deepEqual(transfer.input.element, { ns: 'urn:example:bank', local: 'Transfer' }, 'the auth part is a header, not a second body part');
    assert.equal(transfer.input.header?.name, 'TransferRequestHeader');
    const ports = api.soap!.services[0]!.ports.map((p) => p.binding.operations.find((o) => o.name === 'GetBalance')!.input.header?.name);
    assert.deepEqual(ports, ['GetBalanceRequestHeader', 'GetBalanceRequestHeader'], 'SOAP 1.1 and 1.2 bindings share one header type');
  });

  for (const [className, version] of [['BankSoapClient', '1.1'], ['BankSoap12Client', '1.2']] as const) {
    test(`SOAP ${version}: a per-call header reaches the handler typed, and the response header comes back`, async () => {
      const c = new client[className]({ endpoint: base });
      let quota: unknown;
      const result = await c.getBalance({ Account: 'A-1' }, { header: { AuthHeader: { Username: 'ann', Password: 'secret' } }, onHeader: (h: unknown) => (quota = h) });
      assert.deepEqual(result, { Balance: '100.50' });
      assert.deepEqual(quota, { Quota: { Remaining: 41 } });
      assert.deepEqual(seen.at(-1), { operation: 'GetBalance', header: { AuthHeader: { Username: 'ann', Password: 'secret' } } });
      await assert.rejects(c.getBalance({ Account: 'A-1' }, { header: { AuthHeader: { Username: 'ann', Password: 'wrong' } } }), /bad credentials/);
    });
  }

  test('client defaults apply to every call that declares the block; a call\'s own value wins', async () => {
    const c = new client.BankSoapClient({ endpoint: base, header: { auth: { Username: 'default', Password: 'p' } } });
    assert.deepEqual(await c.transfer({ Amount: '5' }), { Reference: 'T-default' });
    assert.deepEqual(await c.transfer({ Amount: '5' }, { header: { auth: { Username: 'bob', Password: 'p' } } }), { Reference: 'T-bob' });
    await c.ping({});
    assert.deepEqual(seen.at(-1), { operation: 'Ping', header: undefined }, 'an operation without headers sends none');
  });

  test('mustUnderstand: an undeclared mandatory block is a MustUnderstand fault; a declared one is processed', async () => {
    const envelope = (block: string) =>
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>${block}</s:Header><s:Body><Ping xmlns="urn:example:bank"/></s:Body></s:Envelope>`;
    const post = async (xml: string) => {
      const res = await fetch(base, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"urn:example:bank/Ping"' }, body: xml });
      return { status: res.status, text: await res.text() };
    };
    const unknown = await post(envelope('<x:Trace xmlns:x="urn:other" s:mustUnderstand="1">t</x:Trace>'));
    assert.equal(unknown.status, 500);
    assert.match(unknown.text, /<faultcode>[^<]*MustUnderstand<\/faultcode>/);
    assert.match(unknown.text, /\{urn:other\}Trace/);
    const optional = await post(envelope('<x:Trace xmlns:x="urn:other">t</x:Trace>'));
    assert.equal(optional.status, 200, 'without mustUnderstand an unknown block is ignored');
    const otherActor = await post(envelope('<x:Trace xmlns:x="urn:other" s:mustUnderstand="1" s:actor="urn:somebody-else">t</x:Trace>'));
    assert.equal(otherActor.status, 200, 'a block for another actor is not ours to understand');
    const declared = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"urn:example:bank/Transfer"' },
      body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><AuthHeader xmlns="urn:example:bank" s:mustUnderstand="1"><Username>raw</Username><Password>p</Password></AuthHeader></s:Header><s:Body><Transfer xmlns="urn:example:bank"><Amount>1</Amount></Transfer></s:Body></s:Envelope>',
    });
    assert.equal(declared.status, 200);
    assert.match(await declared.text(), /<Reference>T-raw<\/Reference>/);
  });

  test('zeep sends the header declared in the same WSDL, and reads the response header', async () => {
    const script = `
import sys, json, zeep
client = zeep.Client(sys.argv[1])
service = client.create_service('{urn:example:bank}BankSoap', sys.argv[2])
auth = client.get_element('{urn:example:bank}AuthHeader')(Username='zeep', Password='secret')
result = service.GetBalance(Account='A-1', _soapheaders=[auth])
# With a header in the response, zeep answers both parts.
print(json.dumps({'balance': str(result.body.Balance), 'remaining': result.header.Quota.Remaining}))
`;
    // Asynchronously: the server answering zeep runs in this process.
    const { stdout: out } = await promisify(execFile)(SYSTEM_PYTHON, ['-c', script, SPEC, base], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out.trim()), { balance: '100.50', remaining: 41 });
    assert.deepEqual(seen.at(-1), { operation: 'GetBalance', header: { AuthHeader: { Username: 'zeep', Password: 'secret' } } });
  });
});
