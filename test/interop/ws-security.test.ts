/**
 * WS-Security UsernameToken (OASIS WSS 1.0) over the bank fixture (test/fixtures/wsdl/headers.wsdl,
 * SOAP 1.1 and 1.2 ports), generated into a temp folder:
 * - zeep's `UsernameToken` (PasswordText and PasswordDigest) calling our generated server, whose
 *   `wsSecurity` policy verifies it; the handler sees the username;
 * - our generated client calling node-soap's server, whose own `authenticate` hook checks the parsed
 *   token (the digest with node-soap's `passwordDigest`, not ours);
 * - what goes wrong: a wrong password, an expired Timestamp, a stale Created, a replayed nonce
 *   (also concurrently), a missing header, an unknown password type; each a sender fault with a
 *   `wsse:` fault code, read back by zeep and by our client. mustUnderstand is honoured both ways.
 * Messages written by hand (not by our runtime) check the server; the wire our client writes is read
 * with sax and the digest recomputed here.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import soap from 'soap';
import { generateAll } from '../../generator/pipeline.ts';
import { ROOT } from '../support/external.ts';
import { runPythonJson } from './support/zeep.ts';
import { listen, startNodeSoapServer, type Started } from './support/peers.ts';
import { find, parseTree, type Node } from './support/tree.ts';

const SPEC = path.join(ROOT, 'test/fixtures/wsdl/headers.wsdl');
const OUT = path.join(ROOT, 'test/tmp/ws-security');
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const USERS: Record<string, string> = { ann: 'secret', zeep: 'z-pass & <more>' };

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated modules are imported at run time */
let client: any;
let stubs: any;
let secured: Started;
let open: Started;
/** The user each handled call was authenticated as. */
const seen: (string | undefined)[] = [];

/** Base64(SHA-1(nonce octets + created + password)), written here from the profile's definition. */
const digestOf = (nonce: Buffer, created: string, password: string): string =>
  createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created + password, 'utf8')])).digest('base64');
const iso = (ms: number): string => new Date(ms).toISOString();

/** A Security header written by hand: `token` is the UsernameToken's content. */
function security(token: string, extra = '', attrs = ' s:mustUnderstand="1"'): string {
  return `<wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}"${attrs}>${extra}<wsse:UsernameToken>${token}</wsse:UsernameToken></wsse:Security>`;
}
const textToken = (user: string, password: string): string => `<wsse:Username>${user}</wsse:Username><wsse:Password Type="${PROFILE}#PasswordText">${password}</wsse:Password>`;
function digestToken(user: string, password: string, nonce: Buffer = randomBytes(16), created = iso(Date.now())): string {
  return (
    `<wsse:Username>${user}</wsse:Username><wsse:Password Type="${PROFILE}#PasswordDigest">${digestOf(nonce, created, password)}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${BASE64_BINARY}">${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created>`
  );
}

/** POSTs a GetBalance envelope (SOAP 1.1 unless `v12`) with the given header content. */
async function post(header: string, { v12 = false, to = secured } = {}): Promise<{ status: number; text: string; tree: Node }> {
  const env = v12 ? SOAP12 : SOAP11;
  const xml = `<s:Envelope xmlns:s="${env}"><s:Header>${header}</s:Header><s:Body><GetBalance xmlns="urn:example:bank"><Account>A-1</Account></GetBalance></s:Body></s:Envelope>`;
  const headers: Record<string, string> = v12
    ? { 'content-type': 'application/soap+xml; charset=utf-8; action="urn:example:bank/GetBalance"' }
    : { 'content-type': 'text/xml; charset=utf-8', soapaction: '"urn:example:bank/GetBalance"' };
  const res = await fetch(`${to.url}/bank`, { method: 'POST', headers, body: xml });
  const text = await res.text();
  return { status: res.status, text, tree: parseTree(text) };
}

/** The fault code of a response, resolved: SOAP 1.1 `faultcode`, SOAP 1.2 Code and Subcode Values. */
function faultCode(tree: Node): { code: string; subcode?: string } {
  const resolve = (n: Node): string => {
    const [prefix, local] = n.text.trim().split(':') as [string, string];
    return `{${n.scope[prefix]}}${local}`;
  };
  const fault = find(tree, 'Fault')!;
  assert.ok(fault, 'a Fault');
  if (fault.ns === SOAP11) return { code: resolve(find(fault, 'faultcode')!) };
  const code = find(fault, 'Code', SOAP12)!;
  const sub = find(code, 'Subcode', SOAP12);
  return { code: resolve(code.children[0]!), ...(sub ? { subcode: resolve(sub.children[0]!) } : {}) };
}

/** Checks a response is the WS-Security fault `code`, as a sender fault in the version's own form. */
function assertWssFault(r: { status: number; tree: Node }, code: string, v12 = false): void {
  if (v12) {
    assert.equal(r.status, 400, 'a SOAP 1.2 Sender fault is HTTP 400');
    assert.deepEqual(faultCode(r.tree), { code: `{${SOAP12}}Sender`, subcode: `{${WSSE}}${code}` });
  } else {
    assert.equal(r.status, 500, 'SOAP 1.1 faults are HTTP 500');
    assert.deepEqual(faultCode(r.tree), { code: `{${WSSE}}${code}` });
  }
}

/** Runs test/interop/support/ws_security_zeep.py with the calls; resolves to zeep's outcomes. */
function zeep(calls: Record<string, unknown>[]): Promise<{ balance?: string; fault?: { code: string; subcodes: string[]; message: string }; sent?: string }[]> {
  return runPythonJson<{ balance?: string; fault?: { code: string; subcodes: string[]; message: string }; sent?: string }[]>('test/interop/support/ws_security_zeep.py', { wsdl: SPEC, endpoint: `${secured.url}/bank`, calls });
}

/** A transport that records each request body, then sends it over real HTTP. */
function recording(into: string[]): unknown {
  return (request: { body?: string }) => {
    into.push(String(request.body));
    return client.defaultTransport(request);
  };
}

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  for (const [rel, text] of await generateAll([{ name: 'bank', spec: SPEC }], ROOT)) {
    fs.mkdirSync(path.dirname(path.join(OUT, rel)), { recursive: true });
    fs.writeFileSync(path.join(OUT, rel), text);
  }
  client = await import(pathToFileURL(path.join(OUT, 'bank/client.ts')).href);
  stubs = await import(pathToFileURL(path.join(OUT, 'bank/server.ts')).href);
  const handlers = {
    getBalance(_input: unknown, context: any) {
      seen.push(context.wsSecurity?.username);
      return { Balance: '100.50' };
    },
    transfer: () => ({ Reference: 'T' }),
    ping: () => ({}),
  };
  secured = await listen(http.createServer(stubs.createBankListener(handlers, { wsSecurity: { verify: (t: any) => USERS[t.username] !== undefined && t.matches(USERS[t.username]) } })));
  open = await listen(http.createServer(stubs.createBankListener(handlers)));
});
afterAll(async () => {
  await secured.close();
  await open.close();
});

describe('zeep → our server', () => {
  test('PasswordText and PasswordDigest on both ports are accepted, and the handler sees the username', async () => {
    const calls = ['BankSoap', 'BankSoap12'].flatMap((port) => [false, true].map((digest) => ({ port, username: 'zeep', password: USERS['zeep'], digest })));
    const before = seen.length;
    const outcomes = await zeep(calls);
    assert.deepEqual(
      outcomes.map((o) => o.balance ?? o.fault),
      calls.map(() => '100.50'),
    );
    assert.deepEqual(seen.slice(before), ['zeep', 'zeep', 'zeep', 'zeep']);
    // zeep really sent what the option says: a digest with a nonce and Created, or the plain password.
    for (const [i, o] of outcomes.entries()) {
      const password = find(parseTree(o.sent!), 'Password', WSSE)!;
      assert.equal(password.attrs['{}Type'], `${PROFILE}#${calls[i]!.digest ? 'PasswordDigest' : 'PasswordText'}`);
      assert.equal(password.text === USERS['zeep'], !calls[i]!.digest);
    }
  });

  test('refusals come back to zeep as wsse fault codes: wrong password, stale Created, expired Timestamp, replayed nonce, no header', async () => {
    const old = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, '');
    const base = { port: 'BankSoap', username: 'zeep', password: USERS['zeep'] };
    const outcomes = await zeep([
      { ...base, password: 'wrong' },
      { ...base, password: 'wrong', digest: true },
      { ...base, username: 'nobody' },
      { ...base, digest: true, created: old },
      { ...base, timestamp: { created: `${old}Z`, expires: iso(Date.now() - 3_000_000) } },
      { ...base, digest: true, nonce: 'the same nonce' },
      { ...base, digest: true, nonce: 'the same nonce' },
      { ...base, bare: true },
      { ...base, port: 'BankSoap12', password: 'wrong', digest: true },
    ]);
    const codes = outcomes.map((o) => o.fault?.code ?? o.balance);
    assert.deepEqual(codes.slice(0, 8), [
      'wsse:FailedAuthentication',
      'wsse:FailedAuthentication',
      'wsse:FailedAuthentication',
      'wsse:MessageExpired',
      'wsse:MessageExpired',
      '100.50',
      'wsse:InvalidSecurity',
      'wsse:InvalidSecurity',
    ]);
    assert.equal(outcomes[0]!.fault!.message, outcomes[2]!.fault!.message, 'an unknown user and a wrong password read the same');
    assert.match(outcomes[6]!.fault!.message, /nonce was already used/);
    assert.match(outcomes[7]!.fault!.message, /Security header is required/);
    // SOAP 1.2: a Sender fault with the wsse code as its subcode.
    assert.match(outcomes[8]!.fault!.code, /:Sender$/);
    assert.deepEqual(outcomes[8]!.fault!.subcodes, [`{${WSSE}}FailedAuthentication`]);
  });
});

describe('our server, messages written by hand', () => {
  for (const v12 of [false, true]) {
    const version = v12 ? '1.2' : '1.1';
    test(`SOAP ${version}: a good token passes; each bad one is the right wsse fault`, async () => {
      const now = Date.now();
      const before = seen.length;
      assert.equal((await post(security(textToken('ann', 'secret')), { v12 })).status, 200);
      assert.equal((await post(security(digestToken('ann', 'secret')), { v12 })).status, 200);
      assert.deepEqual(seen.slice(before), ['ann', 'ann']);
      assertWssFault(await post(security(textToken('ann', 'Secret')), { v12 }), 'FailedAuthentication', v12);
      assertWssFault(await post(security(digestToken('ann', 'wrong')), { v12 }), 'FailedAuthentication', v12);
      assertWssFault(await post(security(`<wsse:Username>ann</wsse:Username><wsse:Password Type="${PROFILE}#PasswordDigest">not a digest</wsse:Password>`), { v12 }), 'FailedAuthentication', v12);
      // Timestamp: expired long ago; Created in the future beyond the skew; both fine within it.
      const stamp = (created: number, expires: number) => `<wsu:Timestamp><wsu:Created>${iso(created)}</wsu:Created><wsu:Expires>${iso(expires)}</wsu:Expires></wsu:Timestamp>`;
      assertWssFault(await post(security(textToken('ann', 'secret'), stamp(now - 900_000, now - 600_000)), { v12 }), 'MessageExpired', v12);
      assertWssFault(await post(security(textToken('ann', 'secret'), stamp(now + 900_000, now + 1_200_000)), { v12 }), 'MessageExpired', v12);
      assert.equal((await post(security(textToken('ann', 'secret'), stamp(now - 60_000, now + 60_000)), { v12 })).status, 200);
      // The token's own Created: older than five minutes, or ahead of them.
      assertWssFault(await post(security(digestToken('ann', 'secret', randomBytes(16), iso(now - 301_000))), { v12 }), 'MessageExpired', v12);
      assertWssFault(await post(security(digestToken('ann', 'secret', randomBytes(16), iso(now + 301_000))), { v12 }), 'MessageExpired', v12);
      // A replayed nonce, even with a fresh Created and a correct digest.
      const nonce = randomBytes(16);
      assert.equal((await post(security(digestToken('ann', 'secret', nonce)), { v12 })).status, 200);
      assertWssFault(await post(security(digestToken('ann', 'secret', nonce, iso(now + 1000))), { v12 }), 'InvalidSecurity', v12);
      // No header, no token, a token for another actor only, an unknown password type, a malformed date.
      assertWssFault(await post('', { v12 }), 'InvalidSecurity', v12);
      assertWssFault(await post(`<wsse:Security xmlns:wsse="${WSSE}"/>`, { v12 }), 'InvalidSecurity', v12);
      const elsewhere = v12 ? ' s:role="urn:somebody-else"' : ' s:actor="urn:somebody-else"';
      assertWssFault(await post(security(textToken('ann', 'secret'), '', elsewhere), { v12 }), 'InvalidSecurity', v12);
      assertWssFault(await post(security(`<wsse:Username>ann</wsse:Username><wsse:Password Type="urn:x#Kerberos">secret</wsse:Password>`), { v12 }), 'InvalidSecurity', v12);
      assertWssFault(await post(security(digestToken('ann', 'secret', randomBytes(16), 'yesterday')), { v12 }), 'InvalidSecurity', v12);
    });
  }

  test('a replay sent while the first copy is being verified is still refused once', async () => {
    let arrived = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = await listen(
      http.createServer(
        stubs.createBankListener(
          { getBalance: () => ({ Balance: '1' }), transfer: () => ({ Reference: 'T' }), ping: () => ({}) },
          {
            wsSecurity: {
              async verify(t: any) {
                if (++arrived === 2) release();
                await gate; // both copies are inside verify before either is answered
                return t.matches('secret');
              },
            },
          },
        ),
      ),
    );
    try {
      const header = security(digestToken('ann', 'secret'));
      const statuses = (await Promise.all([post(header, { to: slow }), post(header, { to: slow })])).map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 500]);
    } finally {
      await slow.close();
    }
  });

  test('the nonce memory is bounded: beyond maxNonces the oldest is forgotten first', async () => {
    const small = await listen(
      http.createServer(stubs.createBankListener({ getBalance: () => ({ Balance: '1' }), transfer: () => ({ Reference: 'T' }), ping: () => ({}) }, { wsSecurity: { maxNonces: 2, verify: (t: any) => t.matches('secret') } })),
    );
    try {
      const [a, b, c] = [randomBytes(16), randomBytes(16), randomBytes(16)];
      for (const n of [a, b, c]) assert.equal((await post(security(digestToken('ann', 'secret', n)), { to: small })).status, 200);
      assertWssFault(await post(security(digestToken('ann', 'secret', c)), { to: small }), 'InvalidSecurity');
      assert.equal((await post(security(digestToken('ann', 'secret', a)), { to: small })).status, 200, 'a was evicted by c');
    } finally {
      await small.close();
    }
  });

  test('maxSkewSeconds is the freshness window; a verify hook that throws is our bug, a Server fault', async () => {
    const handlers = { getBalance: () => ({ Balance: '1' }), transfer: () => ({ Reference: 'T' }), ping: () => ({}) };
    const errors: unknown[] = [];
    const strict = await listen(
      http.createServer(
        stubs.createBankListener(handlers, {
          onError: (e: unknown) => errors.push(e),
          wsSecurity: {
            maxSkewSeconds: 10,
            verify(t: any) {
              if (t.username === 'boom') throw new Error('user store down');
              return t.matches('secret');
            },
          },
        }),
      ),
    );
    try {
      assert.equal((await post(security(digestToken('ann', 'secret', randomBytes(16), iso(Date.now() - 5_000))), { to: strict })).status, 200);
      assertWssFault(await post(security(digestToken('ann', 'secret', randomBytes(16), iso(Date.now() - 30_000))), { to: strict }), 'MessageExpired');
      const boom = await post(security(textToken('boom', 'x')), { to: strict, v12: true });
      assert.equal(boom.status, 500);
      assert.deepEqual(faultCode(boom.tree), { code: `{${SOAP12}}Receiver` });
      assert.doesNotMatch(boom.text, /user store down/, 'no internals in the answer');
      assert.equal((errors[0] as Error).message, 'user store down');
    } finally {
      await strict.close();
    }
  });

  test('mustUnderstand: without a policy a mandatory Security header is a MustUnderstand fault; an optional one is ignored', async () => {
    const must = await post(security(textToken('ann', 'secret')), { to: open });
    assert.equal(must.status, 500);
    assert.deepEqual(faultCode(must.tree), { code: `{${SOAP11}}MustUnderstand` });
    const must12 = await post(security(textToken('ann', 'secret')), { to: open, v12: true });
    assert.deepEqual(faultCode(must12.tree).code, `{${SOAP12}}MustUnderstand`);
    assert.equal((await post(security(textToken('ann', 'secret'), '', ''), { to: open })).status, 200);
  });

  test('required: false lets a request without the header through unauthenticated, but still checks one that is sent', async () => {
    const before = seen.length;
    const lax = await listen(
      http.createServer(
        stubs.createBankListener(
          {
            getBalance(_i: unknown, context: any) {
              seen.push(context.wsSecurity?.username);
              return { Balance: '1' };
            },
            transfer: () => ({ Reference: 'T' }),
            ping: () => ({}),
          },
          { wsSecurity: { required: false, passwordTypes: ['PasswordDigest'], verify: (t: any) => t.matches('secret') } },
        ),
      ),
    );
    try {
      assert.equal((await post('', { to: lax })).status, 200);
      assert.equal((await post(security(digestToken('ann', 'secret')), { to: lax })).status, 200);
      assertWssFault(await post(security(textToken('ann', 'secret')), { to: lax }), 'InvalidSecurity');
      assertWssFault(await post(security(digestToken('ann', 'nope')), { to: lax }), 'FailedAuthentication');
      assert.deepEqual(seen.slice(before), [undefined, 'ann']);
    } finally {
      await lax.close();
    }
  });
});

describe('our client', () => {
  for (const [className, version] of [['BankSoapClient', '1.1'], ['BankSoap12Client', '1.2']] as const) {
    test(`SOAP ${version}: the header on the wire (Text and Digest, Timestamp), next to the operation's own header`, async () => {
      const sent: string[] = [];
      const before = seen.length;
      const text = new client[className]({ endpoint: `${secured.url}/bank`, transport: recording(sent), wsSecurity: { username: 'ann', password: 'secret' } });
      const digest = new client[className]({
        endpoint: `${secured.url}/bank`,
        transport: recording(sent),
        wsSecurity: { username: 'ann', password: 'secret', passwordType: 'PasswordDigest', timestamp: { ttlSeconds: 120 } },
      });
      assert.deepEqual(await text.getBalance({ Account: 'A-1' }, { header: { AuthHeader: { Username: 'x', Password: 'y' } } }), { Balance: '100.50' });
      assert.deepEqual(await digest.getBalance({ Account: 'A-1' }), { Balance: '100.50' });
      assert.deepEqual(await digest.getBalance({ Account: 'A-1' }), { Balance: '100.50' }, 'every call has a fresh nonce');
      assert.deepEqual(seen.slice(before), ['ann', 'ann', 'ann']);
      const env = version === '1.2' ? SOAP12 : SOAP11;
      const [t, d1, d2] = sent.map((s) => parseTree(s));
      const header = find(t!, 'Header', env)!;
      assert.deepEqual(header.children.map((c) => c.local), ['AuthHeader', 'Security'], 'the wsse block joins the declared header blocks');
      const sec = find(t!, 'Security', WSSE)!;
      assert.equal(sec.attrs[`{${env}}mustUnderstand`], version === '1.2' ? 'true' : '1');
      assert.deepEqual(find(sec, 'UsernameToken', WSSE)!.children.map((c) => c.local), ['Username', 'Password'], 'PasswordText: no nonce, no Created by default');
      assert.equal(find(sec, 'Password', WSSE)!.text, 'secret');
      assert.equal(find(sec, 'Password', WSSE)!.attrs['{}Type'], `${PROFILE}#PasswordText`);
      for (const tree of [d1!, d2!]) {
        const token = find(tree, 'UsernameToken', WSSE)!;
        assert.deepEqual(token.children.map((c) => `{${c.ns}}${c.local}`), [`{${WSSE}}Username`, `{${WSSE}}Password`, `{${WSSE}}Nonce`, `{${WSU}}Created`]);
        const nonce = find(token, 'Nonce', WSSE)!;
        assert.equal(nonce.attrs['{}EncodingType'], BASE64_BINARY);
        assert.equal(Buffer.from(nonce.text, 'base64').byteLength, 16);
        const created = find(token, 'Created', WSU)!.text;
        assert.equal(find(token, 'Password', WSSE)!.text, digestOf(Buffer.from(nonce.text, 'base64'), created, 'secret'));
        const stamp = find(tree, 'Timestamp', WSU)!;
        const [c, e] = stamp.children.map((n) => Date.parse(n.text));
        assert.equal(e! - c!, 120_000);
      }
      assert.notEqual(find(d1!, 'Nonce', WSSE)!.text, find(d2!, 'Nonce', WSSE)!.text);
    });
  }

  test('a refusal is a SoapFault the client reads as a sender fault with its wsse code, in both versions', async () => {
    for (const className of ['BankSoapClient', 'BankSoap12Client']) {
      const bad = new client[className]({ endpoint: `${secured.url}/bank`, wsSecurity: { username: 'ann', password: 'wrong', passwordType: 'PasswordDigest' } });
      await assert.rejects(bad.getBalance({ Account: 'A-1' }), (e: any) => {
        assert.equal(e.name, 'SoapFault');
        assert.equal(e.code, 'Client');
        assert.equal(e.subcode, 'FailedAuthentication');
        assert.deepEqual(e.subcodeNamespace, { prefix: 'wsse', uri: WSSE });
        return true;
      });
    }
    await assert.rejects(new client.BankSoapClient({ endpoint: `${secured.url}/bank` }).getBalance({ Account: 'A-1' }), (e: any) => e.subcode === 'InvalidSecurity');
  });

  test('a server with no WS-Security answers our mandatory header with MustUnderstand', async () => {
    const c = new client.BankSoap12Client({ endpoint: `${open.url}/bank`, wsSecurity: { username: 'ann', password: 'secret' } });
    await assert.rejects(c.getBalance({ Account: 'A-1' }), (e: any) => e.code === 'MustUnderstand');
  });

  test('bad options fail before sending', async () => {
    const c = new client.BankSoapClient({ endpoint: `${secured.url}/bank`, wsSecurity: { username: 'ann', password: 'secret', timestamp: { ttlSeconds: -1 } } });
    await assert.rejects(c.getBalance({ Account: 'A-1' }), /ttlSeconds/);
  });
});

describe('our client → node-soap server (its authenticate hook checks the token)', () => {
  let peer: Awaited<ReturnType<typeof startNodeSoapServer>>;
  const tokens: unknown[] = [];
  beforeAll(async () => {
    const impl = { GetBalance: () => ({ Balance: '7.25' }), Transfer: () => ({ Reference: 'T' }), Ping: () => ({}) };
    // node-soap's own reading of the header, and its own digest function.
    const passwordDigest = (soap as unknown as { passwordDigest(n: string, c: string, p: string): string }).passwordDigest;
    peer = await startNodeSoapServer('test/fixtures/wsdl/headers.wsdl', { Bank: { BankSoap: impl, BankSoap12: impl } }, (sec: any) => {
      tokens.push(sec);
      const token = sec?.UsernameToken;
      if (token?.Username !== 'ann') return false;
      const password = token.Password;
      if (password?.attributes?.Type === `${PROFILE}#PasswordDigest`) {
        const nonce = typeof token.Nonce === 'object' ? token.Nonce.$value : token.Nonce;
        return password.$value === passwordDigest(nonce, token.Created, 'secret');
      }
      return (typeof password === 'object' ? password.$value : password) === 'secret';
    });
  });
  afterAll(() => peer.close());

  for (const [className, version] of [['BankSoapClient', '1.1'], ['BankSoap12Client', '1.2']] as const) {
    test(`SOAP ${version}: PasswordText and PasswordDigest are accepted; a wrong password is refused by node-soap`, async () => {
      for (const passwordType of ['PasswordText', 'PasswordDigest']) {
        const c = new client[className]({ endpoint: `${peer.url}${peer.path}`, wsSecurity: { username: 'ann', password: 'secret', passwordType, timestamp: { ttlSeconds: 60 } } });
        assert.deepEqual(await c.getBalance({ Account: 'A-1' }), { Balance: '7.25' });
        const token = (tokens.at(-1) as any).UsernameToken;
        assert.equal(token.Username, 'ann');
        assert.ok((tokens.at(-1) as any).Timestamp.Expires, 'node-soap read the Timestamp');
        const wrong = new client[className]({ endpoint: `${peer.url}${peer.path}`, wsSecurity: { username: 'ann', password: 'guess', passwordType } });
        await assert.rejects(wrong.getBalance({ Account: 'A-1' }), (e: any) => e.name === 'SoapFault' && /Invalid username or password/.test(e.reason));
      }
    });
  }
});
