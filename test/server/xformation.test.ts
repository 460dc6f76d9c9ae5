/** X-Formation UpdateLicenseOrder through the generated (rpc/encoded) client against the running server. */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { VendorPortClient } from '../../generated/xformation/client.js';
import type * as T from '../../generated/xformation/types.js';
import { startServer, type RunningServer } from './harness.ts';

let srv: RunningServer;
let client: VendorPortClient;
beforeAll(async () => {
  srv = await startServer();
  client = new VendorPortClient({ endpoint: `${srv.base}/soap/type/vendor/version/1` });
});
afterAll(() => srv.stop());

function order(over: Partial<T.Soap_LicenseOrder> = {}): T.Soap_LicenseOrder {
  return {
    customer_id: 2, product_template_id: 5, activation_key: srv.demo.xformation.activationKey, creation_time: '2012-04-25 09:53:13',
    license_type: 'local', licensee_type: 'fixed', licensee: 'asdasd', hostid_match_rate: 56, min_hostids: 2, activated_licenses_count: 0,
    enabled: true, description: '',
    Hostids: [{ name: 'Ethernet', min_amount: 1, max_amount: 1 }, { name: 'Username', min_amount: 1, max_amount: 1 }],
    Features: [
      { name: 'f2', version: '1.3', expiration_type: 'no_expiration', expiration_date: null, additional_settings: null, enabled: true, days_from_activation: null, count: null },
      { name: 'f1', version: '1.100', expiration_type: 'days_from_activation', expiration_date: null, additional_settings: null, enabled: true, days_from_activation: 15, count: null },
    ],
    ...over,
  };
}

function stored(key: string) {
  const db = new Database(path.join(srv.dataDir, 'contract-gen.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM xf_license_orders WHERE activation_key = ?').get(key) as Record<string, unknown>;
  } finally {
    db.close();
  }
}

test('UpdateLicenseOrder updates the stored order and answers result_code 0', async () => {
  const r = await client.updateLicenseOrder({ token: srv.demo.xformation.token, licenseOrder: order({ licensee: 'ACME Lab', customer_id: 3 }) });
  assert.deepEqual(r.return, { result_code: 0, result_string: '' });
  const row = stored(srv.demo.xformation.activationKey);
  assert.equal(row.licensee, 'ACME Lab');
  assert.equal(row.customer_id, 3);
  assert.equal(JSON.parse(row.features_json as string)[1].version, '1.100');
  assert.equal(row.revision, 1);
});

const failures: [string, () => T.UpdateLicenseOrderRequest, number, RegExp][] = [
  ['wrong token', () => ({ token: '0'.repeat(40), licenseOrder: order() }), 1, /Invalid token/],
  ['nil token', () => ({ token: null, licenseOrder: order() }), 6, /token/],
  ['nil order', () => ({ token: srv.demo.xformation.token, licenseOrder: null }), 6, /licenseOrder/],
  ['unknown activation key', () => ({ token: srv.demo.xformation.token, licenseOrder: order({ activation_key: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ' }) }), 2, /not found/],
  ["another vendor's order", () => ({ token: srv.demo.xformation.token, licenseOrder: order({ activation_key: srv.demo.xformation.otherActivationKey }) }), 2, /not found/],
  ['unknown customer', () => ({ token: srv.demo.xformation.token, licenseOrder: order({ customer_id: 10 }) }), 3, /customer_id/],
  ['unknown template', () => ({ token: srv.demo.xformation.token, licenseOrder: order({ product_template_id: 11 }) }), 4, /product_template_id/],
  ['match rate 101', () => ({ token: srv.demo.xformation.token, licenseOrder: order({ hostid_match_rate: 101 }) }), 5, /hostid_match_rate/],
  ['bad creation_time', () => ({ token: srv.demo.xformation.token, licenseOrder: order({ creation_time: '2012-04-25T09:53:13' }) }), 5, /creation_time/],
];
for (const [name, make, code, message] of failures) {
  test(`failure: ${name} → result_code ${code}`, async () => {
    const before = stored(srv.demo.xformation.activationKey).revision;
    const r = await client.updateLicenseOrder(make());
    assert.equal(r.return?.result_code, code);
    assert.match(r.return!.result_string, message);
    assert.equal(stored(srv.demo.xformation.activationKey).revision, before);
  });
}

test('a wrong token answers the same for existing and unknown orders', async () => {
  const a = await client.updateLicenseOrder({ token: 'f'.repeat(40), licenseOrder: order() });
  const b = await client.updateLicenseOrder({ token: 'f'.repeat(40), licenseOrder: order({ activation_key: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ' }) });
  assert.deepEqual(a, b);
});
