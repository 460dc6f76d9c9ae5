/**
 * Zentitle demo data. Customer 1234 uses the seed examples' credentials (web services user
 * `wsusername` / `wspassword`; REST READ-WRITE key `abcd12wV4D1Hxjf`, the seed's bearer example) and
 * holds the products, codes, profiles, companies, groups and users the example Data documents and JSON
 * bodies refer to, so most fixtures work as sent. The other three key types get random keys. Customer
 * 5678 (random credentials) exists to show isolation.
 */
import crypto from 'node:crypto';
import type { Db } from './store.ts';
import { hashSecretSync, randomSecret, tokenDigest } from '../auth.ts';
import { nowStamp } from './zentitle-store.ts';

export interface ZentitleDemo {
  customerId: number;
  wsUsername: string;
  wsPassword: string;
  keys: { 'READ-ONLY': string; 'READ-WRITE': string; Offline: string; DS: string };
  other: { customerId: number; wsUsername: string; wsPassword: string; readWriteKey: string; productId: string; licenseCode: string };
}

export function seedZentitle(db: Db): ZentitleDemo {
  const demo: ZentitleDemo = {
    customerId: 1234,
    wsUsername: 'wsusername',
    wsPassword: 'wspassword',
    keys: { 'READ-ONLY': randomSecret(15), 'READ-WRITE': 'abcd12wV4D1Hxjf', Offline: randomSecret(15), DS: randomSecret(15) },
    other: { customerId: 5678, wsUsername: 'other-ws', wsPassword: randomSecret(), readWriteKey: randomSecret(15), productId: '9990000001', licenseCode: '999000000000000001' },
  };
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  const now = nowStamp();
  const ago = (days: number) => nowStamp(new Date(Date.now() - days * 86_400_000));
  const ahead = (days: number) => nowStamp(new Date(Date.now() + days * 86_400_000));
  const C = demo.customerId;
  const O = demo.other.customerId;

  const customer = 'INSERT INTO zt_customers (id, name, ws_username, ws_password_hash, cert_secret) VALUES (?, ?, ?, ?, ?)';
  run(customer, C, 'Demo Software Ltd', demo.wsUsername, hashSecretSync(demo.wsPassword), crypto.randomBytes(32).toString('hex'));
  run(customer, O, 'Other Customer (demo)', demo.other.wsUsername, hashSecretSync(demo.other.wsPassword), crypto.randomBytes(32).toString('hex'));
  const apiKey = (cid: number, type: string, key: string) =>
    run('INSERT INTO zt_api_keys (customer_id, key_type, key_hash, key_digest, created) VALUES (?, ?, ?, ?, ?)', cid, type, hashSecretSync(key), tokenDigest(key), now);
  for (const [type, key] of Object.entries(demo.keys)) apiKey(C, type, key);
  apiKey(O, 'READ-WRITE', demo.other.readWriteKey);

  // ---- products: features, groups, UDFs ----
  const pks = new Map<string, number>();
  const product = (cid: number, productId: string, name: string, o: { lease?: number; offline?: number; vm?: number; trial?: number; clients?: number } = {}) => {
    const pk = Number(run(`INSERT INTO zt_products (customer_id, product_id, name, client_lease, offline_lease, vm_lease, trial_period, clients_allowed, created)
        VALUES (?,?,?,?,?,?,?,?,?)`, cid, productId, name, o.lease ?? 2, o.offline ?? 0, o.vm ?? 1, o.trial ?? 5, o.clients ?? 15, ago(400)).lastInsertRowid);
    pks.set(productId, pk);
    return pk;
  };
  const feature = (pk: number, code: string, type: string, on = 0, group = '') =>
    run('INSERT INTO zt_features (product_pk, code, name, notes, type, group_name, default_on) VALUES (?,?,?,?,?,?,?)', pk, code, `Feature ${code}`, '', type, group, on);
  const udf = (pk: number, name: string, value: string) => run('INSERT INTO zt_udfs (product_pk, name, default_value) VALUES (?,?,?)', pk, name, value);
  const standardFeatures = (pk: number) => {
    feature(pk, 'FEAT1', 'ElementPool'); feature(pk, 'FEAT2', 'Floating'); feature(pk, 'FEAT4', 'Normal', 1); feature(pk, 'FEAT5', 'Normal');
    feature(pk, 'FEAT6', 'Floating'); feature(pk, 'FLOAT', 'Floating'); feature(pk, 'EPOOL', 'ElementPool'); feature(pk, 'TOKEN', 'ConsumptionToken');
    feature(pk, 'NSA', 'Normal', 1);
  };
  // FERT2, FEAT7, ACCEP, ACCFF: features the seed's profile examples switch (FERT2 as spelled there), so they exist.
  const p1 = product(C, '6563300100', 'ABL Test Product1');
  standardFeatures(p1); for (const f of ['FERT2', 'FEAT7', 'ACCEP', 'ACCFF']) feature(p1, f, 'Normal'); udf(p1, 'TEST1', 'Prod1Default'); udf(p1, 'TEST2', 'Prod1Default'); udf(p1, 'TEST', '');
  const p2 = product(C, '6563301200', 'ABL Test Product2');
  standardFeatures(p2); udf(p2, 'TEST1', ''); udf(p2, 'TEST2', '');
  const p3 = product(C, '1234567890', 'Test Product', { trial: 30 });
  standardFeatures(p3); udf(p3, 'TEST1', '');
  const p4 = product(C, '6564400100', 'Import Product');
  const p5 = product(C, '6453300110', 'Product Test 00', { lease: 12, offline: 8760, vm: 0, clients: 9 });
  standardFeatures(p5); udf(p5, 'TEST1', 'udf1'); udf(p5, 'TEST2', 'udf2');
  const p6 = product(C, '6872450105', 'Product Test 01', { trial: 10 });
  run("INSERT INTO zt_feature_groups (product_pk, name, notes) VALUES (?, 'test', 'seed group'), (?, 'groupAPI1', '')", p6, p6);
  // Not FEAT101 or Test3: the seed's PUT ProductFeatures / PUT ProductUDF examples rename to them (after the POST
  // examples created FEAT1API01 and TEST2), and its DELETE examples then remove them.
  standardFeatures(p6); feature(p6, 'FEAT100', 'Normal', 0, 'test'); feature(p6, 'FEAT1API02', 'Normal');
  udf(p6, 'TESTUDF', 'x');
  const po = product(O, demo.other.productId, 'Other Customer Product');
  feature(po, 'FEAT1', 'Normal', 1);

  // ---- profiles ----
  const profile = (pk: number, name: string, extra: { features?: string; clients?: number } = {}) =>
    Number(run(`INSERT INTO zt_profiles (product_pk, name, clients_allowed, client_lease, offline_lease, concurrent_processes, features_json, created, modified)
        VALUES (?,?,?,?,?,?,?,?,?)`, pk, name, extra.clients ?? 15, 12, 8760, 15, extra.features ?? '{}', ago(300), ago(30)).lastInsertRowid);
  // First, so its ID is 1: the seed's POST GroupLicenseCode example assigns profileid 1 with a code of this product.
  profile(p6, 'testingProfile');
  const testPc1 = profile(p1, 'Test-PC', { features: '{"FEAT1":{"on":true,"limit":16}}' });
  profile(p1, 'NewTest-PC');
  profile(p1, 'test');
  const testProfile3 = profile(p3, 'Test');
  profile(p4, 'Test-PC');
  profile(p5, 'TestProfile', { clients: 2 });
  const testingProfile5 = profile(p5, 'testingProfile');

  // ---- companies (IDs the examples use) ----
  const company = (id: number, cid: number, pk: number | null, name: string, data: Record<string, string> = {}) =>
    run('INSERT INTO zt_companies (id, customer_id, product_pk, name, data_json, search1, created) VALUES (?,?,?,?,?,?,?)', id, cid, pk, name, JSON.stringify(data), '', ago(200));
  company(2, C, p6, 'MyCompany LLC', { firstname: 'Eva', email: 'eva@mycompany.com', country: 'UK' });
  company(3, C, p6, 'SuperStyle LLC');
  company(4, C, p6, 'My Company');
  company(5, C, null, 'ABC ltd');
  company(6, C, null, 'My Company', { email: 'info@mycompany.example' });
  company(7, C, p1, 'BigCorp');
  company(10, C, p5, 'Import Customer');
  company(17, C, p5, 'Allocation Customer');
  company(1234, C, p3, 'Company To Delete');
  company(8, C, p1, 'CompanyName');
  company(9001, O, po, 'Other Customer Company');

  // ---- license codes ----
  const code = (pk: number, value: string, o: { profile?: number; company?: number; clients?: number; lastActivated?: string | null; reference?: string } = {}) =>
    Number(run(`INSERT INTO zt_license_codes (product_pk, code, profile_id, company_id, reference, clients_allowed, client_lease, offline_lease, concurrent_processes,
        last_activated, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, pk, value, o.profile ?? null, o.company ?? null, o.reference ?? '', o.clients ?? 15,
      12, 8760, 15, o.lastActivated ?? null, ago(365), ago(10)).lastInsertRowid);
  const lc1 = code(p2, '200100001817930859', { profile: undefined, company: 6, lastActivated: ago(20), reference: 'rja' });
  code(p1, '200100001817930859', { profile: testPc1, company: 6 });
  const lcGroup41 = code(p1, '318300001310249256', { profile: testPc1, company: 6 });
  code(p1, '318300000340299942');
  const lcNotes = code(p3, '318300000290557166', { company: 6 });
  const lcAct = code(p3, '123456789012345678', { company: 6 });
  const lcRet = code(p3, '318300000212904761');
  for (const v of ['318300000400000001', '318300000400000002', '318300000400000003']) code(p3, v, { profile: testProfile3 });
  const lcRest = code(p5, '206454320110930859', { profile: testingProfile5, clients: 9 });
  const lcRest6 = code(p6, '206454320110930859');
  const lcGroup7 = code(p6, '27835001310249256');
  const lcAct6 = code(p6, '286901020157066211');
  code(p6, '3274861020157066211');
  for (const v of ['687245010500000001', '687245010500000002', '687245010500000003']) code(p6, v);
  const lcOther = code(po, demo.other.licenseCode);

  // ---- activity and system details ----
  const activate = (lic: number, computer: string, status = 'ACTIVATED', days = 30) =>
    run('INSERT INTO zt_activations (license_id, computer_id, status, activated, deactivated, client_lease_end) VALUES (?,?,?,?,?,?)',
      lic, computer, status, ago(days), status === 'ACTIVATED' ? null : ago(1), ahead(1));
  activate(lcAct, 'Zr29KSMywHqQOak3/rd7'); activate(lcAct, 'Zr29KSMywHqQOak3jrd7'); activate(lcAct, 'OldMachine0000000001', 'DEACTIVATED', 90);
  activate(lcRet, 'Zr29KSMywHqQOak3jrd7'); activate(lcRet, 'RetMachine0000000002');
  activate(lc1, 'Zr29KSMywHqQOak3jrd7');
  activate(lcRest6, 'kQe0MRH12bYgemkYW2bc'); activate(lcRest6, 'BLXRrZJ5T9imK7qPrJSL'); activate(lcAct6, 'BLXRrZJ5T9imK7qPrJSL');
  activate(lcRest, 'kQe0MRH12bYgemkYW2bc');
  activate(lcOther, 'OtherMachine00000001');
  const sys = (pk: number, computer: string, name: string) => run('INSERT INTO zt_systems (product_pk, computer_id, info_json, created) VALUES (?,?,?,?)', pk, computer, JSON.stringify({
    operatingsystem: 'Microsoft Windows 10 Home Edition 16299, 64-bit', bitage: '64', screenresx: '1920', screenresy: '1080',
    processor: 'GenuineIntel:Intel(R) Core(TM) i7-4500U CPU @ 1.80GHz', cores: '4', memory: '8090', oslanguage: 'en-GB', applanguage: 'en-GB', type: 'DESKTOP',
    licensestatus: 'Activated', version: '2', build: '2', edition: 'ENT', computername: name, vmplatform: 'Physical',
  }), ago(30));
  sys(p3, '5et6sOl5Xen+hTpRGAfX', 'Work_DESKTOP'); sys(p3, 'Zr29KSMywHqQOak3/rd7', 'Office_PC'); sys(p3, 'Zr29KSMywHqQOak3jrd7', 'Home_PC'); sys(p3, 'OldMachine0000000001', 'Old_PC'); sys(p6, 'kQe0MRH12bYgemkYW2bc', 'Work_Laptop'); sys(p5, 'kQe0MRH12bYgemkYW2bc', 'Work_Laptop');

  // ---- trials ----
  const trial = (pk: number, computer: string, created: string, days: number, converted: string | null = null) =>
    run('INSERT INTO zt_trials (product_pk, computer_id, trial_period, created, modified, lease_end, expires, license_code) VALUES (?,?,?,?,?,?,?,?)',
      pk, computer, days, created, created, created, nowStamp(new Date(new Date(created + 'Z').getTime() + days * 86_400_000)), converted);
  trial(p3, 'Zr29KSMywHqQOak3jrd7', ago(2), 30);
  trial(p3, 'ExpiredTrial00000001', ago(60), 30);
  trial(p3, 'ConvertedTrial000001', ago(20), 30, '318300000212904761');
  trial(p6, 'BLXRrZJ5T9imK7qPrJSL', ago(1), 10);
  trial(p6, 'MauY67890Gh34567890', ago(40), 30, '3274861020157066211');

  // ---- consumer data ----
  const consumer = (pk: number, computer: string, lc: string, info: Record<string, string>, days: number) =>
    run('INSERT INTO zt_consumers (product_pk, computer_id, license_code, info_json, firstname, lastname, company, email, kind, created) VALUES (?,?,?,?,?,?,?,?,?,?)',
      pk, computer, lc, JSON.stringify(info), info.firstname ?? '', info.lastname ?? '', info.company ?? '', info.email ?? '', lc ? 'activations' : 'trials', ago(days));
  consumer(p1, 'Zr29KSMywHqQOak3/rd7', '', { firstname: 'Luther', lastname: 'Reid', email: 'luther@example.com' }, 5);
  consumer(p1, 'Zr29KSMywHqQOak3/rd7', '200100001817930859', { firstname: 'Luther', lastname: 'Reid', company: 'Reid & Co', email: 'luther@example.com' }, 2);
  consumer(p6, 'oLh+T3o+A39g5Sz/8Ug8', '276439600252847932', { firstname: 'Susanna', lastname: 'Baines', company: 'HeelToe Productions', email: 'susanna.baines@heeltoemedia.com' }, 3);

  // ---- groups, users, group licenses, notes ----
  const group = (id: number, cid: number, name: string, type: 1 | 2, master = 0, company = 0) =>
    run('INSERT INTO zt_groups (id, customer_id, name, type, master_group_id, description, company_id, created, modified) VALUES (?,?,?,?,?,?,?,?,?)',
      id, cid, name, type, master, `${name} (demo)`, company, ago(100), ago(50));
  group(9, C, 'Test Group', 1, 0, 3);
  group(7, C, 'LicenseGroup', 2, 9);
  group(10, C, 'GroupToDelete', 2);
  group(12, C, 'NewGroup12', 2);
  group(41, C, 'BigCorp Users', 2, 9, 6);
  group(50, C, 'OldGroup', 2);
  group(90, O, 'Other Customer Group', 1);
  const user = (id: number, cid: number, groupId: number, username: string, password: string, first: string, last: string) =>
    run(`INSERT INTO zt_group_users (id, customer_id, group_id, username, password_hash, firstname, lastname, email, telephone, additional, created, modified)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, id, cid, groupId, username, hashSecretSync(password), first, last, `${username}@example.com`, '+44 9988998899', '{"EUPMaster":"true"}', ago(60), ago(6));
  user(7, C, 9, 'testgroupuser7', randomSecret(), 'John', 'Smith');
  user(10, C, 9, 'usertodelete', randomSecret(), 'Del', 'Ete');
  user(37, C, 41, 'jsmith', randomSecret(), 'John', 'Smith');
  user(38, C, 41, 'groupuser', 'grouppass', 'Group', 'User');
  user(39, C, 9, 'testuser21', 'test21PassWord', 'Test', 'User');
  user(90, O, 90, 'otheruser', randomSecret(), 'Olga', 'Other');
  const gl = (lic: number, groupId: number) => run('INSERT INTO zt_group_licenses (license_id, group_id, created, modified) VALUES (?,?,?,?)', lic, groupId, ago(40), ago(40));
  gl(lcGroup41, 41); gl(lcGroup7, 7);
  const note = (id: number, lic: number, type: string, text: string) => run('INSERT INTO zt_notes (id, license_id, type, description, created, created_by) VALUES (?,?,?,?,?,?)', id, lic, type, text, ago(30), '');
  note(4567, lcNotes, 'System', 'Seeded note');
  note(102179, lc1, 'General', 'Another note');
  note(10, lcGroup7, 'General', 'Rest API general note');
  note(11, lcGroup7, 'System', 'note');
  return demo;
}
