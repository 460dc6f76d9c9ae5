/**
 * Durability and concurrency against the real process: kill -9 during a burst of writes, restart on the
 * same data dir, and every acknowledged write is there; graceful SIGTERM finishes in-flight requests.
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { XmlLicenseServiceSoapClient } from '../../generated/solo/client.js';
import { WsSoapClient } from '../../generated/genopro/client.js';
import { startServer } from './harness.ts';

test('kill -9 during a burst of purchases: every acknowledged purchase survives the restart', async () => {
  const srv = await startServer();
  const client = new WsSoapClient({ endpoint: `${srv.base}/ws.asmx`, timeoutMs: 5000 });
  const acknowledged: string[] = [];
  let n = 0;
  const worker = async () => {
    for (;;) {
      n += 1;
      try {
        const r = await client.purchase({
          Version: 3, Currency: 'USD', Quantity: 1, Amount: `${n}.00`, CreditCardNumber: '4111111111111111', NameOnCard: 'K NINE',
          ExpirationMonth: 12, ExpirationYear: new Date().getUTCFullYear() + 1,
        });
        if (r.PurchaseResult?.Error?.ErrorName === 'Ok') acknowledged.push(r.PurchaseResult.InvoiceNumber!);
      } catch {
        return; // the server is gone
      }
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  await new Promise((r) => setTimeout(r, 1500));
  await srv.kill9();
  await Promise.all(workers);
  assert.ok(acknowledged.length > 10, `only ${acknowledged.length} purchases acknowledged before the kill`);

  const again = await startServer(srv.dataDir);
  try {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${again.dataDir}/contract-gen.sqlite`, { readonly: true });
    const stored = new Set((db.prepare('SELECT invoice_number FROM genopro_purchases').all() as { invoice_number: string }[]).map((r) => r.invoice_number));
    db.close();
    const lost = acknowledged.filter((i) => !stored.has(i));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged purchases lost`);
    // The restarted server keeps the same demo credentials and keeps serving.
    assert.deepEqual(again.demo, srv.demo);
  } finally {
    await again.stop();
  }
});

test('kill -9 during parallel ActivationsIncrement: the stored count equals the acknowledged increments', async () => {
  const srv = await startServer();
  const c = new XmlLicenseServiceSoapClient({ endpoint: `${srv.base}/solo/webservices/XmlLicenseService.asmx`, timeoutMs: 5000 });
  const d = srv.demo.solo;
  const api = { AuthorID: d.authorId, UserID: d.userId, UserPassword: d.userPassword };
  const reset = await c.updateActivationFields({ XS: { ...api, LicenseID: d.licenseId, ActivationsLeft: 0 } });
  assert.equal(reset.UpdateActivationFieldsResult?.ResultCode, 0);
  let acked = 0;
  const worker = async () => {
    for (;;) {
      try {
        const r = await c.updateActivationFields({ XS: { ...api, LicenseID: d.licenseId, ActivationsIncrement: 1 } });
        if (r.UpdateActivationFieldsResult?.ResultCode === 0) acked += 1;
      } catch {
        return;
      }
    }
  };
  const workers = Array.from({ length: 16 }, worker);
  await new Promise((r) => setTimeout(r, 1500));
  await srv.kill9();
  await Promise.all(workers);
  const again = await startServer(srv.dataDir);
  try {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${again.dataDir}/contract-gen.sqlite`, { readonly: true });
    const row = db.prepare('SELECT activations_left FROM solo_licenses WHERE id = ?').get(d.licenseId) as { activations_left: number };
    db.close();
    // Every acknowledged increment is stored; at most the in-flight ones (committed, reply lost) come on top.
    assert.ok(row.activations_left >= acked, `stored ${row.activations_left} < acknowledged ${acked}`);
    assert.ok(row.activations_left <= acked + 16, `stored ${row.activations_left} > acknowledged ${acked} + 16 in flight`);
    assert.ok(acked > 10);
  } finally {
    await again.stop();
  }
});

test('SIGTERM: in-flight requests finish, then the process exits 0', async () => {
  const srv = await startServer();
  const client = new WsSoapClient({ endpoint: `${srv.base}/ws.asmx` });
  const inflight = Array.from({ length: 10 }, (_, i) =>
    client.purchase({ Version: 3, Currency: 'EUR', Quantity: 1, Amount: `${i + 1}.50`, CreditCardNumber: '4111111111111111', NameOnCard: 'T', ExpirationMonth: 1, ExpirationYear: 2099 }),
  );
  await new Promise((r) => setTimeout(r, 20));
  const code = srv.stop();
  const results = await Promise.allSettled(inflight);
  assert.equal(await code, 0);
  assert.ok(srv.lines.some((l) => l.includes('"msg":"stopped"')));
  // Requests accepted before the signal were answered (none cut off mid-way with a half response).
  for (const r of results) if (r.status === 'fulfilled') assert.equal(r.value.PurchaseResult?.Error?.ErrorName, 'Ok');
  assert.ok(results.some((r) => r.status === 'fulfilled'));
});

test('every request is logged as one JSON line with method, path, status and ms', async () => {
  const srv = await startServer();
  await fetch(`${srv.base}/ws.asmx?wsdl`);
  await fetch(`${srv.base}/nowhere`);
  await srv.stop();
  const logs = srv.lines.filter((l) => l.includes('"method"')).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(logs.some((l) => l.method === 'GET' && l.path === '/ws.asmx' && l.status === 200 && typeof l.ms === 'number'));
  assert.ok(logs.some((l) => l.path === '/nowhere' && l.status === 404));
});
