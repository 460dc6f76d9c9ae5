/** SOLO XmlLicenseService: every X/XS method through the generated clients against the running server. */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import { XmlLicenseServiceSoapClient, XmlLicenseServiceSoap12Client } from '../../generated/solo/client.js';
import type * as T from '../../generated/solo/types.js';
import { SoapFault } from '../../generated/runtime/soap.js';
import Database from 'better-sqlite3';
import path from 'node:path';
import { startServer, type RunningServer } from './harness.ts';
import { versionLong } from '../../server/apis/solo.ts';
import { hashSecretSync } from '../../server/auth.ts';

let srv: RunningServer;
let c: XmlLicenseServiceSoapClient;
let c12: XmlLicenseServiceSoap12Client;
beforeAll(async () => {
  srv = await startServer();
  c = new XmlLicenseServiceSoapClient({ endpoint: `${srv.base}/solo/webservices/XmlLicenseService.asmx` });
  c12 = new XmlLicenseServiceSoap12Client({ endpoint: `${srv.base}/solo/webservices/XmlLicenseService.asmx` });
});
afterAll(() => srv.stop());

const api = () => ({ AuthorID: srv.demo.solo.authorId, UserID: srv.demo.solo.userId, UserPassword: srv.demo.solo.userPassword });
const addInput = (over: Partial<T.AddInput> = {}): T.AddInput => ({
  ...api(), ProdOptionID: 98765, Quantity: 1, UnitPrice: '99.50', ActivationCount: 3, DeactivationCount: 1, CustomerID: 445567,
  LicenseeEmail: 'lic@example.com', LicenseeName: 'Lic Ensee', Version: '2.10.0.1500', ...over,
});

async function newLicense(over: Partial<T.AddInput> = {}): Promise<T.AddOutput> {
  const r = (await c.addS({ XS: addInput(over) })).AddSResult!;
  assert.equal(r.ResultCode, 0);
  return r;
}

test('Add/AddS create licenses that InfoCheck sees (with and without password)', async () => {
  const a = await newLicense();
  assert.ok(a.LicenseID! > 0);
  assert.match(a.ActivationPassword!, /^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/);
  assert.match(a.SerialNumber!, /^SN-\d{4}-\d{6,}$/);
  const s = (await c12.addS({ XS: addInput({ Expiration: '12/31/2030' }) })).AddSResult!;
  assert.equal(s.ResultCode, 0);
  assert.notEqual(s.LicenseID, a.LicenseID);

  const anon = (await c.infoCheckS({ XS: { LicenseID: a.LicenseID } })).InfoCheckSResult!;
  assert.equal(anon.ResultCode, 0);
  assert.equal(anon.ProductID, 4321);
  assert.equal(anon.ProdOptionID, 98765);
  assert.equal(anon.RemainingActivations, 3);
  assert.equal(anon.Status, 'OK');
  assert.equal(anon.CurrentVersion, '2.10.0.1500');
  assert.equal(anon.CustomerID, undefined, 'customer data only with a password');
  assert.equal(anon.LicenseeName, undefined);

  const full = (await c12.infoCheckS({ XS: { LicenseID: a.LicenseID, Password: a.ActivationPassword } })).InfoCheckSResult!;
  assert.equal(full.ResultCode, 0);
  assert.equal(full.CustomerID, 445567);
  assert.equal(full.LicenseeName, 'Lic Ensee');
  assert.equal(full.FirstName, 'John');
  // The seed's output lists every customer field; unset ones are present and blank.
  assert.equal(full.Address1, '');
  assert.equal(full.Fax, '');
  const withExpiry = (await c.infoCheckS({ XS: { LicenseID: s.LicenseID } })).InfoCheckSResult!;
  assert.equal(withExpiry.DownloadExpiration, '2030-12-31T00:00:00');
});

test('Add failure codes: -1 logon, -1 permission, 1 option, 2 bundle, 3 plan, 7 group, 4 customer, 5 distributor, 8 date, 6 serials', async () => {
  const code = async (over: Partial<T.AddInput>) => (await c.addS({ XS: addInput(over) })).AddSResult!.ResultCode;
  assert.equal(await code({ UserPassword: 'wrong' }), -1);
  assert.equal(await code({ AuthorID: 999 }), -1);
  assert.equal(await code({ UserID: srv.demo.solo.readOnlyUserId, UserPassword: srv.demo.solo.readOnlyPassword }), -1);
  assert.equal(await code({ ProdOptionID: 1 }), 1);
  assert.equal(await code({ ProdOptionID: 50001 }), 1, "another author's option is invalid");
  assert.equal(await code({ ProdOptionID: 98766 }), 2);
  assert.equal(await code({ ProdOptionID: 98767 }), 3);
  assert.equal(await code({ ProdOptionID: 98768 }), 7);
  assert.equal(await code({ CustomerID: 500 }), 4, "another author's customer is invalid");
  assert.equal(await code({ DistributorID: 78 }), 5);
  assert.equal(await code({ Expiration: '02/30/2027' }), 8);
  assert.equal(await code({ ProdOptionID: 98769 }), 0, 'the one listed serial');
  assert.equal(await code({ ProdOptionID: 98769 }), 6, 'list exhausted');
  assert.equal((await c.addS({})).AddSResult!.ResultCode, -2);
});

test('InfoCheck failures: 100 unknown license / wrong password, 200 product mismatch; serial/product login', async () => {
  const d = srv.demo.solo;
  assert.equal((await c.infoCheckS({ XS: { LicenseID: 99999999 } })).InfoCheckSResult!.ResultCode, 100);
  assert.equal((await c.infoCheckS({ XS: { LicenseID: d.licenseId, Password: 'nope' } })).InfoCheckSResult!.ResultCode, 100);
  assert.equal((await c.infoCheckS({ XS: { LicenseID: d.licenseId, ProductID: 1 } })).InfoCheckSResult!.ResultCode, 200);
  const bySerial = (await c.infoCheckS({ XS: { SerialNumber: d.serialNumber, ProductID: d.productId, Password: d.licensePassword } })).InfoCheckSResult!;
  assert.equal(bySerial.ResultCode, 0);
  assert.equal(bySerial.CustomerID, d.customerId);
  assert.equal((await c.infoCheckS({})).InfoCheckSResult!.ResultCode, -2);
});

test('UpdateCheck: update offered for old versions, NONE when current, SECURE without password; 100/200/300 codes', async () => {
  const d = srv.demo.solo;
  const r = (await c.updateCheckS({ XS: { LicenseID: d.licenseId, Password: d.licensePassword, ProductID: d.productId, Version: '2.10.0.1500', VerifyDaysToDL: true } })).UpdateCheckSResult!;
  assert.equal(r.ResultCode, 0);
  assert.equal(r.ActionToTake, 'DNHTP');
  assert.equal(r.VersionString, '2.10.3.1600');
  assert.equal(r.VersionLong, '2000100000301600', 'five decimal digits per part');
  assert.equal(r.URLFileServerName, 'downloads.example.com');
  assert.equal(r.URLFileUserName, String(d.licenseId));
  assert.equal(r.URLFilePassword, d.licensePassword);
  assert.equal(r.ShortMessage, 'Version 2.10.3 fixes printing on A3 paper.');
  const de = (await c12.updateCheckS({ XS: { LicenseID: d.licenseId, Password: d.licensePassword, Version: '1.0.0.0', LanguageCode: 'de' } })).UpdateCheckSResult!;
  assert.match(de.ShortMessage!, /behebt/);
  const current = (await c.updateCheckS({ XS: { ProductID: d.productId, Version: '2.10.3.1600' } })).UpdateCheckSResult!;
  assert.equal(current.ActionToTake, 'NONE');
  const secure = (await c.updateCheckS({ XS: { LicenseID: d.licenseId, Version: '1.0.0.0' } })).UpdateCheckSResult!;
  assert.equal(secure.ActionToTake, 'SECURE');
  assert.equal(secure.URLFile, undefined);
  const byName = (await c.updateCheckS({ XS: { ProductName: 'Acme Designer', Version: '2.0.0.0' } })).UpdateCheckSResult!;
  assert.equal(byName.ResultCode, 0);
  assert.equal((await c.updateCheckS({ XS: { LicenseID: 99999999 } })).UpdateCheckSResult!.ResultCode, 100);
  assert.equal((await c.updateCheckS({ XS: { LicenseID: d.licenseId, ProductID: 1 } })).UpdateCheckSResult!.ResultCode, 200);
  assert.equal((await c.updateCheckS({ XS: { ProductName: 'No Such Product' } })).UpdateCheckSResult!.ResultCode, 200);
  // 400: a Version in the wrong format fails the contract's pattern; the invalidInput hook answers it in-band, as the seed lists.
  assert.equal((await c.updateCheckS({ XS: { ProductID: d.productId, Version: 'v2' } })).UpdateCheckSResult!.ResultCode, 400);
  // 300: the download expiration has passed (only checked when VerifyDaysToDL is true)
  const old = await newLicense({ Expiration: '01/31/2020' });
  assert.equal((await c.updateCheckS({ XS: { LicenseID: old.LicenseID, VerifyDaysToDL: true } })).UpdateCheckSResult!.ResultCode, 300);
  assert.equal((await c.updateCheckS({ XS: { LicenseID: old.LicenseID, VerifyDaysToDL: false } })).UpdateCheckSResult!.ResultCode, 0);
});

test('ValidateLicenseRegistration: 300 before Register, customer data after; Register 300 the second time; UpdateRegistration always', async () => {
  const lic = await newLicense();
  const v = (x: T.ValidateLicenseRegistrationInput) => c.validateLicenseRegistrationS({ XS: x }).then((r) => r.ValidateLicenseRegistrationSResult!);
  assert.equal((await v({ LicenseID: lic.LicenseID, Password: lic.ActivationPassword! })).ResultCode, 300);
  assert.equal((await v({ LicenseID: lic.LicenseID, Password: 'wrong' })).ResultCode, 100);
  assert.equal((await v({ SerialNumber: 'nope', ProductID: 4321, Password: 'x' })).ResultCode, 100);

  const reg: T.RegisterInput = { LicenseID: lic.LicenseID, Password: lic.ActivationPassword!, Company: 'Reg Co', FirstName: 'Regina', City: 'Hamburg', LicenseeName: 'Regina R' };
  const r1 = (await c.registerS({ XS: reg })).RegisterSResult!;
  assert.deepEqual(r1, { ResultCode: 0, CustomerID: 445567 });
  const r2 = (await c12.registerS({ XS: reg })).RegisterSResult!;
  assert.equal(r2.ResultCode, 300);
  assert.equal((await c.registerS({ XS: { ...reg, Password: 'bad' } })).RegisterSResult!.ResultCode, 100);

  const after1 = await v({ LicenseID: lic.LicenseID, Password: lic.ActivationPassword! });
  assert.equal(after1.ResultCode, 0);
  assert.equal(after1.Company, 'Reg Co');
  assert.equal(after1.LicenseeName, 'Regina R');
  assert.equal(after1.ProdOptionID, 98765);
  const bySerial = (await c12.validateLicenseRegistrationS({ XS: { SerialNumber: lic.SerialNumber, ProductID: 4321, Password: lic.ActivationPassword! } })).ValidateLicenseRegistrationSResult!;
  assert.equal(bySerial.ResultCode, 0);

  const u = (await c.updateRegistrationS({ XS: { ...reg, City: 'Bremen' } })).UpdateRegistrationSResult!;
  assert.equal(u.ResultCode, 0);
  const uo = (await c12.updateRegistrationS({ XS: { ...reg, LicenseeOnly: true, LicenseeName: 'Only Licensee', City: 'Ignored' } })).UpdateRegistrationSResult!;
  assert.equal(uo.ResultCode, 0);
  const after2 = await v({ LicenseID: lic.LicenseID, Password: lic.ActivationPassword! });
  assert.equal(after2.City, 'Bremen');
  assert.equal(after2.LicenseeName, 'Only Licensee');
  assert.equal((await c.updateRegistrationS({ XS: { ...reg, LicenseID: 99999999 } })).UpdateRegistrationSResult!.ResultCode, 100);
});

test('UpdateActivationFields: absolute values and increments are seen by InfoCheck; -1 and 50 codes', async () => {
  const lic = await newLicense();
  const u = (x: Partial<T.UpdateActivationFieldsInput>) =>
    c.updateActivationFields({ XS: { ...api(), LicenseID: lic.LicenseID!, ...x } }).then((r) => r.UpdateActivationFieldsResult!.ResultCode);
  assert.equal(await u({ ActivationsIncrement: 2, DeactivationsLeft: 5, Status: 'CHK', LicenseCounterIncrement: 3, ExpirationDate: '06/30/2031', LicenseUpdate: 'X' }), 0);
  const info = (await c.infoCheckS({ XS: { LicenseID: lic.LicenseID } })).InfoCheckSResult!;
  assert.equal(info.RemainingActivations, 5);
  assert.equal(info.RemainingDeactivations, 5);
  assert.equal(info.Status, 'CHK');
  assert.equal(info.LicenseCounter, 3);
  assert.equal(info.LicenseUpdate, 'X');
  assert.equal(await u({}), 50, 'no update fields');
  assert.equal(await u({ ActivationsLeft: 1, ActivationsIncrement: 1 }), 50, 'absolute and increment together');
  assert.equal(await u({ ExpirationDate: '02/31/2030' }), 50);
  assert.equal(await u({ ActivationsIncrement: -100 }), 50, 'would go negative');
  assert.equal(await u({ UserPassword: 'wrong', ActivationsLeft: 1 }), -1);
  assert.equal(await u({ UserID: srv.demo.solo.readOnlyUserId, UserPassword: srv.demo.solo.readOnlyPassword, ActivationsLeft: 1 }), -1, 'no Edit Licenses permission');
  assert.equal(await u({ LicenseID: srv.demo.solo.other.licenseId, ActivationsLeft: 1 }), -1, "another author's license");
  assert.equal(await u({ LicenseID: 99999999, ActivationsLeft: 1 }), -1);
});

test('UpdateUserDefinedFields: password form (writable option) and API form; omitted fields become NULL; 100 codes', async () => {
  const lic = await newLicense();
  const r = (await c.updateUserDefinedFieldsS({ XS: { LicenseID: lic.LicenseID, Password: lic.ActivationPassword, UDefChar1: 'Seat A', UDefNum1: 42, UDefFloat1: 3.75, UDefDate1: '06/01/2025' } })).UpdateUserDefinedFieldsSResult!;
  assert.equal(r.ResultCode, 0);
  let info = (await c.infoCheckS({ XS: { LicenseID: lic.LicenseID, Password: lic.ActivationPassword } })).InfoCheckSResult!;
  assert.equal(info.UDefChar1, 'Seat A');
  assert.equal(info.UDefNum1, 42);
  assert.equal(info.UDefFloat1, 3.75);
  assert.equal(info.UDefDate1, '2025-06-01T00:00:00');
  const viaApi = (await c12.updateUserDefinedFieldsS({ XS: { ...api(), LicenseID: lic.LicenseID, UDefChar2: 'Plant 7' } })).UpdateUserDefinedFieldsSResult!;
  assert.equal(viaApi.ResultCode, 0);
  info = (await c.infoCheckS({ XS: { LicenseID: lic.LicenseID, Password: lic.ActivationPassword } })).InfoCheckSResult!;
  assert.equal(info.UDefChar1, undefined, 'omitted → NULL → absent');
  assert.equal(info.UDefChar2, 'Plant 7');
  const code = async (x: T.UpdateUserDefinedFieldsDocument) => (await c.updateUserDefinedFieldsS({ XS: x })).UpdateUserDefinedFieldsSResult!.ResultCode;
  assert.equal(await code({ LicenseID: lic.LicenseID, Password: 'wrong', UDefChar1: 'x' }), 100);
  const ro = await newLicense({ ProdOptionID: 98770 });
  assert.equal(await code({ LicenseID: ro.LicenseID, Password: ro.ActivationPassword, UDefChar1: 'x' }), 100, 'UDF not writable by password');
  assert.equal(await code({ ...api(), LicenseID: ro.LicenseID, UDefChar1: 'x' }), 0, 'API credentials may write');
  assert.equal(await code({ ...api(), UserPassword: 'bad', LicenseID: ro.LicenseID }), 100);
  assert.equal(await code({ ...api(), LicenseID: srv.demo.solo.other.licenseId }), 100);
});

test('License custom data: XML written by UpdateLicenseCustomData is read by GetLicenseCustomData; -1 and 1 codes', async () => {
  const lic = await newLicense();
  const doc = { local: 'Entitlements', ns: '', prefix: '', attrs: { version: '2' }, children: [{ local: 'Seats', ns: '', prefix: '', attrs: {}, children: [], text: '5', pos: 0, scope: {} as never }], text: '', pos: 0, scope: {} as never };
  const up = await c.updateLicenseCustomDataS({ XS: { ...api(), LicenseID: lic.LicenseID, LicenseCustomData: { $any: [doc as never] }, Format: 'XML' } });
  assert.deepEqual(up.UpdateLicenseCustomDataSResult, { GetLicenseCustomData: { ResultCode: 0 } });
  const got = (await c12.getLicenseCustomDataS({ XS: { ...api(), LicenseID: lic.LicenseID } })).GetLicenseCustomDataSResult!;
  assert.equal(got.ResultCode, 0);
  const el = got.LicenseCustomData!.$any![0]!;
  assert.equal(el.local, 'Entitlements');
  assert.equal(el.attrs.version, '2');
  assert.equal(el.children[0]!.text, '5');
  const bad = await c12.updateLicenseCustomDataS({ XS: { ...api(), LicenseID: lic.LicenseID, Format: 'XML' } });
  assert.deepEqual(bad.UpdateLicenseCustomDataSResult, { GetLicenseCustomData: { ResultCode: 1 } });
  const wrong = await c.getLicenseCustomDataS({ XS: { ...api(), UserPassword: 'x', LicenseID: lic.LicenseID } });
  assert.equal(wrong.GetLicenseCustomDataSResult!.ResultCode, -1);
  const other = await c.getLicenseCustomDataS({ XS: { ...api(), LicenseID: srv.demo.solo.other.licenseId } });
  assert.equal(other.GetLicenseCustomDataSResult!.ResultCode, -1);
  const ro = await c.updateLicenseCustomDataS({ XS: { AuthorID: srv.demo.solo.authorId, UserID: srv.demo.solo.readOnlyUserId, UserPassword: srv.demo.solo.readOnlyPassword, LicenseID: lic.LicenseID } });
  assert.deepEqual(ro.UpdateLicenseCustomDataSResult, { GetLicenseCustomData: { ResultCode: -1 } });
  const cleared = await c.updateLicenseCustomDataS({ XS: { ...api(), LicenseID: lic.LicenseID } });
  assert.deepEqual(cleared.UpdateLicenseCustomDataSResult, { GetLicenseCustomData: { ResultCode: 0 } });
  assert.deepEqual((await c.getLicenseCustomDataS({ XS: { ...api(), LicenseID: lic.LicenseID } })).GetLicenseCustomDataSResult!.LicenseCustomData, {});
});

test('License custom data: plain text (no Format) is kept and read back as text', async () => {
  const lic = await newLicense();
  const text = 'seats=5; tier <gold> & more';
  const up = await c.updateLicenseCustomDataS({ XS: { ...api(), LicenseID: lic.LicenseID, LicenseCustomData: { $value: text } } });
  assert.deepEqual(up.UpdateLicenseCustomDataSResult, { GetLicenseCustomData: { ResultCode: 0 } });
  for (const client of [c, c12]) {
    const got = (await client.getLicenseCustomDataS({ XS: { ...api(), LicenseID: lic.LicenseID } })).GetLicenseCustomDataSResult!;
    assert.deepEqual(got, { ResultCode: 0, LicenseCustomData: { $value: text } });
  }
});

test('wrong credentials answer identically for existing and unknown licenses (no ID oracle)', async () => {
  const bad = { AuthorID: srv.demo.solo.authorId, UserID: srv.demo.solo.userId, UserPassword: 'wrong' };
  const a = await c.getLicenseCustomDataS({ XS: { ...bad, LicenseID: srv.demo.solo.licenseId } });
  const b = await c.getLicenseCustomDataS({ XS: { ...bad, LicenseID: 99999999 } });
  assert.deepEqual(a, b);
  const x = await c.updateActivationFields({ XS: { ...bad, LicenseID: srv.demo.solo.licenseId, ActivationsLeft: 1 } });
  const y = await c.updateActivationFields({ XS: { ...bad, LicenseID: 99999999, ActivationsLeft: 1 } });
  assert.deepEqual(x, y);
});

test('N parallel ActivationsIncrement calls add exactly N', async () => {
  const lic = await newLicense({ ActivationCount: 0 });
  const n = 40;
  const codes = await Promise.all(
    Array.from({ length: n }, () => c.updateActivationFields({ XS: { ...api(), LicenseID: lic.LicenseID!, ActivationsIncrement: 1 } }).then((r) => r.UpdateActivationFieldsResult!.ResultCode)),
  );
  assert.deepEqual(new Set(codes), new Set([0]));
  const info = (await c.infoCheckS({ XS: { LicenseID: lic.LicenseID } })).InfoCheckSResult!;
  assert.equal(info.RemainingActivations, n);
});

test('X (XmlDocument) variants through the generated clients reach the same handlers', async () => {
  const a = (await c.add({ X: addInput() })).AddResult!;
  assert.equal(a.ResultCode, 0);
  const info = (await c12.infoCheck({ X: { LicenseID: a.LicenseID, Password: a.ActivationPassword } })).InfoCheckResult!;
  assert.equal(info.ResultCode, 0);
  assert.equal(info.CustomerID, 445567);
  assert.equal((await c.updateCheck({ X: { LicenseID: 99999999 } })).UpdateCheckResult!.ResultCode, 100);
  assert.equal((await c.validateLicenseRegistration({ X: { LicenseID: a.LicenseID, Password: a.ActivationPassword! } })).ValidateLicenseRegistrationResult!.ResultCode, 300);
  assert.equal((await c.register({ X: { LicenseID: a.LicenseID, Password: a.ActivationPassword!, City: 'Oslo' } })).RegisterResult!.ResultCode, 0);
  assert.equal((await c.updateRegistration({ X: { LicenseID: a.LicenseID, Password: 'bad' } })).UpdateRegistrationResult!.ResultCode, 100);
  assert.equal((await c.updateUserDefinedFields({ X: { LicenseID: a.LicenseID, Password: a.ActivationPassword, UDefNum2: -3 } })).UpdateUserDefinedFieldsResult!.ResultCode, 0);
  assert.deepEqual((await c.updateLicenseCustomData({ X: { ...api(), LicenseID: a.LicenseID } })).UpdateLicenseCustomDataResult, { GetLicenseCustomData: { ResultCode: 0 } });
  assert.equal((await c.getLicenseCustomData({ X: { ...api(), UserPassword: 'no', LicenseID: a.LicenseID } })).GetLicenseCustomDataResult!.ResultCode, -1);
});

/** POSTs a SOAP 1.1 request whose inner `XS` document is `xs` verbatim (escaped into the string), and reads the result document's ResultCode. */
async function rawS(operation: string, xs: string): Promise<{ status: number; text: string; code: number | undefined }> {
  const escaped = xs.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><${operation} xmlns="http://www.softwarekey.com/solo/webservices/"><XS>${escaped}</XS></${operation}></soap:Body></soap:Envelope>`;
  const r = await fetch(`${srv.base}/solo/webservices/XmlLicenseService.asmx`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"http://www.softwarekey.com/solo/webservices/${operation}"` }, body });
  const text = await r.text();
  const m = /(?:&lt;|<)ResultCode(?:&gt;|>)(-?\d+)/.exec(text);
  return { status: r.status, text, code: m ? Number(m[1]) : undefined };
}

test('a malformed input document answers -2 "Invalid XML Document" in-band (the seed\'s code), not a fault', async () => {
  for (const op of ['AddS', 'InfoCheckS', 'UpdateCheckS', 'ValidateLicenseRegistrationS', 'RegisterS', 'UpdateRegistrationS', 'UpdateActivationFields', 'UpdateUserDefinedFieldsS', 'GetLicenseCustomDataS', 'UpdateLicenseCustomDataS']) {
    const r = await rawS(op, '<NotClosed><AuthorID>1</AuthorID>');
    assert.equal(r.status, 200, `${op}: ${r.text.slice(0, 300)}`);
    assert.equal(r.code, -2, `${op}: ${r.text.slice(0, 300)}`);
  }
});

test('UpdateActivationFields: a field with an invalid value answers 50; Add: an invalid expiration date answers 8', async () => {
  const { authorId, userId, userPassword } = srv.demo.solo;
  const r = await rawS('UpdateActivationFields', `<UpdateActivationFields><AuthorID>${authorId}</AuthorID><UserID>${userId}</UserID><UserPassword>${userPassword}</UserPassword><LicenseID>1</LicenseID><ActivationsIncrement>lots</ActivationsIncrement></UpdateActivationFields>`);
  assert.equal(r.code, 50, r.text.slice(0, 400));
  const a = await rawS('AddS', `<LicenseAdd><AuthorID>${authorId}</AuthorID><UserID>${userId}</UserID><UserPassword>${userPassword}</UserPassword><ProdOptionID>98765</ProdOptionID><Expiration>not a date</Expiration></LicenseAdd>`);
  assert.equal(a.status, 200, a.text.slice(0, 300));
  assert.equal(a.code, 8, `AddS with a bad Expiration: ${a.text.slice(0, 400)}`);
});

test('the seed\'s templates, every optional element present and blank, are accepted (cg:emptyIsAbsent: blank means default)', async () => {
  const { authorId, userId, userPassword } = srv.demo.solo;
  const blanks = ['Expiration', 'LicenseCounter', 'Version', 'LicenseUpdate', 'Notes', 'DistributorID', 'IsTestLicense'].map((e) => `<${e}></${e}>`).join('\n');
  const doc = `<LicenseAdd>\n<AuthorID>${authorId}</AuthorID>\n<UserID>${userId}</UserID>\n<UserPassword>${userPassword}</UserPassword>\n<ProdOptionID>98765</ProdOptionID>\n<Quantity>1</Quantity>\n<UnitPrice>99.50</UnitPrice>\n<ActivationCount>3</ActivationCount>\n<DeactivationCount>1</DeactivationCount>\n<CustomerID>445567</CustomerID>\n<LicenseeEmail>lic@example.com</LicenseeEmail>\n<LicenseeName>Lic Ensee</LicenseeName>\n${blanks}\n</LicenseAdd>`;
  const r = await rawS('AddS', doc);
  assert.equal(r.code, 0, r.text.slice(0, 400));
  const check = await rawS('UpdateCheckS', `<LicenseUpdateCheck><LicenseID></LicenseID><Password></Password><ProductID>${srv.demo.solo.productId}</ProductID><ProductName></ProductName><Version>1.0.0.0</Version><VerifyDaysToDL></VerifyDaysToDL><LanguageCode></LanguageCode></LicenseUpdateCheck>`);
  assert.equal(check.code, 0, check.text.slice(0, 400));
});

test('versionLong: one value per version (minor, build and revision up to 99999), ordered as the versions are', () => {
  assert.equal(versionLong('99999.99999.99999.99999'), undefined, 'does not fit an xs:long');
  assert.equal(versionLong('9223.37203.68547.75807'), '9223372036854775807', 'the largest xs:long');
  assert.equal(versionLong('9224.0.0.0'), undefined);
  assert.equal(versionLong('1.65536.0.0'), '1655360000000000');
  assert.notEqual(versionLong('1.65535.0.0'), versionLong('1.65536.0.0'));
  const sorted = ['1.2.3.4', '1.2.3.40', '1.2.30.4', '1.20.3.4', '10.2.3.4', '9223.0.0.0'];
  const longs = sorted.map((v) => BigInt(versionLong(v)!));
  assert.deepEqual([...longs].sort((a, b) => (a < b ? -1 : 1)), longs);
});

test('Add returns an existing customer password only with View Password permission or when the customer did not choose it', async () => {
  // A clerk who may add licenses but not view passwords (the demo data has none: add one to this store).
  const db = new Database(path.join(srv.dataDir, 'contract-gen.sqlite'));
  db.pragma('busy_timeout = 5000');
  db.prepare('INSERT INTO solo_users (author_id, user_id, password_hash, can_add, can_edit, can_view_password) VALUES (?, ?, ?, 1, 0, 0)')
    .run(srv.demo.solo.authorId, 'clerk', hashSecretSync('clerk-pass'));
  const customer = 445599;
  db.prepare('INSERT INTO solo_customers (id, author_id, company) VALUES (?, ?, ?)').run(customer, srv.demo.solo.authorId, 'Password Co');
  db.close();
  const clerk = { UserID: 'clerk', UserPassword: 'clerk-pass' };

  const first = await newLicense({ CustomerID: customer });
  assert.match(first.Password!, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'generated for a customer without one');
  assert.equal((await newLicense({ CustomerID: customer })).Password, first.Password, 'View Password permission');
  assert.equal((await newLicense({ CustomerID: customer, ...clerk })).Password, first.Password, 'not chosen by the customer');

  // The customer chooses a password (Register with the customer password and NewPassword): only the permitted user sees it.
  const lic = await newLicense({ CustomerID: customer });
  const reg = (await c.registerS({ XS: { LicenseID: lic.LicenseID, Password: first.Password!, NewPassword: 'Chosen-By-Me', Company: 'Password Co' } })).RegisterSResult!;
  assert.equal(reg.ResultCode, 0);
  assert.equal((await newLicense({ CustomerID: customer })).Password, 'Chosen-By-Me');
  const byClerk = await newLicense({ CustomerID: customer, ...clerk });
  assert.equal(byClerk.Password, undefined, 'chosen by the customer, no View Password permission');
});
