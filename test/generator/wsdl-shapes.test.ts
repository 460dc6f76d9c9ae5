/**
 * Every WSDL message shape, each a fixture of a dozen lines in test/fixtures/wsdl/shapes/, generated
 * by `gen` into a temporary folder and run end to end: the generated client against the generated
 * server on 127.0.0.1 (with the wire text checked), plus raw peers where the shape is about what
 * other stacks send (an rpc response wrapper named otherwise, a BOM before the envelope).
 * The tolerated slips are located warnings.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateAll } from '../../generator/pipeline.ts';
import { loadWsdl } from '../../generator/load/wsdl.ts';
import { formatDiagnostic } from '../../generator/load/xml-source.ts';
import { parseXml, type XmlElement } from '../../generator/runtime/xml.ts';
import { listen, type Started } from '../interop/support/peers.ts';
import { ROOT } from '../support/external.ts';

const TMP = path.join(ROOT, 'test/tmp/wsdl-shapes');
const FIXTURES = 'test/fixtures/wsdl/shapes';
const SHAPES = ['one-way', 'no-parts', 'bare', 'multi-part', 'rpc-response-name', 'tolerance', 'any-type'] as const;
type Shape = (typeof SHAPES)[number];
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Module = Record<string, any>;
const modules = new Map<string, Module>();
const mod = (shape: Shape, file: 'client' | 'server'): Module => modules.get(`${shape}/${file}`)!;

beforeAll(async () => {
  rmSync(TMP, { recursive: true, force: true });
  mkdirSync(TMP, { recursive: true });
  const files = await generateAll(SHAPES.map((name) => ({ name, spec: `${FIXTURES}/${name}.wsdl` })), ROOT);
  for (const [rel, text] of files) {
    mkdirSync(path.dirname(path.join(TMP, rel)), { recursive: true });
    writeFileSync(path.join(TMP, rel), text);
  }
  for (const shape of SHAPES) for (const file of ['client', 'server'] as const) modules.set(`${shape}/${file}`, await import(pathToFileURL(path.join(TMP, shape, `${file}.ts`)).href));
});

/** The located warnings of a fixture, as `gen` prints them. */
function warnings(shape: Shape): string[] {
  return loadWsdl(path.join(ROOT, FIXTURES, `${shape}.wsdl`), shape, ROOT).diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic);
}

interface Exchange {
  request: string;
  status: number;
  response: string;
}

/** The generated listener behind a recorder of each exchange's wire text. */
async function serve(listener: http.RequestListener): Promise<Started & { exchanges: Exchange[] }> {
  const exchanges: Exchange[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const exchange: Exchange = { request: body, status: 0, response: '' };
      exchanges.push(exchange);
      const write = res.write.bind(res);
      const end = res.end.bind(res);
      res.write = ((chunk: unknown, ...rest: never[]) => ((exchange.response += String(chunk ?? '')), write(chunk as never, ...rest))) as typeof res.write;
      res.end = ((chunk?: unknown, ...rest: never[]) => {
        exchange.status = res.statusCode;
        if (chunk !== undefined && typeof chunk !== 'function') exchange.response += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
        return end(chunk as never, ...rest);
      }) as typeof res.end;
      (req as { body?: string }).body = body;
      listener(req, res);
    });
  });
  return Object.assign(await listen(server), { exchanges });
}

/** A raw SOAP 1.1 POST. */
async function post(url: string, action: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${action}"` }, body });
  return { status: res.status, text: await res.text() };
}

const envelope = (body: string): string => `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11}"><soap:Body>${body}</soap:Body></soap:Envelope>`;

/** The children of soap:Body in a wire text, as `{ns}local`. */
function bodyChildren(xml: string): string[] {
  const body = parseXml(xml).children.find((c) => c.local === 'Body') as XmlElement;
  return body.children.map((c) => `{${c.ns}}${c.local}`);
}

test('every output type-checks under strict tsc', () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(TMP, 'tsconfig.json')], { encoding: 'utf8' });
});

describe('one-way and notification operations', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  const logged: unknown[] = [];
  beforeAll(async () => {
    server = await serve(mod('one-way', 'server').createOneWayListener({ log: (input: unknown) => void logged.push(input) }));
  });
  afterAll(() => server.close());

  test('one-way: the client resolves with nothing, the handler gets the input, the stub answers 202 with no body', async () => {
    const client = new (mod('one-way', 'client').OneWayPortClient)({ endpoint: `${server.url}/` });
    assert.equal(await client.log({ line: 'disk full', level: 3 }), undefined);
    assert.deepEqual(logged, [{ line: 'disk full', level: 3 }]);
    const last = server.exchanges.at(-1)!;
    assert.equal(last.status, 202);
    assert.equal(last.response, '');
    assert.deepEqual(bodyChildren(last.request), ['{urn:one-way}Log']);
  });

  test('one-way: bad input is still a Client fault (500, SOAP 1.1), which the client throws', async () => {
    const res = await post(`${server.url}/`, 'urn:one-way#Log', envelope('<Log xmlns="urn:one-way"><line>x</line><level>high</level></Log>'));
    assert.equal(res.status, 500);
    assert.match(res.text, /soap:Client/);
    const client = new (mod('one-way', 'client').OneWayPortClient)({ endpoint: `${server.url}/` });
    await assert.rejects(client.log({ line: 'x', level: 1.5 }), /Invalid request/);
  });

  test('one-way: a service answering 200 with an empty body is accepted too', async () => {
    const peer = await listen(http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end())));
    try {
      const client = new (mod('one-way', 'client').OneWayPortClient)({ endpoint: `${peer.url}/` });
      assert.equal(await client.log({ line: 'ok', level: 0 }), undefined);
    } finally {
      await peer.close();
    }
  });

  test('a notification operation (output only) is not generated, with a located warning', () => {
    assert.equal(typeof mod('one-way', 'client').OneWayPortClient.prototype.alert, 'undefined');
    assert.deepEqual(warnings('one-way'), [`${FIXTURES}/one-way.wsdl:12:5: warning: operation 'Alert' is a notification operation (output only): the service would send it unasked, which request/response HTTP cannot carry; it is not generated`]);
  });
});

describe('messages without parts', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  const calls: unknown[] = [];
  beforeAll(async () => {
    server = await serve(mod('no-parts', 'server').createNoPartsListener({ dummy: (input: unknown) => (calls.push(input), {}), status: (input: unknown) => (calls.push(input), { up: true }) }));
  });
  afterAll(() => server.close());

  test('dummy: an empty Body both ways; the client method takes no argument', async () => {
    const client = new (mod('no-parts', 'client').NoPartsPortClient)({ endpoint: `${server.url}/` });
    assert.deepEqual(await client.dummy(), {});
    assert.deepEqual(calls.at(-1), {});
    const last = server.exchanges.at(-1)!;
    assert.equal(last.status, 200);
    assert.deepEqual(bodyChildren(last.request), []);
    assert.deepEqual(bodyChildren(last.response), []);
  });

  test('status: an empty request, a typed response; dispatched by SOAPAction', async () => {
    const client = new (mod('no-parts', 'client').NoPartsPortClient)({ endpoint: `${server.url}/` });
    assert.deepEqual(await client.status(), { up: true });
    assert.deepEqual(bodyChildren(server.exchanges.at(-1)!.response), ['{urn:no-parts}Status']);
  });

  test('SOAP 1.2: both operations, told apart by the action parameter of the Content-Type', async () => {
    const client = new (mod('no-parts', 'client').NoPartsPort12Client)({ endpoint: `${server.url}/` });
    assert.deepEqual(await client.dummy(), {});
    assert.deepEqual(await client.status(), { up: true });
    const last = server.exchanges.at(-1)!;
    assert.equal(parseXml(last.request).ns, 'http://www.w3.org/2003/05/soap-envelope');
    assert.deepEqual(bodyChildren(last.request), []);
  });

  test('an empty-Body operation refuses a Body with content (Client fault)', async () => {
    const res = await post(`${server.url}/`, 'urn:no-parts#dummy', envelope('<x/>'));
    assert.equal(res.status, 500);
    assert.match(res.text, /Operation dummy expects an empty Body but the Body holds 'x'/);
  });
});

describe('document/literal bare', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve(mod('bare', 'server').createBareListener({ add: ({ a, b }: { a: number; b: number }) => a + b, subtract: ({ a, b }: { a: number; b: number }) => a - b }));
  });
  afterAll(() => server.close());

  test('two operations sharing one request element are told apart by SOAPAction; a simple-typed response element', async () => {
    const client = new (mod('bare', 'client').BarePortClient)({ endpoint: `${server.url}/` });
    assert.equal(await client.add({ a: 7, b: 5 }), 12);
    assert.equal(await client.subtract({ a: 7, b: 5 }), 2);
    const last = server.exchanges.at(-1)!;
    assert.deepEqual(bodyChildren(last.request), ['{urn:bare}Operands']);
    assert.match(last.response, /<Result xmlns="urn:bare">2<\/Result>/);
  });

  test('no warning: the SOAPActions differ', () => {
    assert.deepEqual(warnings('bare'), []);
  });

  test('one SOAPAction for both: a located warning that the server cannot tell them apart', () => {
    const file = path.join(TMP, 'bare-same-action.wsdl');
    writeFileSync(file, readFileSync(path.join(ROOT, FIXTURES, 'bare.wsdl'), 'utf8').replaceAll('urn:bare#Subtract', 'urn:bare#Add'));
    const found = loadWsdl(file, 'bare', ROOT).diagnostics.map(formatDiagnostic);
    assert.deepEqual(found, [`test/tmp/wsdl-shapes/bare-same-action.wsdl:16:5: warning: operations 'Add' and 'Subtract' send the same Body element and SOAPAction 'urn:bare#Add': a server cannot tell them apart and dispatches both to 'Add'`]);
  });
});

describe('document/literal multi-part', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let received: unknown;
  beforeAll(async () => {
    server = await serve(mod('multi-part', 'server').createMultiListener({ place: (input: unknown) => ((received = input), { receipt: { id: 'R-1' }, total: '12.50' }) }));
  });
  afterAll(() => server.close());

  test('each part is an element of soap:Body, in order, both ways', async () => {
    const client = new (mod('multi-part', 'client').MultiPortClient)({ endpoint: `${server.url}/` });
    const input = { customer: { name: 'Ada' }, order: { item: ['tea', 'scones'] } };
    assert.deepEqual(await client.place(input), { receipt: { id: 'R-1' }, total: '12.50' });
    assert.deepEqual(received, input);
    const last = server.exchanges.at(-1)!;
    assert.deepEqual(bodyChildren(last.request), ['{urn:multi}Customer', '{urn:multi}Order']);
    assert.deepEqual(bodyChildren(last.response), ['{urn:multi}Receipt', '{urn:multi}Total']);
  });

  test('a missing part is a Client fault naming it', async () => {
    const res = await post(`${server.url}/`, 'urn:multi#Place', envelope('<Customer xmlns="urn:multi"><name>Ada</name></Customer>'));
    assert.equal(res.status, 500);
    assert.match(res.text, /soap:Client/);
    assert.match(res.text, /\/order/);
  });
});

describe('rpc responses whose wrapper is not named <op>Response', () => {
  test('the client reads the first Body child by position', async () => {
    const peer = await listen(
      http.createServer((req, res) =>
        req.resume().on('end', () => res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' }).end(envelope('<r:EchoResult xmlns:r="urn:rpc-name"><echoed>hi</echoed></r:EchoResult>'))),
      ),
    );
    try {
      const client = new (mod('rpc-response-name', 'client').RpcNamePortClient)({ endpoint: `${peer.url}/` });
      assert.deepEqual(await client.echo({ text: 'hi' }), { echoed: 'hi' });
    } finally {
      await peer.close();
    }
  });

  test('the server stays strict: a request wrapper of another name is a Client fault', async () => {
    const server = await serve(mod('rpc-response-name', 'server').createRpcNameListener({ echo: ({ text }: { text: string }) => ({ echoed: text }) }));
    try {
      const client = new (mod('rpc-response-name', 'client').RpcNamePortClient)({ endpoint: `${server.url}/` });
      assert.deepEqual(await client.echo({ text: 'round trip' }), { echoed: 'round trip' });
      const res = await post(`${server.url}/`, 'urn:rpc-name#Echo', envelope('<r:EchoRequest xmlns:r="urn:rpc-name"><text>hi</text></r:EchoRequest>'));
      assert.equal(res.status, 500);
      assert.match(res.text, /Operation Echo expects element 'Echo' but the Body holds 'EchoRequest'/);
    } finally {
      await server.close();
    }
  });
});

describe('text before the envelope: a UTF-8 BOM and white space', () => {
  const lead = '\uFEFF\r\n  ';

  test('the client decodes such a response', async () => {
    const peer = await listen(
      http.createServer((req, res) =>
        req.resume().on('end', () => res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' }).end(Buffer.from(lead + envelope('<Result xmlns="urn:bare">3</Result>'), 'utf8'))),
      ),
    );
    try {
      const client = new (mod('bare', 'client').BarePortClient)({ endpoint: `${peer.url}/` });
      assert.equal(await client.add({ a: 1, b: 2 }), 3);
    } finally {
      await peer.close();
    }
  });

  test('the server decodes such a request (sent as raw bytes, not pre-read)', async () => {
    const server = await listen(http.createServer(mod('bare', 'server').createBareListener({ add: ({ a, b }: { a: number; b: number }) => a + b, subtract: () => 0 })));
    try {
      const res = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:bare#Add"' },
        body: Buffer.from(lead + envelope('<Operands xmlns="urn:bare"><a>2</a><b>2</b></Operands>'), 'utf8'),
      });
      assert.equal(res.status, 200);
      assert.match(await res.text(), /<Result xmlns="urn:bare">4<\/Result>/);
    } finally {
      await server.close();
    }
  });
});

describe('xs:anyType fields carry content, not a wrapper element', () => {
  test('child elements and text go through as given, inside the field\'s own element; an element without a type is xs:anyType too', async () => {
    let got: { key: string; value: XmlElement[]; note: string } | undefined;
    const server = await serve(mod('any-type', 'server').createAnyTypeListener({ store: (input: typeof got) => ((got = input), { previous: 'nothing' }) }));
    try {
      const client = new (mod('any-type', 'client').AnyTypePortClient)({ endpoint: `${server.url}/` });
      const value = parseXml('<w><a>1</a><b xmlns="urn:other" flag="y"/></w>').children;
      assert.deepEqual(await client.store({ key: 'k', value, note: 'plain <text>' }), { previous: 'nothing' });
      assert.deepEqual(got!.value.map((c) => [c.ns, c.local, c.text, { ...c.attrs }]), [['', 'a', '1', {}], ['urn:other', 'b', '', { flag: 'y' }]]);
      assert.equal(got!.note, 'plain <text>');
      const request = server.exchanges.at(-1)!.request;
      const store = parseXml(request).children.find((c) => c.local === 'Body')!.children[0]!;
      assert.deepEqual(store.children.map((c) => c.local), ['key', 'value', 'note'], 'no wrapper of the caller\'s inside <value>');
      assert.deepEqual(store.children[1]!.children.map((c) => `{${c.ns}}${c.local}`), ['{}a', '{urn:other}b']);
    } finally {
      await server.close();
    }
  });
});

describe('tolerance', () => {
  test('an unprefixed type reference with no default namespace resolves in the target namespace; a binding operation missing from its portType is skipped; both located warnings', async () => {
    assert.deepEqual(warnings('tolerance'), [
      `${FIXTURES}/tolerance.wsdl:6:57: warning: 'Item' has no prefix and no default namespace is in scope, so it names no namespace; nothing is declared there, so it is resolved in the target namespace 'urn:tolerance'`,
      `${FIXTURES}/tolerance.wsdl:14:5: warning: binding operation 'Retired' is not in portType 'P'; it is skipped`,
    ]);
    let got: unknown;
    const server = await serve(mod('tolerance', 'server').createToleranceListener({ get: (input: unknown) => ((got = input), {}) }));
    try {
      const client = new (mod('tolerance', 'client').TolerancePortClient)({ endpoint: `${server.url}/` });
      assert.deepEqual(await client.get({ item: { sku: 'A-1' } }), {});
      assert.deepEqual(got, { item: { sku: 'A-1' } });
      assert.equal(typeof client.retired, 'undefined');
    } finally {
      await server.close();
    }
  });
});
