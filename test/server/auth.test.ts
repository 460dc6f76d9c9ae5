/**
 * Authentication at a constant cost: every failed attempt (unknown customer, unknown key, wrong key,
 * malformed customer ID) runs exactly one key derivation, whatever the customer has, so timing tells
 * nothing (counted here, not timed: bench/ measures the timing distributions). Failed attempts are
 * limited per address and per customer; a limited caller is refused before any derivation, with
 * 429 + Retry-After over REST and a Client fault over SOAP, while a key verified before still works.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { derivations, FailureLimiter, TooManyAttempts, verifyAttempt } from '../../server/auth.ts';
import { openStore, type Db } from '../../server/db/store.ts';
import { ensureDemo, type DemoCredentials } from '../../server/db/seed.ts';
import { ZentitleStore } from '../../server/db/zentitle-store.ts';
import { ShaferWSSoapClient } from '../../generated/zentitle/client.js';
import { startServer, type RunningServer } from './harness.ts';

describe('Zentitle credentials cost one key derivation per attempt', () => {
  let db: Db;
  let demo: DemoCredentials;
  let store: ZentitleStore;
  let dir: string;
  // Limits high enough that these attempts are never refused: the count is what is tested here.
  const caller = { limiter: new FailureLimiter({ perAddress: { burst: 1e9, perSecond: 1 }, perCredential: { burst: 1e9, perSecond: 1 } }), address: '127.0.0.1' };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-auth-'));
    db = openStore(dir);
    demo = ensureDemo(db, dir);
    store = new ZentitleStore(db);
  });
  afterAll(() => db.close());

  async function cost(customerId: string, key: string): Promise<{ derivations: number; accepted: boolean }> {
    const before = derivations.count;
    const who = await store.verifyApiKey(customerId, key, caller);
    return { derivations: derivations.count - before, accepted: who !== undefined };
  }

  test('unknown customer, wrong key of a customer with four keys, another customer\'s key, a leading zero: one each, all refused', async () => {
    const z = demo.zentitle;
    assert.equal(Object.keys(z.keys).length, 4, 'the demo customer has four keys');
    const cases: Record<string, [string, string]> = {
      'unknown customer': ['99999', z.keys['READ-WRITE']],
      'wrong key': [String(z.customerId), 'not-a-key-of-this-customer'],
      "another customer's key": [String(z.customerId), z.other.readWriteKey],
      'leading zero in the customer ID': [`0${z.customerId}`, z.keys['READ-WRITE']],
      'customer ID with a sign': [`+${z.customerId}`, z.keys['READ-WRITE']],
      'empty key': [String(z.customerId), ''],
    };
    for (const [name, [cid, key]] of Object.entries(cases)) {
      assert.deepEqual(await cost(cid, key), { derivations: 1, accepted: false }, name);
    }
  });

  test('a right key costs one derivation the first time and none after', async () => {
    const z = demo.zentitle;
    assert.deepEqual(await cost(String(z.customerId), z.keys.DS), { derivations: 1, accepted: true });
    assert.deepEqual(await cost(String(z.customerId), z.keys.DS), { derivations: 0, accepted: true });
  });

  test('a store made before key digests existed gets them from the demo credentials on the next start', async () => {
    const z = demo.zentitle;
    db.prepare('UPDATE zt_api_keys SET key_digest = NULL').run();
    assert.equal((await cost(String(z.customerId), z.keys['READ-ONLY'])).accepted, false, 'without a digest the key is not found');
    ensureDemo(db, dir);
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM zt_api_keys WHERE key_digest IS NULL').get() as { n: number }).n, 0);
    assert.equal((await cost(String(z.customerId), z.keys['READ-ONLY'])).accepted, true);
  });

  test('the web services Auth document: unknown customer, wrong user name, wrong password: one each', async () => {
    const z = demo.zentitle;
    for (const [cid, user, password] of [['99999', z.wsUsername, z.wsPassword], [String(z.customerId), 'nobody', z.wsPassword], [String(z.customerId), z.wsUsername, 'wrong']] as const) {
      const before = derivations.count;
      assert.equal(await store.verifyWebServices(cid, user, password, caller), undefined);
      assert.ok(derivations.count - before <= 1, `${cid}/${user}: at most one derivation`);
    }
  });
});

describe('the failure limiter', () => {
  test('refuses after the burst, before any derivation; recovers at the refill rate; a verified pair still passes', async () => {
    let now = 0;
    const limiter = new FailureLimiter({ perAddress: { burst: 3, perSecond: 0.5 }, perCredential: { burst: 100, perSecond: 1 } }, () => now);
    for (let i = 0; i < 3; i++) limiter.fail('10.0.0.1', 'c1');
    assert.throws(() => limiter.check('10.0.0.1', 'c2'), (e: unknown) => e instanceof TooManyAttempts && e.retryAfterSeconds === 2);
    limiter.check('10.0.0.2', 'c1'); // another address is not limited by this one's failures
    const before = derivations.count;
    await assert.rejects(verifyAttempt(limiter, '10.0.0.1', 'c1', undefined, 'guess'), TooManyAttempts);
    assert.equal(derivations.count, before, 'no derivation for a refused attempt');
    now += 2000; // one failure regained
    limiter.check('10.0.0.1', 'c1');
  });

  test('per credential, whichever address tries it', () => {
    const limiter = new FailureLimiter({ perAddress: { burst: 100, perSecond: 1 }, perCredential: { burst: 2, perSecond: 0.2 } }, () => 0);
    limiter.fail('10.0.0.1', 'c1');
    limiter.fail('10.0.0.2', 'c1');
    assert.throws(() => limiter.check('10.0.0.3', 'c1'), (e: unknown) => e instanceof TooManyAttempts && e.retryAfterSeconds === 5);
    limiter.check('10.0.0.3', 'c2');
  });
});

describe('the running server limits failed authentications (default limits)', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(() => srv.stop());

  const get = (auth: string) => fetch(`${srv.base}/api/Products`, { headers: { authorization: auth } });

  test('REST: once a customer\'s 10 failures are spent, wrong keys answer 429 with Retry-After and a bare JSON string; SOAP a Client fault; a key used before still works', async () => {
    const z = srv.demo.zentitle;
    const good = `bearer ${z.customerId}:${z.keys['READ-ONLY']}`;
    assert.equal((await get(good)).status, 200);
    // The bucket starts full (10) and only refills (one per 5 s), so the first 10 failures are all let through.
    for (let i = 0; i < 10; i++) assert.equal((await get(`bearer ${z.customerId}:wrong-${i}`)).status, 401, `wrong key #${i + 1}`);
    // Then refused; a very slow machine may regain a token between attempts, so a few more tries are allowed.
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i++) {
      const r = await get(`bearer ${z.customerId}:wrong-again-${i}`);
      if (r.status === 429) limited = r;
      else assert.equal(r.status, 401);
    }
    assert.ok(limited, 'a 429 once the failures are spent');
    assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After in seconds');
    assert.match((await limited.json()) as string, /^Too many failed authentication attempts; retry after \d+ s$/);
    // The right key, verified before, is not locked out by someone guessing.
    assert.equal((await get(good)).status, 200);
    // SOAP shares the limiter: the same customer's Auth document is refused as well.
    const soap = new ShaferWSSoapClient({ endpoint: `${srv.base}/shaferws.asmx` });
    let refused = false;
    for (let i = 0; i < 30 && !refused; i++) {
      await assert.rejects(soap.getProducts({ Auth: { customerid: String(z.customerId), username: z.wsUsername, password: 'wrong' }, Data: {} }), (e: Error) => {
        assert.match(String((e as { code?: string }).code), /Client/);
        refused = /Too many failed authentication attempts/.test(e.message);
        return true;
      });
    }
    assert.ok(refused, 'the SOAP Auth document of the same customer is refused by the shared limiter');
  });
});
