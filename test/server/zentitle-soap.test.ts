/** Zentitle SOAP web services: every method through the generated clients against the running server (success + documented failure). */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import { ShaferWSSoapClient, ShaferWSSoap12Client } from '../../generated/zentitle/client.js';
import type * as T from '../../generated/zentitle/types.js';
import { SoapFault } from '../../generated/runtime/soap.js';
import { documentOf, startServer, textOf, type RunningServer } from './harness.ts';

let srv: RunningServer;
let c: ShaferWSSoapClient;
let c12: ShaferWSSoap12Client;
let auth: T.Auth;
beforeAll(async () => {
  // Hundreds of deliberate credential failures: the failure limiter (tested in auth.test.ts) is raised out of the way.
  srv = await startServer(undefined, ['--auth-failures', '100000']);
  c = new ShaferWSSoapClient({ endpoint: `${srv.base}/shaferws.asmx` });
  c12 = new ShaferWSSoap12Client({ endpoint: `${srv.base}/shaferws.asmx` });
  auth = { username: srv.demo.zentitle.wsUsername, password: srv.demo.zentitle.wsPassword, customerid: String(srv.demo.zentitle.customerId) };
});
afterAll(() => srv.stop());

/** The SoapFault reason a call fails with. */
async function fault(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SoapFault, String(e));
    return e.reason;
  }
  assert.fail('expected a SOAP fault');
}

const CERT = 'b73dffe22ccbea3ae76b7d7075cbf5bf0bf4a40940d3f7721d7c713f507627c5fbc237307c4f4b8ada38e308128ca75c790fef428b6d78f49ffd543929a0eac0c0d150782d086e00da88a21f365e33809ff78615a550cd3a67e8f9accdc97365';

test('GetLicenseCode: details with notes and server functions; unknown code, wrong product, another customer\'s code', async () => {
  const r = (await c.getLicenseCode({ Auth: auth, Data: { productid: '6563301200', licensecode: '200100001817930859', getsfs: 1, getnotes: 1 } })).GetLicenseCodeResult!;
  assert.equal(r.licensecode, '200100001817930859');
  assert.equal(r.reference, 'rja');
  assert.equal(r.shafercompanyid, 6);
  assert.equal(r.profile, 'Default');
  assert.equal(r.numactivations, 1);
  assert.equal(r.features!.FEAT4!.$value, 'ON');
  assert.equal(r.features!.FEAT2!.Type, 'Floating');
  assert.equal(r.aaudf!.TEST1, '');
  assert.equal(r.notes!.note![0]!.$value, 'Another note');
  assert.ok(r.serverfunctions!.LTCO);
  const plain = (await c12.getLicenseCode({ Auth: auth, Data: { productid: '6563301200', licensecode: '200100001817930859' } })).GetLicenseCodeResult!;
  assert.equal(plain.notes, undefined);
  assert.equal(plain.serverfunctions, undefined);
  assert.equal(await fault(c.getLicenseCode({ Auth: auth, Data: { productid: '6563301200', licensecode: '999999999999999999' } })), 'Invalid License Code');
  assert.equal(await fault(c.getLicenseCode({ Auth: auth, Data: { productid: '1111111111', licensecode: '200100001817930859' } })), 'Invalid ProductID');
  assert.equal(await fault(c.getLicenseCode({ Auth: auth, Data: { productid: srv.demo.zentitle.other.productId, licensecode: srv.demo.zentitle.other.licenseCode } })), 'Invalid ProductID');
});

test('GetCompanyLicenseCodes: filtered page; unknown product', async () => {
  const r = documentOf((await c.getCompanyLicenseCodes({ Auth: auth, Data: { pagenumber: 1, pagesize: 100, shafercompany: 'My Company', profile: 'Test-PC' } })).GetCompanyLicenseCodesResult);
  const codes = r.licensedetails!.map((d) => d.licensecode).sort();
  assert.deepEqual(codes, ['200100001817930859', '318300001310249256']);
  assert.equal(r.licensedetails![0]!.ProductCode, '6563300100');
  assert.equal(r.licensedetails![0]!.shafercompany, 'My Company');
  const page2 = documentOf((await c.getCompanyLicenseCodes({ Auth: auth, Data: { pagenumber: 2, pagesize: 1, shafercompany: 'My Company', profile: 'Test-PC' } })).GetCompanyLicenseCodesResult);
  assert.equal(page2.licensedetails!.length, 1);
  const act = documentOf((await c.getCompanyLicenseCodes({ Auth: auth, Data: { pagenumber: 1, productid: '1234567890', activated: true } })).GetCompanyLicenseCodesResult);
  assert.ok(act.licensedetails!.every((d) => d.ProductCode === '1234567890'));
  // cg:documentOrText: the count (pagenumber 0 or omitted) and errors come in-band as text, not as faults
  assert.equal(textOf((await c.getCompanyLicenseCodes({ Auth: auth, Data: { shafercompany: 'My Company', profile: 'Test-PC' } })).GetCompanyLicenseCodesResult), '2');
  assert.equal(textOf((await c12.getCompanyLicenseCodes({ Auth: auth, Data: { pagenumber: 0, productid: '1234567890', activated: true } })).GetCompanyLicenseCodesResult), String(act.licensedetails!.length));
  assert.equal(textOf((await c.getCompanyLicenseCodes({ Auth: auth, Data: { pagenumber: 1, productid: '1111111111' } })).GetCompanyLicenseCodesResult), 'Error: Invalid ProductID');
  assert.equal(await fault(c.getCompanyLicenseCodes({ Auth: { ...auth, password: 'wrong' }, Data: { pagenumber: 1 } })), 'Invalid web services credentials', 'credentials stay a fault');
});

test('GetProduct / GetProducts / UpdateProduct', async () => {
  const p = (await c.getProduct({ Auth: auth, Data: { productid: '1234567890' } })).GetProductResult!;
  assert.equal(p.productname, 'Test Product');
  assert.equal(p.trialperiod, 30);
  assert.equal(p.features!.FEAT4!.$value, 'ON');
  assert.equal(p.features!.TOKEN!.Type, 'ConsumptionToken');
  assert.equal(await fault(c.getProduct({ Auth: auth, Data: { productid: '1111111111' } })), 'Invalid ProductID');
  const all = (await c12.getProducts({ Auth: auth, Data: {} })).GetProductsResult!;
  assert.ok(all.some((x) => x.productid === '6872450105'));
  assert.ok(!all.some((x) => x.productid === srv.demo.zentitle.other.productId), 'only own products');
  assert.equal((await c.updateProduct({ Auth: auth, Data: { productid: '1234567890', productname: 'Test Changed', clientleaseperiod: 2, clientofflineleaseperiod: 30, trialperiod: 25 } })).UpdateProductResult, 'OK');
  const changed = (await c.getProduct({ Auth: auth, Data: { productid: '1234567890' } })).GetProductResult!;
  assert.equal(changed.productname, 'Test Changed');
  assert.equal(changed.trialperiod, 25);
  assert.equal((await c.updateProduct({ Auth: auth, Data: { productid: '1111111111', productname: 'x' } })).UpdateProductResult, 'Error: Invalid ProductID');
});

test('UpdateLicenseCode: fields, features, UDFs, notes and server functions; unknown feature, bad date', async () => {
  const r = await c.updateLicenseCode({ Auth: auth, Data: {
    shafercompanyid: 7, productid: '6563300100', licensecode: '200100001817930859', clientleaseperiod: 2, clientofflineleaseperiod: 30, enabledforuse: 0, clientsallowed: 42,
    subscriptionperiod: 43, subscriptionenddate: '12 Jan 2014 12:30', licensetype: 2, maintenanceenddate: '12 Jan 2014 12:31', webservices: 1, profile: 'test',
    concurrentprocesses: 143, concurrency: 0, features: { FEAT1: { $value: 'ON', Limit: 5 } }, aaudf: { TEST: 'A New Value' },
    notes: { note: [{ Type: 'general', $value: 'note from UpdateLicenseCode' }] }, serverfunctions: { LTCO: { Parameters: '20', $value: 'ON' } },
  } });
  assert.equal(r.UpdateLicenseCodeResult, 'OK');
  const d = (await c.getLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: '200100001817930859', getnotes: 1, getsfs: 1 } })).GetLicenseCodeResult!;
  assert.equal(d.clientsallowed, 42);
  assert.equal(d.enabledforuse, 0);
  assert.equal(d.licensetype, 2);
  assert.equal(d.shafercompanyid, 7);
  assert.equal(d.profile, 'test');
  assert.equal(d.subscriptionenddate, '12 Jan 2014');
  assert.equal(d.subscriptionenddatetime, '2014-01-12 12:30:00.000');
  assert.deepEqual(d.features!.FEAT1, { Type: 'ElementPool', ElementCount: 0, ElementLimit: 5, $value: 'ON' });
  assert.equal(d.aaudf!.TEST, 'A New Value');
  assert.equal(d.notes!.note![0]!.$value, 'note from UpdateLicenseCode');
  assert.deepEqual(d.serverfunctions!.LTCO, { Parameters: '20', $value: 'ON' });
  const bad = await c.updateLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: '200100001817930859', features: { NOPE: { $value: 'ON' } } } });
  assert.equal(bad.UpdateLicenseCodeResult, "Error: Invalid FeatureCode 'NOPE'");
  const date = await c.updateLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: '200100001817930859', subscriptionenddate: '31 Feb 2020' } });
  assert.equal(date.UpdateLicenseCodeResult, 'Error: Invalid subscriptionenddate');
  const unknown = await c.updateLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: '111111111111111111', clientsallowed: 1 } });
  assert.equal(unknown.UpdateLicenseCodeResult, 'Error: Invalid License Code');
});

test('CreateShaferProfile / UpdateShaferProfile / GetShaferProfile', async () => {
  const data: T.CreateShaferProfileData = {
    productid: '6563300100', reseller: 'LiveReseller', clientleaseperiod: 1, clientofflineleaseperiod: 2, vmleaseperiod: 3, subscriptionperiod: 4, profilename: 'wstest10',
    subscriptionenddate: '12 June 2019', licensetype: 1, maintenanceenddate: '13 June 2019', concurrency: 2, enabledforuse: 0, clientsallowed: 10, concurrentprocesses: 5,
    webservices: 1, networkseats: 7, heartbeat: 8, features: { FEAT1: { Limit: 16, $value: 'ON' } }, aaudf: { TEST1: 'p1' }, serverfunctions: { LTCO: { Parameters: '7', $value: 'ON' } },
  };
  assert.equal((await c.createShaferProfile({ Auth: auth, Data: data })).CreateShaferProfileResult, 'OK');
  assert.equal((await c.createShaferProfile({ Auth: auth, Data: data })).CreateShaferProfileResult, 'Error: Profile already exists');
  const p = (await c.getShaferProfile({ Auth: auth, Data: { productid: '6563300100', profilename: 'wstest10', getsfs: 1 } })).GetShaferProfileResult!;
  assert.equal(p.clientsallowed, 10);
  assert.equal(p.licensetype, 1);
  assert.equal(p.heartbeat, 8);
  assert.equal(p.subscriptionenddate, '12 Jun 2019');
  assert.equal(p.features!.FEAT1!.$value, 'ON');
  assert.equal(p.features!.FEAT1!.ElementLimit, 16);
  assert.equal(p.aaudf!.TEST1, 'p1');
  assert.equal(p.serverfunctions!.LTCO!.Parameters, '7');
  assert.match(p.created!, /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)$/);
  assert.equal(await fault(c.getShaferProfile({ Auth: auth, Data: { productid: '6563300100', profilename: 'nope' } })), 'Invalid ProfileName');

  const u = await c12.updateShaferProfile({ Auth: auth, Data: { productid: '6563300100', profilename: 'NewTest-PC', newprofilename: 'wstest11', licensetype: '', clientsallowed: 100, heartbeat: 80 } });
  assert.equal(u.UpdateShaferProfileResult, 'OK');
  assert.equal((await c.getShaferProfile({ Auth: auth, Data: { productid: '6563300100', profilename: 'wstest11' } })).GetShaferProfileResult!.clientsallowed, 100);
  assert.equal((await c.updateShaferProfile({ Auth: auth, Data: { productid: '6563300100', profilename: 'NewTest-PC' } })).UpdateShaferProfileResult, 'Error: Invalid ProfileName');
  assert.equal((await c.updateShaferProfile({ Auth: auth, Data: { productid: '6563300100', profilename: 'wstest11', heartbeat: 3 } })).UpdateShaferProfileResult, 'Error: Heartbeat must be between 5 and 1440 minutes');
});

test('AllocateImportCodes: allocation CSV, import OK, duplicate import refused atomically', async () => {
  const csv = (await c.allocateImportCodes({ Auth: auth, Data: { productid: '6564400100', numcodes: 3, profile: 'Test-PC', reference: 'ref1' } })).AllocateImportCodesResult!;
  const codes = csv.split(',');
  assert.equal(codes.length, 3);
  for (const code of codes) assert.match(code, /^[1-9][0-9]{17}$/);
  const d = (await c.getLicenseCode({ Auth: auth, Data: { productid: '6564400100', licensecode: codes[0]! } })).GetLicenseCodeResult!;
  assert.equal(d.profile, 'Test-PC');
  assert.equal(d.reference, 'ref1');
  const imp = { productid: '6564400100', shafercompanyid: 0, profile: 'Test-PC', reference: 'gdgdfdrs', licensecodes: 'q34frewffaqfdas,asdfdasfa43qfredas,43qfeafasdfsafasdf', numcodes: 0 };
  assert.equal((await c.allocateImportCodes({ Auth: auth, Data: imp })).AllocateImportCodesResult, 'OK');
  const dup = await c.allocateImportCodes({ Auth: auth, Data: { ...imp, licensecodes: 'brandnewcode1,q34frewffaqfdas' } });
  assert.equal(dup.AllocateImportCodesResult, "Error: License Code 'q34frewffaqfdas' already exists");
  assert.equal(await fault(c.getLicenseCode({ Auth: auth, Data: { productid: '6564400100', licensecode: 'brandnewcode1' } })), 'Invalid License Code', 'nothing of a refused import is kept');
  assert.equal((await c.allocateImportCodes({ Auth: auth, Data: { productid: '6564400100' } })).AllocateImportCodesResult, 'Error: Either NumCodes or LicenseCodes must be supplied');
});

test('CreatePassiveLicense / CreateNetworkMasterLicense', async () => {
  const cert = (await c.createPassiveLicense({ Auth: auth, Data: { shafercompanyid: 7, productid: '6563300100', clientid: '200100001817930859', features: { FEAT1: '' }, aaudf: { TEST: 'A New Value', TEST2: 'A Different Value' } } })).CreatePassiveLicenseResult!;
  assert.match(cert, /^[0-9a-f]{256}$/);
  assert.equal((await c.createPassiveLicense({ Auth: auth, Data: { productid: '1111111111', clientid: 'client-000001' } })).CreatePassiveLicenseResult, 'Error: Invalid ProductID');
  assert.equal((await c.createPassiveLicense({ Auth: auth, Data: { productid: '6563300100', clientid: 'client-000001', profile: 'nope' } })).CreatePassiveLicenseResult, 'Error: Invalid ProfileName');
  assert.equal((await c.createPassiveLicense({ Auth: auth, Data: { productid: '6563300100', clientid: 'client-000001', features: { NOPE: 'ON' } } })).CreatePassiveLicenseResult, "Error: Invalid FeatureCode 'NOPE'");
  const master = (await c.createNetworkMasterLicense({ Auth: auth, Data: { shafercompanyid: 7, productid: '6563300100' } })).CreateNetworkMasterLicenseResult!;
  assert.match(master, /^[1-9][0-9]{17}$/);
  const d = (await c.getLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: master } })).GetLicenseCodeResult!;
  assert.equal(d.concurrency, 2);
  assert.equal(d.shafercompanyid, 7);
  assert.equal((await c.createNetworkMasterLicense({ Auth: auth, Data: { shafercompanyid: 9001, productid: '6563300100' } })).CreateNetworkMasterLicenseResult, 'Error: Invalid CompanyID', "another customer's company");
});

test('GetLicenseCodeActivity / DeleteLicenseCodeActivity / SetLicenseStatusReturned / GetAllActivatedLicenseCodes', async () => {
  const a = (await c.getLicenseCodeActivity({ Auth: auth, Data: { productid: '1234567890', licensecode: '123456789012345678', getsysinfo: 1 } })).GetLicenseCodeActivityResult!;
  assert.equal(a.activity!.length, 3);
  const withSys = a.activity!.find((x) => x.computerid === 'Zr29KSMywHqQOak3/rd7')!;
  assert.equal(withSys.systeminfo!.ComputerName, 'Office_PC');
  assert.equal(withSys.status, 'ACTIVATED');
  // The fields the seed's example shows: the record's dates (US format) and Location, dateTimes with a UTC offset.
  assert.match(withSys.systeminfo!.Date!, /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/);
  assert.equal(withSys.systeminfo!.Created, withSys.systeminfo!.Date);
  assert.equal(withSys.systeminfo!.Modified, withSys.systeminfo!.Date);
  assert.equal(withSys.systeminfo!.Location, '');
  assert.match(withSys.activated!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/);
  const active = (await c.getLicenseCodeActivity({ Auth: auth, Data: { productid: '1234567890', licensecode: '123456789012345678', activated: 1 } })).GetLicenseCodeActivityResult!;
  assert.equal(active.activity!.length, 2);
  assert.equal(await fault(c.getLicenseCodeActivity({ Auth: auth, Data: { productid: '1234567890', licensecode: '999999999999999999' } })), 'Invalid License Code');

  const all = documentOf((await c.getAllActivatedLicenseCodes({ Auth: auth, Data: { computerid: 'Zr29KSMywHqQOak3jrd7' } })).GetAllActivatedLicenseCodesResult);
  assert.deepEqual(all.systemdetails!.map((s) => s.LicenseCode).sort(), ['123456789012345678', '200100001817930859', '318300000212904761']);
  assert.equal(textOf((await c.getAllActivatedLicenseCodes({ Auth: auth })).GetAllActivatedLicenseCodesResult), 'Error: Data is required');

  const del = { productid: '1234567890', licensecode: '123456789012345678', computerid: 'Zr29KSMywHqQOak3/rd7' };
  assert.equal((await c.deleteLicenseCodeActivity({ Auth: auth, Data: del })).DeleteLicenseCodeActivityResult, 'OK');
  assert.equal((await c.deleteLicenseCodeActivity({ Auth: auth, Data: del })).DeleteLicenseCodeActivityResult, 'Error: No activity found for this License Code and ComputerID');

  const ret = { productid: '1234567890', licensecode: '318300000212904761' };
  assert.equal((await c.setLicenseStatusReturned({ Auth: auth, Data: ret })).SetLicenseStatusReturnedResult, 'OK');
  const after = (await c.getLicenseCodeActivity({ Auth: auth, Data: ret })).GetLicenseCodeActivityResult!;
  assert.ok(after.activity!.every((x) => x.status === 'RETURNED'));
  assert.equal((await c.setLicenseStatusReturned({ Auth: auth, Data: ret })).SetLicenseStatusReturnedResult, 'Error: No activations found for this License Code');
  const all2 = documentOf((await c.getAllActivatedLicenseCodes({ Auth: auth, Data: { computerid: 'Zr29KSMywHqQOak3jrd7' } })).GetAllActivatedLicenseCodesResult);
  assert.ok(!all2.systemdetails!.some((s) => s.LicenseCode === '318300000212904761'));
});

test('GetNextLicenseCode hands out each unused code once', async () => {
  const first = (await c.getNextLicenseCode({ Auth: auth, Data: { productid: '1234567890', amount: 2, profilename: 'Test' } })).GetNextLicenseCodeResult!;
  assert.deepEqual(first.split(','), ['318300000400000001', '318300000400000002']);
  const second = (await c.getNextLicenseCode({ Auth: auth, Data: { productid: '1234567890', amount: 2, profilename: 'Test' } })).GetNextLicenseCodeResult!;
  assert.equal(second, '318300000400000003');
  assert.equal((await c.getNextLicenseCode({ Auth: auth, Data: { productid: '1234567890', amount: 2, profilename: 'Test' } })).GetNextLicenseCodeResult, 'Error: No unused license codes available');
  assert.equal((await c.getLicenseCode({ Auth: auth, Data: { productid: '1234567890', licensecode: '318300000400000001' } })).GetLicenseCodeResult!.webservices, 1);
});

test('GetOfflineActivation / OfflineDeActivation', async () => {
  const cert = (await c.getOfflineActivation({ Auth: auth, Data: { productid: '1234567890', activationcertificate: CERT } })).GetOfflineActivationResult!;
  assert.match(cert, /^[0-9a-f]{320}$/);
  assert.equal((await c.getOfflineActivation({ Auth: auth, Data: { productid: '1234567890', activationcertificate: 'abc123' } })).GetOfflineActivationResult, 'Error: Invalid activation certificate');
  assert.equal((await c.offlineDeActivation({ Auth: auth, Data: { productid: '1234567890', deactivationcertificate: CERT.slice(0, 64) + 'f'.repeat(100) } })).OfflineDeActivationResult, 'OK');
  assert.equal((await c.offlineDeActivation({ Auth: auth, Data: { productid: '1234567890', deactivationcertificate: CERT } })).OfflineDeActivationResult, 'Error: No offline activation found for this deactivation certificate');
});

test('GetSystemDetails / GetConsumerData / CreateConsumerData', async () => {
  const s = (await c.getSystemDetails({ Auth: auth, Data: { productid: '1234567890', computerid: '5et6sOl5Xen+hTpRGAfX' } })).GetSystemDetailsResult!;
  assert.equal(s.systemdetails!.computername, 'Work_DESKTOP');
  assert.equal(s.systemdetails!.bitage, 64);
  assert.equal(await fault(c.getSystemDetails({ Auth: auth, Data: { productid: '1234567890', computerid: 'Unknown000000000000=' } })), 'No system details found for this ComputerID');
  const cd = (await c.getConsumerData({ Auth: auth, Data: { productid: '6563300100', computerid: 'Zr29KSMywHqQOak3/rd7', justlast: false } })).GetConsumerDataResult!;
  assert.equal(cd.length, 2);
  assert.equal(cd[1]!.company, 'Reid & Co');
  const last = (await c.getConsumerData({ Auth: auth, Data: { productid: '6563300100', computerid: 'Zr29KSMywHqQOak3/rd7', justlast: true } })).GetConsumerDataResult!;
  assert.equal(last.length, 1);
  assert.equal(await fault(c.getConsumerData({ Auth: auth, Data: { productid: '6563300100', computerid: 'Nobody00000000000000' } })), 'No consumer data found');
  assert.equal((await c.createConsumerData({ Auth: auth, Data: { productid: '1234567890', computerid: 'Zr29KSMywHqQOak3jrd7', clientinfo: { firstname: 'Luther', lastname: 'Reid' } } })).CreateConsumerDataResult, 'OK');
  const mine = (await c.getConsumerData({ Auth: auth, Data: { productid: '1234567890', computerid: 'Zr29KSMywHqQOak3jrd7' } })).GetConsumerDataResult!;
  assert.equal(mine[0]!.firstname, 'Luther');
  assert.equal((await c.createConsumerData({ Auth: auth, Data: { productid: '1111111111', computerid: 'X0000000000000000000', clientinfo: { a: 'b' } } })).CreateConsumerDataResult, 'Error: Invalid ProductID');
  assert.equal((await c.createConsumerData({ Auth: auth, Data: { productid: '1234567890', computerid: 'X0000000000000000000', clientinfo: { a: 'b' }, licensecode: '111111111111111111' } })).CreateConsumerDataResult, 'Error: Invalid License Code');
});

test('CheckTrial / ResetTrial', async () => {
  const check = async (computerid: string) => (await c.checkTrial({ Auth: auth, Data: { productid: '1234567890', computerid } })).CheckTrialResult;
  assert.equal(await check('Zr29KSMywHqQOak3jrd7'), 'OK');
  assert.equal(await check('ExpiredTrial00000001'), 'Trial has expired');
  assert.equal(await check('ConvertedTrial000001'), 'Trial has been activated');
  assert.equal(await check('NoTrialHere000000000'), 'Trial does not exist');
  assert.equal((await c.resetTrial({ Auth: auth, Data: { productid: '1234567890', computerid: 'ExpiredTrial00000001' } })).ResetTrialResult, 'OK');
  assert.equal(await check('ExpiredTrial00000001'), 'OK');
  assert.equal((await c.resetTrial({ Auth: auth, Data: { productid: '1234567890', computerid: 'ConvertedTrial000001' } })).ResetTrialResult, 'Error: Trial has been activated with a license code');
  assert.equal((await c.resetTrial({ Auth: auth, Data: { productid: '1234567890', computerid: 'NoTrialHere000000000' } })).ResetTrialResult, 'Error: Trial does not exist');
});

test('Companies: info, create, update, IDs, codes, delete', async () => {
  const info = documentOf((await c.getShaferCompanyInfo({ Auth: auth, Data: { productid: '1234567890', shafercompanyid: 6 } })).GetShaferCompanyInfoResult);
  assert.equal(info.companydetails!.company, 'My Company');
  assert.equal(info.companydetails!.email, 'info@mycompany.example');
  // "Company info or error message": the error is the result string, which the client returns as the text variant
  assert.equal(textOf((await c.getShaferCompanyInfo({ Auth: auth, Data: { productid: '1234567890', shafercompanyid: 9001 } })).GetShaferCompanyInfoResult), 'Error: Invalid CompanyID', "another customer's company");
  assert.equal(textOf((await c12.getShaferCompanyInfo({ Auth: auth, Data: { productid: '1111111111', shafercompanyid: 6 } })).GetShaferCompanyInfoResult), 'Error: Invalid ProductID');
  const id = (await c.createShaferCompanyDetails({ Auth: auth, Data: { productid: '6563300100', companydata: { email: 'tom@bigcorp.com' }, company: 'BigCorp2', search1: 'field1', search2: 'field2', search3: 'field3', global: 1 } })).CreateShaferCompanyDetailsResult!;
  assert.match(id, /^[0-9]+$/);
  assert.equal((await c.createShaferCompanyDetails({ Auth: auth, Data: { productid: '1111111111', company: 'X' } })).CreateShaferCompanyDetailsResult, 'Error: Invalid ProductID');
  assert.equal((await c.updateShaferCompanyDetails({ Auth: auth, Data: { shafercompanyid: Number(id), productid: '6563300100', company: 'BigCorp Renamed', companydata: { email: 'new@bigcorp.com' } } })).UpdateShaferCompanyDetailsResult, 'OK');
  const renamed = documentOf((await c12.getShaferCompanyInfo({ Auth: auth, Data: { productid: '1234567890', shafercompanyid: Number(id) } })).GetShaferCompanyInfoResult);
  assert.equal(renamed.companydetails!.company, 'BigCorp Renamed');
  assert.equal(renamed.companydetails!.companydata!.email, 'new@bigcorp.com');
  assert.equal((await c.updateShaferCompanyDetails({ Auth: auth, Data: { shafercompanyid: 99999, productid: '6563300100', company: 'x' } })).UpdateShaferCompanyDetailsResult, 'Error: Invalid CompanyID');

  const cid = documentOf((await c.getShaferCompanyID({ Auth: auth, Data: { shafercompany: 'CompanyName', productid: '6563300100' } })).GetShaferCompanyIDResult);
  assert.equal(cid.companydetails!.ShaferCompanyID, 8);
  assert.equal(textOf((await c.getShaferCompanyID({ Auth: auth, Data: { shafercompany: 'Nobody Ltd', productid: '6563300100' } })).GetShaferCompanyIDResult), 'Error: Invalid Company name');
  const all = documentOf((await c.getShaferCompanyIDsandProducts({ Auth: auth, Data: {} })).GetShaferCompanyIDsandProductsResult);
  assert.ok(all.companydetails!.some((x) => x.ShaferCompanyID === 6 && x.ProductID === '0'));
  assert.ok(all.companydetails!.some((x) => x.ShaferCompanyID === 7 && x.ProductID === '6563300100'));
  assert.ok(!all.companydetails!.some((x) => x.ShaferCompanyID === 9001), 'only own companies');

  const codes = (await c.getLicenseCodesForShaferCompany({ Auth: auth, Data: { productid: '1234567890', shafercompanyid: 6 } })).GetLicenseCodesForShaferCompanyResult!;
  assert.deepEqual(codes.split(','), ['318300000290557166', '123456789012345678']);
  assert.equal((await c.getLicenseCodesForShaferCompany({ Auth: auth, Data: { productid: '1234567890', shafercompanyid: 8 } })).GetLicenseCodesForShaferCompanyResult, 'Error: No license codes found for this company and product');

  assert.equal((await c.deleteShaferCompany({ Auth: auth, Data: { productid: '1234567890', shafercompanyid: 1234 } })).DeleteShaferCompanyResult, 'OK');
  assert.equal((await c.deleteShaferCompany({ Auth: auth, Data: { productid: '1234567890', shafercompanyid: 1234 } })).DeleteShaferCompanyResult, 'Error: Invalid CompanyID');
});

test('Groups: create, update, get, delete', async () => {
  const id = (await c.createGroup({ Auth: auth, Data: { groupname: 'testgroup', description: 'My test group', typeid: 2 } })).CreateGroupResult!;
  assert.match(id, /^[0-9]+$/);
  assert.equal((await c.createGroup({ Auth: auth, Data: { groupname: 'testgroup', typeid: 2 } })).CreateGroupResult, 'Error: Group name already exists');
  assert.equal((await c.createGroup({ Auth: auth, Data: { groupname: 'sub', typeid: 2, mastergroupid: 41 } })).CreateGroupResult, 'Error: MasterGroupID must be a master group');
  assert.equal((await c.updateGroup({ Auth: auth, Data: { groupid: 41, description: 'My test group new description' } })).UpdateGroupResult, 'OK');
  assert.equal((await c.updateGroup({ Auth: auth, Data: { groupid: 90, description: 'x' } })).UpdateGroupResult, 'Error: Invalid Group', "another customer's group");
  const g = (await c.getGroup({ Auth: auth, Data: { groupid: 41 } })).GetGroupResult!;
  assert.equal(g.description, 'My test group new description');
  assert.equal(g.mastergroupid, 9);
  assert.equal(g.shafercompanyid, 6);
  assert.equal(g.grouplicenses!.grouplicense![0]!.licensecode, '318300001310249256');
  assert.ok(g.groupusers!.groupuser!.some((u) => u.username === 'jsmith' && u.id === 37));
  const master = (await c12.getGroup({ Auth: auth, Data: { groupname: 'Test Group' } })).GetGroupResult!;
  assert.deepEqual(master.subgroups!.subgroup!.map((s) => s.groupid), [7, 41]);
  // the contract's choice (groupid | groupname) is enforced by the generated stub before the handler
  assert.match(await fault(c.getGroup({ Auth: auth, Data: { groupid: 41, groupname: 'Test Group' } })), /exactly one of groupid, groupname/);
  assert.equal(await fault(c.getGroup({ Auth: auth, Data: { groupid: 999 } })), 'Invalid Group');
  assert.equal((await c.deleteGroup({ Auth: auth, Data: { groupname: 'OldGroup' } })).DeleteGroupResult, 'OK');
  assert.equal((await c.deleteGroup({ Auth: auth, Data: { groupname: 'OldGroup' } })).DeleteGroupResult, 'Error: Invalid Group');
  assert.equal((await c.deleteGroup({ Auth: auth, Data: { groupid: 9 } })).DeleteGroupResult, 'Error: The group has subgroups and cannot be deleted');
});

test('Group users: add, get, update, password, authenticate, delete', async () => {
  const id = (await c.addGroupUser({ Auth: auth, Data: { groupid: 41, username: 'jdoe', password: 'passwd123', firstname: 'John', lastname: 'Doe', email: 'jdoe@bigcorp.com', telephone: '0123456789', additional: '{"EUPMaster":true}' } })).AddGroupUserResult!;
  assert.ok(id > 0);
  assert.equal(await fault(c.addGroupUser({ Auth: auth, Data: { groupid: 41, username: 'jdoe', password: 'passwd123' } })), 'UserName already exists');
  assert.equal(await fault(c.addGroupUser({ Auth: auth, Data: { groupid: 90, username: 'x1', password: 'passwd123' } })), 'Invalid Group');
  const u = (await c.getGroupUser({ Auth: auth, Data: { groupuserid: id } })).GetGroupUserResult!;
  assert.equal(u.username, 'jdoe');
  assert.equal(u.additional, '{"EUPMaster":true}');
  assert.equal(await fault(c.getGroupUser({ Auth: auth, Data: { groupuserid: 90 } })), 'Invalid Group User', "another customer's user");
  assert.equal((await c.updateGroupUser({ Auth: auth, Data: { groupid: 41, groupuserid: 37, username: 'jsmith', firstname: 'John', lastname: 'Smith', email: 'jsmith@bigcorp.com' } })).UpdateGroupUserResult, 'OK');
  assert.equal((await c.updateGroupUser({ Auth: auth, Data: { groupid: 41, groupuserid: id, username: 'jsmith' } })).UpdateGroupUserResult, 'Error: UserName already exists');
  assert.equal((await c.updateGroupUser({ Auth: auth, Data: { groupid: 999, groupuserid: 37 } })).UpdateGroupUserResult, 'Error: Invalid Group');
  assert.equal((await c.updateGroupUserPassword({ Auth: auth, Data: { username: 'jsmith', password: ']erwae2336afsea35as' } })).UpdateGroupUserPasswordResult, 'OK');
  assert.equal((await c.authenticateGroupUser({ Auth: auth, Data: { username: 'jsmith', password: ']erwae2336afsea35as' } })).AuthenticateGroupUserResult, 'OK');
  assert.equal((await c.authenticateGroupUser({ Auth: auth, Data: { username: 'groupuser', password: 'grouppass' } })).AuthenticateGroupUserResult, 'OK');
  assert.equal((await c.authenticateGroupUser({ Auth: auth, Data: { username: 'groupuser', password: 'wrong' } })).AuthenticateGroupUserResult, 'Error: Invalid username or password');
  assert.equal((await c.authenticateGroupUser({ Auth: auth, Data: { username: 'nobody', password: 'wrong' } })).AuthenticateGroupUserResult, 'Error: Invalid username or password');
  assert.equal((await c.updateGroupUserPassword({ Auth: auth, Data: { username: 'nobody', password: 'abcdef' } })).UpdateGroupUserPasswordResult, 'Error: Invalid Group User');
  assert.equal((await c.deleteGroupUser({ Auth: auth, Data: { groupuserid: id } })).DeleteGroupUserResult, 'OK');
  assert.equal((await c.deleteGroupUser({ Auth: auth, Data: { groupuserid: id } })).DeleteGroupUserResult, 'Error: Invalid Group User');
});

test('Group license codes and CreateGroupUserLicense', async () => {
  const gl = (await c.getGroupLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: '318300001310249256' } })).GetGroupLicenseCodeResult!;
  assert.equal(gl.groupid, 41);
  assert.equal(gl.productid, '6563300100');
  const cgul = { groupname: 'mynewgroup', firstname: 'Bill', lastname: 'Yates', email: 'by@bigcorp.com', telephone: '1234', username: 'byates', password: '5678', additional: '{"EUPMaster":true}', productid: '6563300100', licensecode: '318300000340299942' };
  assert.equal((await c.createGroupUserLicense({ Auth: auth, Data: cgul })).CreateGroupUserLicenseResult, 'OK');
  const g = (await c.getGroup({ Auth: auth, Data: { groupname: 'mynewgroup' } })).GetGroupResult!;
  assert.equal(g.typeid, 1);
  assert.equal(g.groupusers!.groupuser![0]!.username, 'byates');
  assert.equal(g.grouplicenses!.grouplicense![0]!.licensecode, '318300000340299942');
  assert.equal((await c.createGroupUserLicense({ Auth: auth, Data: { ...cgul, username: 'byates2' } })).CreateGroupUserLicenseResult, 'Error: License Code is already assigned to this group');
  assert.equal(await fault(c.getGroup({ Auth: auth, Data: { groupname: 'never' } })), 'Invalid Group');

  const fresh = (await c.allocateImportCodes({ Auth: auth, Data: { productid: '6563300100', numcodes: 1 } })).AllocateImportCodesResult!;
  assert.equal((await c.addGroupLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: fresh, groupid: 41 } })).AddGroupLicenseCodeResult, 'OK');
  assert.equal((await c.addGroupLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: fresh, groupid: 7 } })).AddGroupLicenseCodeResult, 'Error: License Code is already assigned to another group');
  assert.equal((await c.deleteGroupLicenseCode({ Auth: auth, Data: { groupid: 41, productid: '6563300100', licensecode: fresh } })).DeleteGroupLicenseCodeResult, 'OK');
  assert.equal((await c.deleteGroupLicenseCode({ Auth: auth, Data: { groupid: 41, productid: '6563300100', licensecode: fresh } })).DeleteGroupLicenseCodeResult, 'Error: License Code is not assigned to this group');
  assert.equal(await fault(c.getGroupLicenseCode({ Auth: auth, Data: { productid: '6563300100', licensecode: fresh } })), 'License Code is not assigned to a group');
});

test('License notes: create, update, delete', async () => {
  const id = documentOf((await c.createLicenseNote({ Auth: auth, Data: { productid: '1234567890', notetype: 2, description: 'This is my new note', licensecode: '318300000290557166' } })).CreateLicenseNoteResult);
  assert.ok(id > 0);
  assert.equal(textOf((await c.createLicenseNote({ Auth: auth, Data: { productid: '1234567890', notetype: 1, description: 'x', licensecode: '111111111111111111' } })).CreateLicenseNoteResult), 'Error: Invalid License Code');
  const n = documentOf((await c.updateLicenseNote({ Auth: auth, Data: { productid: '1234567890', noteid: 4567, notetype: 1, description: 'This is my updated note', licensecode: '318300000290557166' } })).UpdateLicenseNoteResult);
  assert.deepEqual({ id: n.noteid, type: n.type, d: n.description }, { id: 4567, type: 'General', d: 'This is my updated note' });
  assert.equal(textOf((await c.updateLicenseNote({ Auth: auth, Data: { productid: '1234567890', noteid: 102179, description: 'x', licensecode: '318300000290557166' } })).UpdateLicenseNoteResult), 'Error: Invalid NoteID', 'a note of another code');
  const notes = (await c.getLicenseCode({ Auth: auth, Data: { productid: '1234567890', licensecode: '318300000290557166', getnotes: 1 } })).GetLicenseCodeResult!.notes!.note!;
  assert.deepEqual(notes.map((x) => x.ID), [4567, id]);
  assert.equal((await c.deleteLicenseNote({ Auth: auth, Data: { productid: '1234567890', noteid: 4567, licensecode: '318300000290557166' } })).DeleteLicenseNoteResult, 'OK');
  assert.equal((await c.deleteLicenseNote({ Auth: auth, Data: { productid: '1234567890', noteid: 4567, licensecode: '318300000290557166' } })).DeleteLicenseNoteResult, 'Error: Invalid NoteID');
});

test('every method refuses missing and wrong credentials (an unknown customer id answers the same)', async () => {
  const methods = Object.getOwnPropertyNames(ShaferWSSoapClient.prototype).filter((m) => m !== 'constructor' && typeof (c as unknown as Record<string, unknown>)[m] === 'function');
  assert.equal(methods.length, 48);
  const wrongs: (T.Auth | undefined)[] = [
    undefined,
    { ...auth, password: 'wrong' },
    { ...auth, username: 'someone' },
    { ...auth, customerid: '999999' },
    { username: srv.demo.zentitle.other.wsUsername, password: srv.demo.zentitle.other.wsPassword, customerid: String(srv.demo.zentitle.customerId) },
  ];
  for (const m of methods) {
    for (const Auth of wrongs) {
      const call = (c as unknown as Record<string, (i: unknown) => Promise<unknown>>)[m]!.bind(c);
      assert.equal(await fault(call(Auth ? { Auth } : {})), 'Invalid web services credentials', `${m} with ${JSON.stringify(Auth)}`);
    }
  }
});

test('customer 5678 sees only its own data', async () => {
  const other: T.Auth = { username: srv.demo.zentitle.other.wsUsername, password: srv.demo.zentitle.other.wsPassword, customerid: String(srv.demo.zentitle.other.customerId) };
  const own = (await c.getLicenseCode({ Auth: other, Data: { productid: srv.demo.zentitle.other.productId, licensecode: srv.demo.zentitle.other.licenseCode } })).GetLicenseCodeResult!;
  assert.equal(own.licensecode, srv.demo.zentitle.other.licenseCode);
  assert.equal(await fault(c.getLicenseCode({ Auth: other, Data: { productid: '6563301200', licensecode: '200100001817930859' } })), 'Invalid ProductID');
  assert.equal((await c.updateLicenseCode({ Auth: other, Data: { productid: '6563301200', licensecode: '200100001817930859', clientsallowed: 1 } })).UpdateLicenseCodeResult, 'Error: Invalid ProductID');
  assert.deepEqual((await c.getProducts({ Auth: other })).GetProductsResult!.map((p) => p.productid), [srv.demo.zentitle.other.productId]);
});
