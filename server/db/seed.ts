/**
 * Demo data, created once on the first start of an empty data directory.
 * The first tenant of each API uses the IDs and credentials of the seed
 * documents' examples (specs/examples/), so every example payload works as
 * sent; a second tenant with random credentials exists to show isolation.
 * Plain secrets are written only to `<dataDir>/demo-credentials.json` (mode 0600);
 * the database holds their hashes.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Db } from './store.ts';
import { hashSecretSync, randomSecret, tokenDigest, verifySecretSync } from '../auth.ts';
import { addDays, isoDateTime, todayIso } from '../util.ts';
import { seedZentitle, type ZentitleDemo } from './seed-zentitle.ts';

export interface DemoCredentials {
  solo: { authorId: number; userId: string; userPassword: string; readOnlyUserId: string; readOnlyPassword: string; licenseId: number; licensePassword: string; serialNumber: string; productId: number; prodOptionId: number; customerId: number; other: { authorId: number; userId: string; userPassword: string; licenseId: number } };
  xformation: { token: string; activationKey: string; customerId: number; productTemplateId: number; otherToken: string; otherActivationKey: string };
  genopro: { approveCard: string; declineCard: string };
  zentitle: ZentitleDemo;
}

export function credentialsFile(dataDir: string): string {
  return path.join(dataDir, 'demo-credentials.json');
}

/** Seeds the demo data if not done yet; returns the demo credentials (read back from the file on later starts). */
export function ensureDemo(db: Db, dataDir: string): DemoCredentials {
  const file = credentialsFile(dataDir);
  const seeded = db.prepare("SELECT value FROM counters WHERE name = 'demo.seeded'").get();
  if (seeded && fs.existsSync(file)) {
    const creds = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoCredentials;
    backfillKeyDigests(db, creds);
    return creds;
  }
  const creds = db.transaction(() => seedAll(db)).immediate();
  fs.writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

/** Stores made before migration 003 hold the demo API keys without a lookup digest: add it from the credentials file. */
function backfillKeyDigests(db: Db, creds: DemoCredentials): void {
  const z = creds.zentitle;
  const keys: [number, string][] = [...Object.values(z.keys).map((k): [number, string] => [z.customerId, k]), [z.other.customerId, z.other.readWriteKey]];
  const rows = db.prepare('SELECT id, customer_id, key_hash FROM zt_api_keys WHERE key_digest IS NULL').all() as { id: number; customer_id: number; key_hash: string }[];
  for (const row of rows) {
    const key = keys.find(([cid, k]) => cid === row.customer_id && verifySecretSync(row.key_hash, k))?.[1];
    if (key !== undefined) db.prepare('UPDATE zt_api_keys SET key_digest = ? WHERE id = ?').run(tokenDigest(key), row.id);
  }
}

function seedAll(db: Db): DemoCredentials {
  db.prepare("INSERT OR REPLACE INTO counters (name, value) VALUES ('demo.seeded', 1)").run();
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);

  // ---- SOLO ----
  const solo = {
    authorId: 1234567, userId: 'api-user-7f3c', userPassword: 'S3cr3t-API-Pa55',
    readOnlyUserId: 'api-readonly', readOnlyPassword: randomSecret(),
    licenseId: 1001234, licensePassword: 'QX7-PL2-99A', serialNumber: 'SN-2026-000451', productId: 4321, prodOptionId: 98765, customerId: 445566,
    other: { authorId: 7654321, userId: 'other-api', userPassword: randomSecret(), licenseId: 1001000 },
  };
  run('INSERT INTO solo_authors (id, name) VALUES (?, ?), (?, ?)', solo.authorId, 'Acme Software (demo)', solo.other.authorId, 'Other Author (demo)');
  const user = 'INSERT INTO solo_users (author_id, user_id, password_hash, can_add, can_edit, can_view_password) VALUES (?, ?, ?, ?, ?, ?)';
  run(user, solo.authorId, solo.userId, hashSecretSync(solo.userPassword), 1, 1, 1);
  run(user, solo.authorId, solo.readOnlyUserId, hashSecretSync(solo.readOnlyPassword), 0, 0, 0);
  run(user, solo.other.authorId, solo.other.userId, hashSecretSync(solo.other.userPassword), 1, 1, 1);
  run('INSERT INTO solo_products (id, author_id, name, latest_version) VALUES (?, ?, ?, ?), (?, ?, ?, ?)',
    4321, solo.authorId, 'Acme Designer', '2.10.3.1600', 5000, solo.other.authorId, 'Other Product', '1.0.0.0');
  const option = 'INSERT INTO solo_product_options (id, product_id, name, kind, serial_mode, tc_fixed_value, days_to_dl, udf_writable) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
  run(option, 98765, 4321, 'Acme Designer Pro - 1 Year', 'normal', 'generated', 12, 365, 1);
  run(option, 98766, 4321, 'Acme Designer Suite Bundle', 'bundle', 'generated', 0, 365, 0);
  run(option, 98767, 4321, 'Acme Designer Monthly Plan', 'payment_plan', 'generated', 0, 365, 0);
  run(option, 98768, 4321, 'Acme Designer Network Group', 'license_group_required', 'generated', 0, 365, 0);
  run(option, 98769, 4321, 'Acme Designer OEM (serials from list)', 'normal', 'from_list', 0, 0, 0);
  run(option, 98770, 4321, 'Acme Designer Standard (UDF read-only)', 'normal', 'none', 0, 365, 0);
  run(option, 50001, 5000, 'Other Product Standard', 'normal', 'generated', 0, 365, 0);
  run('INSERT INTO solo_serials (option_id, serial, password_hash) VALUES (?, ?, ?)', 98769, 'OEM-0001-AAAA', hashSecretSync('OEM-PASS-1'));
  run('INSERT INTO solo_distributors (id, author_id, name) VALUES (?, ?, ?), (?, ?, ?)', 77, solo.authorId, 'Demo Reseller', 78, solo.other.authorId, 'Other Reseller');
  const customer = 'INSERT INTO solo_customers (id, author_id, company, first_name, last_name, email) VALUES (?, ?, ?, ?, ?, ?)';
  run(customer, 445566, solo.authorId, 'Example Widgets Ltd', 'Jane', 'Doe', 'jane.doe@example.com');
  // The rest of the record the InfoCheck output fixture shows for this customer.
  run(`UPDATE solo_customers SET address1 = '12 Harbour Street', address2 = 'Suite 4', city = 'Springfield', state_province = 'IL',
      postal_code = '62701', country = 'United States', phone = '+1 217 555 0100', fax = '+1 217 555 0101' WHERE id = 445566`);
  run(customer, 445567, solo.authorId, 'Second Customer Inc', 'John', 'Roe', 'john.roe@example.com');
  run(customer, 500, solo.other.authorId, 'Other Customer', 'Olga', 'Other', 'olga@example.com');
  const now = new Date();
  const license = `INSERT INTO solo_licenses (id, author_id, option_id, customer_id, quantity, unit_price, entered_date, expiration, download_expiration,
      activations_left, deactivations_left, license_counter, version, license_update, is_test, serial_number, activation_password_hash, invoice_no)
    VALUES (?, ?, ?, ?, 2, '149.95', ?, ?, ?, 2, 1, 5, '2.10.0.1500', 'PRO', 0, ?, ?, ?)`;
  // The invoice number the InfoCheck output fixture shows, so the seed's example answers in full.
  run(license, solo.licenseId, solo.authorId, 98765, 445566, isoDateTime(now), addDays(todayIso(), 365), addDays(todayIso(), 365), solo.serialNumber, hashSecretSync(solo.licensePassword), 5550123);
  // Registered, with the user defined fields the InfoCheck output fixture shows (the seed documents ValidateRegistration
  // before Register, so the example license is already registered).
  run('UPDATE solo_licenses SET registered = 1, udef_json = ? WHERE id = ?', JSON.stringify({
    UDefChar1: 'Seat A', UDefChar2: 'Plant 7', UDefChar3: 'EU-West', UDefNum1: 42, UDefNum2: -3, UDefFloat1: 3.75, UDefDate1: '2025-06-01T00:00:00',
  }), solo.licenseId);
  // Not yet registered: the Register example's license (the seed documents Register after ValidateRegistration).
  run(license, 1001235, solo.authorId, 98765, 445567, isoDateTime(now), addDays(todayIso(), 365), addDays(todayIso(), 365), 'SN-2026-000452', hashSecretSync('RG4-NEW-77B'), null);
  run(license, solo.other.licenseId, solo.other.authorId, 50001, 500, isoDateTime(now), addDays(todayIso(), 365), addDays(todayIso(), 365), 'SN-OTHER-1', hashSecretSync(randomSecret()), null);
  run(`INSERT INTO solo_product_updates (product_id, version, action, verify_password, url_info, url_file, latest_free_version, release_date, messages_json, license_agreement_url)
       VALUES (?, ?, 'DNHTP', 1, ?, ?, ?, ?, ?, ?)`,
    4321, '2.10.3.1600', 'https://www.example.com/designer/whatsnew',
    'downloads.example.com|443|/designer/AcmeDesigner-2.10.3.exe|[varUserName]|[varPassword]', '2.10.3.1600', '2025-09-01',
    JSON.stringify({ en: 'Version 2.10.3 fixes printing on A3 paper.', de: 'Version 2.10.3 behebt den Druck auf A3-Papier.' }),
    'https://www.example.com/designer/eula');

  // ---- X-Formation ----
  const xformation = {
    token: '141aa3143671e62aeb09a7bca039bbbc5108ffdc', activationKey: 'O6EY3-1RF90-3I222-ZTMP0', customerId: 2, productTemplateId: 5,
    otherToken: crypto.randomBytes(20).toString('hex'), otherActivationKey: 'AAAAA-BBBBB-CCCCC-DDDDD',
  };
  run('INSERT INTO xf_vendors (id, name, token_hash) VALUES (1, ?, ?), (2, ?, ?)', 'Demo Vendor', tokenDigest(xformation.token), 'Other Vendor', tokenDigest(xformation.otherToken));
  run("INSERT INTO xf_customers (id, vendor_id, name) VALUES (2, 1, 'Demo Customer'), (3, 1, 'Second Customer'), (10, 2, 'Other Vendor Customer')");
  run("INSERT INTO xf_product_templates (id, vendor_id, name) VALUES (5, 1, 'Demo Template'), (6, 1, 'Second Template'), (11, 2, 'Other Template')");
  const order = `INSERT INTO xf_license_orders (vendor_id, activation_key, customer_id, product_template_id, creation_time, license_type, licensee_type,
      licensee, hostid_match_rate, min_hostids, activated_licenses_count, enabled, description, hostids_json, features_json, updated_at)
    VALUES (?, ?, ?, ?, '2012-04-25 09:53:13', 'local', 'fixed', 'initial', 100, 1, 0, 1, '', '[]', '[]', ?)`;
  run(order, 1, xformation.activationKey, 2, 5, now.toISOString());
  run(order, 2, xformation.otherActivationKey, 10, 11, now.toISOString());

  const zentitle = seedZentitle(db);
  return { solo, xformation, genopro: { approveCard: '4111111111111111', declineCard: '4000000000000002' }, zentitle };
}
