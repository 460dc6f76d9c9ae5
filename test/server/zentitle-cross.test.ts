/**
 * Zentitle: one data model behind both surfaces (REST writes → SOAP reads and back), atomic allocation
 * under parallel calls, REST key types and credentials on every operation (from the contract's
 * x-key-types), customer isolation, and curl sending the seed's example bodies (GET with a JSON body).
 */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { ShaferWSSoapClient } from '../../generated/zentitle/client.js';
import type * as S from '../../generated/zentitle/types.js';
import { ZentitleRestClient } from '../../generated/zentitle-rest/client.js';
import type * as T from '../../generated/zentitle-rest/types.js';
import { ROOT } from '../support/external.ts';
import { documentOf, startServer, type RunningServer } from './harness.ts';

let srv: RunningServer;
let soap: ShaferWSSoapClient;
let rest: ZentitleRestClient;
let auth: S.Auth;
beforeAll(async () => {
  // Hundreds of deliberate credential failures: the failure limiter (tested in auth.test.ts) is raised out of the way.
  srv = await startServer(undefined, ['--auth-failures', '100000']);
  soap = new ShaferWSSoapClient({ endpoint: `${srv.base}/shaferws.asmx` });
  rest = new ZentitleRestClient({ baseUrl: srv.base, credentials: { zentitleKey: { customerID: '1234', APIKey: srv.demo.zentitle.keys['READ-WRITE'] } } });
  auth = { username: srv.demo.zentitle.wsUsername, password: srv.demo.zentitle.wsPassword, customerid: '1234' };
});
afterAll(() => srv.stop());

function request(method: string, url: string, body: string | undefined, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // node sends a GET/DELETE body without framing unless the length is given
    const length: Record<string, string> = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = http.request(`${srv.base}${url}`, { method, headers: { 'content-type': 'application/json', ...length, ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('REST allocates and updates → SOAP GetLicenseCode reads; SOAP allocates, notes, groups → REST reads', async () => {
  const alloc = await rest.postLicenseCode({ productid: '6563300100', profilename: 'Test-PC', companyid: '7', numcodes: '1', reference: 'from REST' });
  const code = alloc.split(' : ')[1]!;
  const viaSoap = (await soap.getLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: code } })).GetLicenseCodeResult!;
  assert.deepEqual([viaSoap.licensecode, viaSoap.profile, viaSoap.shafercompanyid, viaSoap.reference], [code, 'Test-PC', 7, 'from REST']);
  await rest.putLicenseCode({ productid: '6563300100', licensecode: code, clientsallowed: 33, features: [{ featurecode: 'FEAT5', featureavailability: 'on' }] });
  const updated = (await soap.getLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: code } })).GetLicenseCodeResult!;
  assert.equal(updated.clientsallowed, 33);
  assert.equal(updated.features!.FEAT5!.$value, 'ON');

  const csv = (await soap.allocateImportCodes({ Auth: auth, Data: { productid: '6563300100', numcodes: 2, reference: 'from SOAP' } })).AllocateImportCodesResult!;
  for (const c of csv.split(',')) {
    const r = await rest.getLicenseCode({ productid: '6563300100', licensecode: c, showfeatures: 'all' });
    assert.equal(r[0]!.licenseCode, c);
  }
  const c0 = csv.split(',')[0]!;
  assert.equal((await soap.updateLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: c0, licensetype: 2, concurrency: 1 } })).UpdateLicenseCodeResult, 'OK');
  const r0 = (await rest.getLicenseCode({ productid: '6563300100', licensecode: c0, showfeatures: 'all' }))[0]!;
  assert.deepEqual([r0.licensetype, r0.concurrencyMode], ['ExpirationDate', 'Cloud']);
  const noteId = documentOf((await soap.createLicenseNote({ Auth: auth, Data: { productid: '6563300100', licensecode: c0, notetype: 1, description: 'written over SOAP' } })).CreateLicenseNoteResult);
  assert.deepEqual((await rest.getLicenseNote({ productid: '6563300100', licensecode: c0 })).map((n) => [n.noteID, n.description]), [[noteId, 'written over SOAP']]);
  const gid = (await soap.createGroup({ Auth: auth, Data: { groupname: 'cross-group', typeid: 1 } })).CreateGroupResult!;
  await rest.postGroupLicenseCode({ groupid: gid, productid: '6563300100', licensecode: c0 });
  const g = (await soap.getGroup({ Auth: auth, Data: { groupid: Number(gid) } })).GetGroupResult!;
  assert.equal(g.grouplicenses!.grouplicense![0]!.licensecode, c0);
  const company = await rest.postCompany({ company: 'Cross Co', productid: '6563300100', companydata: { email: 'x@cross.example' } as unknown as T.JsonObject });
  const info = documentOf((await soap.getShaferCompanyInfo({ Auth: auth, Data: { productid: '6563300100', shafercompanyid: Number(company.split(' : ')[1]) } })).GetShaferCompanyInfoResult);
  assert.equal(info.companydetails!.email, 'x@cross.example');
  assert.equal((await soap.createShaferProfile({ Auth: auth, Data: { productid: '6563300100', profilename: 'cross-profile', clientsallowed: 4 } })).CreateShaferProfileResult, 'OK');
  assert.equal((await rest.getProfile({ productid: '6563300100', profilename: 'cross-profile' }))[0]!.clientsallowed, 4);
});

test('parallel GetNextLicenseCode over both surfaces hands every code out exactly once', async () => {
  const csv = (await soap.allocateImportCodes({ Auth: auth, Data: { productid: '6564400100', numcodes: 10 } })).AllocateImportCodesResult!;
  const calls = Array.from({ length: 16 }, (_, i) =>
    i % 2 ? rest.getNextLicenseCode({ productid: '6564400100', amount: 1 }).catch(() => 'none') : soap.getNextLicenseCode({ Auth: auth, Data: { productid: '6564400100', amount: 1 } }).then((r) => r.GetNextLicenseCodeResult!));
  const got = (await Promise.all(calls)).filter((x) => /^[0-9]{18}$/.test(x));
  assert.equal(got.length, 10);
  assert.deepEqual([...got].sort(), csv.split(',').sort());
});

interface OpSpec { method: string; path: string; keyTypes: string[] }
function operations(): OpSpec[] {
  const doc = parse(fs.readFileSync(path.join(ROOT, 'specs/zentitle.openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, { 'x-key-types'?: string[] }>> };
  const out: OpSpec[] = [];
  for (const [p, item] of Object.entries(doc.paths)) for (const m of ['get', 'put', 'post', 'delete']) if (item[m]) out.push({ method: m.toUpperCase(), path: p, keyTypes: item[m]!['x-key-types']! });
  return out;
}

test('every REST operation: missing/wrong credentials 401, each key type allowed or refused (403) as the contract says', async () => {
  const ops = operations();
  assert.equal(ops.length, 61);
  const keys = srv.demo.zentitle.keys;
  const bearer = (v: string) => ({ authorization: `bearer ${v}` });
  for (const op of ops) {
    const call = (h: Record<string, string>) => request(op.method, op.path, '{}', h);
    assert.equal((await call({})).status, 401, `${op.method} ${op.path} without credentials`);
    assert.equal((await call(bearer(`1234:wrong-key`))).status, 401, `${op.method} ${op.path} wrong key`);
    assert.equal((await call(bearer(`999999:${keys['READ-WRITE']}`))).status, 401, `${op.method} ${op.path} unknown customer`);
    assert.equal((await call(bearer(`${srv.demo.zentitle.other.customerId}:${keys['READ-WRITE']}`))).status, 401, `${op.method} ${op.path} another customer's id with this key`);
    for (const [type, key] of Object.entries(keys)) {
      const r = await call(bearer(`1234:${key}`));
      if (op.keyTypes.includes(type)) assert.ok(r.status !== 401 && r.status !== 403, `${type} may call ${op.method} ${op.path}: ${r.status} ${r.text}`);
      else assert.equal(r.status, 403, `${type} may not call ${op.method} ${op.path}`);
    }
    // the seed's rules, independently of x-key-types
    if (op.method !== 'GET') assert.ok(!op.keyTypes.includes('READ-ONLY'), `READ-ONLY never writes (${op.method} ${op.path})`);
    if (!op.path.endsWith('/OfflineActivation')) assert.ok(!op.keyTypes.includes('Offline'), op.path);
    assert.equal(op.keyTypes.includes('DS'), op.path === '/api/DataStreamer');
  }
});

test('customer isolation over REST: B cannot read or change A\'s codes, A cannot see B\'s', async () => {
  const other = srv.demo.zentitle.other;
  const b = new ZentitleRestClient({ baseUrl: srv.base, credentials: { zentitleKey: { customerID: String(other.customerId), APIKey: other.readWriteKey } } });
  assert.equal((await b.getLicenseCode({ productid: other.productId, licensecode: other.licenseCode, showfeatures: 'all' }))[0]!.licenseCode, other.licenseCode);
  await assert.rejects(b.getLicenseCode({ productid: '6563301200', licensecode: '200100001817930859', showfeatures: 'all' }), (e: { status: number; body: unknown }) => e.status === 404 && e.body === 'Invalid ProductID');
  await assert.rejects(b.getLicenseCode({ licensecode: '200100001817930859', showfeatures: 'all' }), (e: { status: number }) => e.status === 404);
  await assert.rejects(b.putLicenseCode({ productid: '6563301200', licensecode: '200100001817930859', clientsallowed: 1 }), (e: { status: number }) => e.status === 404);
  await assert.rejects(rest.getLicenseCode({ licensecode: other.licenseCode, showfeatures: 'all' }), (e: { status: number }) => e.status === 404);
  assert.ok(!(await b.getCompaniesProducts()).some((c) => c.companyID === '6'));
});

test('curl sends the seed example bodies (GET and DELETE with a JSON body) and gets the documented answers', () => {
  const ex = (name: string) => path.join(ROOT, 'specs/examples/zentitle-rest', name);
  const curl = (method: string, url: string, file: string) => {
    const out = execFileSync('curl', ['-s', '-w', '\n%{http_code}', '-X', method, '-H', 'Content-Type: application/json', '-H', `Authorization: bearer 1234:${srv.demo.zentitle.keys['READ-WRITE']}`, '--data-binary', `@${ex(file)}`, `${srv.base}${url}`], { encoding: 'utf8' });
    const i = out.lastIndexOf('\n');
    return { status: Number(out.slice(i + 1)), body: JSON.parse(out.slice(0, i)) as unknown };
  };
  const lc = curl('GET', '/api/LicenseCode', 'getLicenseCode.request.json');
  assert.equal(lc.status, 200);
  const details = lc.body as T.LicenseCodeDetails[];
  assert.equal(details[0]!.licenseCode, '206454320110930859');
  assert.equal(details[0]!.productID, '6453300110');
  assert.ok(Array.isArray(details[0]!.serverFunctions) && Array.isArray(details[0]!.notes));
  const alloc = curl('POST', '/api/LicenseCode', 'postLicenseCode.allocate.request.json');
  assert.equal(alloc.status, 200);
  assert.match(alloc.body as string, /^License Codes Created Successfully : [0-9]{18},[0-9]{18}$/);
  assert.deepEqual(curl('POST', '/api/LicenseCode', 'postLicenseCode.import.request.json'), { status: 200, body: 'OK' });
  assert.deepEqual(curl('POST', '/api/LicenseCode', 'postLicenseCode.import.request.json'), { status: 409, body: "License Code '123410225741720791' already exists" });
  assert.deepEqual(curl('PUT', '/api/Product', 'putProduct.request.json'), { status: 200, body: fs.readFileSync(ex('putProduct.response.json'), 'utf8').trim().replace(/^"|"$/g, '') });
  // The seed's order: POST creates FEAT1API01, PUT renames it FEAT101, DELETE removes FEAT101.
  assert.equal(curl('POST', '/api/ProductFeatures', 'postProductFeatures.request.json').status, 200);
  assert.equal(curl('PUT', '/api/ProductFeatures', 'putProductFeatures.request.json').status, 200);
  assert.deepEqual(curl('DELETE', '/api/ProductFeatures', 'deleteProductFeatures.request.json'), { status: 200, body: 'Product Feature Deleted Successfully' });
  assert.deepEqual(curl('DELETE', '/api/ProductFeatures', 'deleteProductFeatures.request.json'), { status: 404, body: "Invalid FeatureCode 'FEAT101'" });
  assert.deepEqual(curl('GET', '/api/Trial', 'getTrial.request.json'), { status: 200, body: 'In Trial' });
  assert.deepEqual(curl('DELETE', '/api/Trial', 'deleteTrial.request.json'), { status: 200, body: 'Trial Deleted Successfully' });
  const acts = curl('GET', '/api/ActivatedLicenseCodes', 'getActivatedLicenseCodes.request.json');
  assert.deepEqual((acts.body as { licenseCode: string }[]).map((a) => a.licenseCode).sort(), ['206454320110930859', '286901020157066211']);
});

test('the interactive REST reference is served from local assets', async () => {
  const page = await request('GET', '/api/docs/', undefined);
  assert.equal(page.status, 200);
  assert.match(page.text, /swagger-ui-bundle\.js/);
  assert.doesNotMatch(page.text, /https?:\/\//, 'no external URLs');
  const init = await request('GET', '/api/docs/init.js', undefined);
  assert.match(init.text, /url: '\/openapi\.yaml'/);
  const bundle = await request('GET', '/api/docs/swagger-ui-bundle.js', undefined);
  assert.equal(bundle.status, 200);
  assert.ok(bundle.text.length > 100_000);
  assert.equal((await request('GET', '/api/docs/../package.json', undefined)).status, 404);
  const index = await request('GET', '/', undefined);
  assert.match(index.text, /href="\/api\/docs\/"/);
});

test('server functions are named as the seeds name them: REST lists LTCO, FeatureAvailability and Otherfunc; SOAP license codes spell FeatureAvailabiity', async () => {
  const code = { productid: '6453300110', licensecode: '206454320110930859' };
  // The seed's PUT example sets Otherfunc; the SOAP spelling is accepted as the same function.
  assert.equal(await rest.putLicenseCode({ ...code, serverfunctions: [{ functionname: 'Otherfunc', enabled: 'on' }, { functionname: 'FeatureAvailabiity', enabled: 'off' }] } as never), 'License Code Details Updated Successfully');
  const [got] = await rest.getLicenseCode({ ...code, getsfs: '1', showfeatures: 'all' });
  assert.deepEqual(got!.serverFunctions!.map((s) => s.functionName), ['LTCO', 'FeatureAvailability', 'Otherfunc']);
  assert.equal(got!.serverFunctions!.find((s) => s.functionName === 'Otherfunc')!.enabled, 'ON');
  assert.equal(got!.serverFunctions!.find((s) => s.functionName === 'FeatureAvailability')!.enabled, 'OFF');
  const soapCode = (await soap.getLicenseCode({ Auth: auth, Data: { ...code, getsfs: 1 } })).GetLicenseCodeResult!;
  assert.deepEqual(Object.keys(soapCode.serverfunctions!), ['LTCO', 'FeatureAvailabiity']);
  assert.equal(soapCode.serverfunctions!['FeatureAvailabiity']!.$value, 'OFF');
  const profile = (await soap.getShaferProfile({ Auth: auth, Data: { productid: '6453300110', profilename: 'testingProfile', getsfs: 1 } })).GetShaferProfileResult!;
  assert.deepEqual(Object.keys(profile.serverfunctions!), ['LTCO', 'FeatureAvailability']);
});
