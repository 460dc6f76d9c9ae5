import { test, beforeAll, afterAll, describe } from 'vitest';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createSoapListener, ValidationError, type SoapRoute } from '../../generator/runtime/soap-server.ts';
import { buildEnvelope, parseEnvelope, readFault, requestHeaders, SoapFault, type SoapVersion } from '../../generator/runtime/soap.ts';
import { DecodeError, readInt } from '../../generator/runtime/values.ts';
import { escapeText, parseXml } from '../../generator/runtime/xml.ts';

const NS = 'http://genopro.com/webservices/';
const WSDL = '<?xml version="1.0"?><wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>';
const errors: unknown[] = [];

/** A hand-written route: Echo decodes <Value> as xs:int and echoes it; magic values trigger each error class. */
const echo: SoapRoute = {
  operation: 'Echo',
  soapAction: `${NS}Echo`,
  element: { ns: NS, local: 'Echo' },
  async invoke(envelope, context) {
    const payload = envelope.payload;
    assert.ok(payload);
    const valueEl = payload.children.find((c) => c.local === 'Value');
    if (valueEl === undefined) throw new ValidationError([{ path: '/Echo/Value', code: 'required', message: 'Value is required' }]);
    const n = readInt(valueEl.text, '/Echo/Value');
    if (n === 13) throw new SoapFault('Client', 'Unlucky number', { detailXml: '<Unlucky xmlns="urn:x">13</Unlucky>' });
    if (n === 500) throw new Error('database password is hunter2');
    if (n === 2) {
      throw new ValidationError([
        { path: '/Echo/Value', code: 'range', message: 'must be odd' },
        { path: '/Echo/Other', code: 'required', message: 'Other is required' },
      ]);
    }
    return `<EchoResponse xmlns="${NS}"><EchoResult>${n}</EchoResult><Version>${context.version}</Version><Op>${escapeText(context.operation)}</Op></EchoResponse>`;
  },
};

/** A second route with an empty SOAPAction, reachable only by element. */
const ping: SoapRoute = {
  operation: 'Ping',
  soapAction: '',
  element: { ns: NS, local: 'Ping' },
  async invoke() {
    return `<PingResponse xmlns="${NS}"/>`;
  },
};

let server: http.Server;
let port = 0;

beforeAll(async () => {
  const listener = createSoapListener([echo, ping], {
    wsdl: WSDL,
    documents: { 'types.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>' },
    limits: { maxBytes: 1024 * 1024 },
    onError: (e) => errors.push(e),
  });
  server = http.createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

interface Reply {
  status: number;
  type: string;
  body: string;
}

function request(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function call(version: SoapVersion, action: string, payload: string, headers: Record<string, string> = {}): Promise<Reply> {
  return request('POST', '/ws.asmx', { ...requestHeaders(version, action), ...headers }, buildEnvelope(version, payload));
}

const echoBody = (v: string): string => `<Echo xmlns="${NS}"><Value>${v}</Value></Echo>`;

function faultOf(reply: Reply): SoapFault {
  const env = parseEnvelope(reply.body);
  const fault = readFault(env);
  assert.ok(fault, `expected a fault, got ${reply.body}`);
  return fault;
}

const CT: Record<SoapVersion, string> = { '1.1': 'text/xml; charset=utf-8', '1.2': 'application/soap+xml; charset=utf-8' };

describe('GET', () => {
  test('?wsdl (any case) serves the WSDL as text/xml; ?xsd=name serves documents; others 404', async () => {
    for (const q of ['?wsdl', '?WSDL', '?Wsdl']) {
      const r = await request('GET', `/ws.asmx${q}`, {});
      assert.equal(r.status, 200);
      assert.match(r.type, /^text\/xml/);
      assert.equal(r.body, WSDL);
    }
    const x = await request('GET', '/ws.asmx?xsd=types.xsd', {});
    assert.equal(x.status, 200);
    assert.match(x.body, /xs:schema/);
    assert.equal((await request('GET', '/ws.asmx?xsd=../../etc/passwd', {})).status, 404);
    assert.equal((await request('GET', '/ws.asmx', {})).status, 404);
    assert.equal((await request('PUT', '/ws.asmx', {}, 'x')).status, 405);
  });
});

describe('dispatch', () => {
  test('SOAP 1.1 by SOAPAction (quoted), answered in 1.1', async () => {
    const r = await call('1.1', `${NS}Echo`, echoBody('41'));
    assert.equal(r.status, 200);
    assert.equal(r.type, CT['1.1']);
    const env = parseEnvelope(r.body);
    assert.equal(env.version, '1.1');
    assert.equal(env.payload?.local, 'EchoResponse');
    assert.deepEqual(env.payload?.children.map((c) => c.text), ['41', '1.1', 'Echo']);
  });

  test('SOAP 1.1 SOAPAction without quotes also works', async () => {
    const r = await request('POST', '/', { 'Content-Type': 'text/xml', SOAPAction: `${NS}Echo` }, buildEnvelope('1.1', echoBody('1')));
    assert.equal(r.status, 200);
  });

  test('SOAP 1.2 by the action parameter, answered in 1.2', async () => {
    const r = await call('1.2', `${NS}Echo`, echoBody('7'));
    assert.equal(r.status, 200);
    assert.equal(r.type, CT['1.2']);
    const env = parseEnvelope(r.body);
    assert.equal(env.version, '1.2');
    assert.deepEqual(env.payload?.children.map((c) => c.text), ['7', '1.2', 'Echo']);
  });

  test('by payload element when there is no action (both versions)', async () => {
    for (const v of ['1.1', '1.2'] as SoapVersion[]) {
      const r = await call(v, '', `<Ping xmlns="${NS}"/>`);
      assert.equal(r.status, 200, r.body);
      assert.equal(parseEnvelope(r.body).payload?.local, 'PingResponse');
      const e = await call(v, '', echoBody('3'));
      assert.equal(parseEnvelope(e.body).payload?.children[0].text, '3');
    }
  });

  test('the version comes from the envelope when the content type says nothing', async () => {
    const r = await request('POST', '/', { 'Content-Type': 'application/xml' }, buildEnvelope('1.2', echoBody('5')));
    assert.equal(r.status, 200);
    assert.equal(r.type, CT['1.2']);
  });
});

describe('faults', () => {
  for (const v of ['1.1', '1.2'] as SoapVersion[]) {
    const clientStatus = v === '1.1' ? 500 : 400;
    test(`SOAP ${v}: unknown operation → Client/Sender fault naming it`, async () => {
      const r = await call(v, 'urn:Nope', `<Nope xmlns="urn:x"/>`);
      assert.equal(r.status, clientStatus);
      assert.equal(r.type, CT[v]);
      const f = faultOf(r);
      assert.equal(f.code, 'Client');
      assert.match(f.reason, /Unknown operation: SOAPAction 'urn:Nope', element '\{urn:x\}Nope'/);
      assert.equal(parseEnvelope(r.body).version, v);
    });

    test(`SOAP ${v}: DecodeError → Client fault naming the path`, async () => {
      const r = await call(v, `${NS}Echo`, echoBody('abc'));
      assert.equal(r.status, clientStatus);
      assert.equal(r.type, CT[v]);
      const f = faultOf(r);
      assert.equal(f.code, 'Client');
      assert.match(f.reason, /\/Echo\/Value/);
      assert.equal(f.path, '/Echo/Value');
    });

    test(`SOAP ${v}: ValidationError → Client fault listing every path`, async () => {
      const r = await call(v, `${NS}Echo`, echoBody('2'));
      assert.equal(r.status, clientStatus);
      const f = faultOf(r);
      assert.equal(f.code, 'Client');
      assert.match(f.reason, /\/Echo\/Value: must be odd; \/Echo\/Other: Other is required/);
      const detail = parseXml(f.detailXml as string);
      assert.deepEqual(
        detail.children.map((c) => [c.attrs['path'], c.text]),
        [
          ['/Echo/Value', 'must be odd'],
          ['/Echo/Other', 'Other is required'],
        ],
      );
    });

    test(`SOAP ${v}: SoapFault from the handler passes through`, async () => {
      const r = await call(v, `${NS}Echo`, echoBody('13'));
      assert.equal(r.status, clientStatus);
      const f = faultOf(r);
      assert.equal(f.reason, 'Unlucky number');
      assert.equal(parseXml(f.detailXml as string).local, 'Unlucky');
    });

    test(`SOAP ${v}: unexpected errors → Server/Receiver "Internal server error", no leak, onError called`, async () => {
      const before = errors.length;
      const r = await call(v, `${NS}Echo`, echoBody('500'));
      assert.equal(r.status, 500);
      assert.equal(r.type, CT[v]);
      const f = faultOf(r);
      assert.equal(f.code, 'Server');
      assert.equal(f.reason, 'Internal server error');
      assert.doesNotMatch(r.body, /hunter2|at .*\.ts/);
      assert.equal(errors.length, before + 1);
      assert.match(String(errors.at(-1)), /hunter2/);
    });
  }

  test('an envelope whose version contradicts the content type → VersionMismatch', async () => {
    const r = await request('POST', '/', { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' }, buildEnvelope('1.2', echoBody('1')));
    assert.equal(r.status, 500);
    assert.equal(faultOf(r).code, 'VersionMismatch');
  });

  test('a listener limited to SOAP 1.1 answers 1.2 requests with VersionMismatch', async () => {
    const only11 = http.createServer(createSoapListener([echo], { versions: ['1.1'] }));
    await new Promise<void>((r) => only11.listen(0, '127.0.0.1', r));
    try {
      const p = (only11.address() as AddressInfo).port;
      const r = await new Promise<Reply>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: p, method: 'POST', headers: requestHeaders('1.2', `${NS}Echo`) }, (res) => {
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: b }));
        });
        req.on('error', reject);
        req.end(buildEnvelope('1.2', echoBody('1')));
      });
      assert.equal(r.status, 500);
      assert.equal(faultOf(r).code, 'VersionMismatch');
      assert.equal(parseEnvelope(r.body).version, '1.1');
    } finally {
      only11.close();
    }
  });
});

describe('hostile input: the server answers with a fault and stays up', () => {
  async function stillUp(): Promise<void> {
    const r = await call('1.1', `${NS}Echo`, echoBody('9'));
    assert.equal(r.status, 200);
  }

  test('malformed XML', async () => {
    for (const v of ['1.1', '1.2'] as SoapVersion[]) {
      const r = await request('POST', '/', requestHeaders(v, `${NS}Echo`), '<soap:Envelope xmlns:soap="x"><unclosed>');
      assert.equal(r.status, v === '1.1' ? 500 : 400);
      assert.equal(r.type, CT[v]);
      const f = faultOf(r);
      assert.equal(f.code, 'Client');
      assert.match(f.reason, /Malformed request XML/);
    }
    await stillUp();
  });

  test('a DTD with entities (XXE / billion laughs)', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      buildEnvelope('1.1', echoBody('&lol2;&xxe;')).replace(/^<\?xml[^>]*\?>/, '');
    const r = await request('POST', '/', requestHeaders('1.1', `${NS}Echo`), xxe);
    assert.equal(r.status, 500);
    const f = faultOf(r);
    assert.equal(f.code, 'Client');
    assert.match(f.reason, /DOCTYPE/);
    assert.doesNotMatch(r.body, /root:/);
    await stillUp();
  });

  test('a 50 MB body (announced by Content-Length) → 413 Client fault without reading it all', async () => {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'POST', headers: { ...requestHeaders('1.1', `${NS}Echo`), 'Content-Length': String(50 * 1024 * 1024) } },
        (res) => {
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: b }));
        },
      );
      req.on('error', () => {
        // The server cuts the connection once it has answered; the reply has been read by then.
      });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = (): void => {
        while (sent < 50) {
          sent++;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
      setTimeout(() => reject(new Error('no reply within 10 s')), 10_000).unref();
    });
    assert.equal(reply.status, 413);
    assert.equal(reply.type, CT['1.1']);
    const f = faultOf(reply);
    assert.equal(f.code, 'Client');
    assert.match(f.reason, /exceeds the limit of 1048576 bytes/);
    await stillUp();
  });

  test('a 50 MB chunked body (no Content-Length) is cut off at the limit', async () => {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let response = '';
      socket.on('data', (d) => (response += d.toString('latin1')));
      socket.on('error', () => {
        // reset after the answer is fine
      });
      socket.on('close', () => {
        const [head, ...rest] = response.split('\r\n\r\n');
        const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0);
        const type = /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '';
        resolve({ status, type, body: rest.join('\r\n\r\n') });
      });
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = (): void => {
        while (sent < 50 && !socket.destroyed) {
          sent++;
          // One write per chunk: a short-circuited write would break the chunked framing.
          const ok = socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
          if (!ok) {
            socket.once('drain', pump);
            return;
          }
        }
        if (!socket.destroyed) socket.end('0\r\n\r\n');
      };
      pump();
      setTimeout(() => reject(new Error('no reply within 10 s')), 10_000).unref();
    });
    assert.equal(reply.status, 413);
    assert.equal(reply.type, CT['1.2']);
    assert.equal(faultOf(reply).code, 'Client');
    await stillUp();
  });

  test('10,000-deep nesting', async () => {
    const deep = '<a>'.repeat(10_000) + '</a>'.repeat(10_000);
    const r = await call('1.2', `${NS}Echo`, `<Echo xmlns="${NS}">${deep}</Echo>`);
    assert.equal(r.status, 400);
    assert.match(faultOf(r).reason, /nesting too deep/);
    await stillUp();
  });

  test('empty body, empty SOAP Body, invalid UTF-8, garbage', async () => {
    assert.equal(faultOf(await request('POST', '/', requestHeaders('1.1', ''), '')).code, 'Client');
    const empty = await call('1.1', '', '');
    assert.match(faultOf(empty).reason, /Empty SOAP Body/);
    const bad = await request('POST', '/', requestHeaders('1.1', `${NS}Echo`), Buffer.from([0xff, 0xfe, 0x00, 0x3c]));
    assert.equal(faultOf(bad).code, 'Client');
    await stillUp();
  });

  test('works from an Express-style framework that already parsed the body as text', async () => {
    const listener = createSoapListener([echo]);
    const framework = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        (req as unknown as { body: string }).body = Buffer.concat(chunks).toString('utf8');
        listener(req, res);
      });
    });
    await new Promise<void>((r) => framework.listen(0, '127.0.0.1', r));
    try {
      const p = (framework.address() as AddressInfo).port;
      const r = await new Promise<Reply>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: p, method: 'POST', headers: requestHeaders('1.1', `${NS}Echo`) }, (res) => {
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: b }));
        });
        req.on('error', reject);
        req.end(buildEnvelope('1.1', echoBody('11')));
      });
      assert.equal(r.status, 200);
      assert.equal(parseEnvelope(r.body).payload?.children[0].text, '11');
    } finally {
      framework.close();
    }
  });
});

test('DecodeError class is the one values.ts exports', () => {
  assert.ok(new DecodeError('/x', 'y') instanceof Error);
});
