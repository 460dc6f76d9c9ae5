/** Independent client: python3-zeep calls every Zentitle SOAP method of the server with the seed's Auth and Data documents. */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { python, ROOT } from '../support/external.ts';
import { startServer, type RunningServer } from './harness.ts';

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(() => srv.stop());

/** What each seed example answers against the demo data (which the seed examples were turned into). */
const EXPECTED: Record<string, RegExp> = {
  GetLicenseCode: /^<licensecode[ >][\s\S]*<licensecode>200100001817930859<\/licensecode>/,
  GetCompanyLicenseCodes: /^<data[ >][\s\S]*<licensedetails>/,
  GetProduct: /^<product[ >][\s\S]*<productid>1234567890<\/productid>/,
  GetProducts: /^<product[ >][\s\S]*<\/product><product[ >]/,
  GetShaferProfile: /^<profile[ >][\s\S]*<profilename>Test-PC<\/profilename>/,
  AllocateImportCodes: /^OK$/,
  CreatePassiveLicense: /^[0-9a-f]{256}$/,
  CreateNetworkMasterLicense: /^[1-9][0-9]{17}$/,
  GetLicenseCodeActivity: /^<licensecode[ >][\s\S]*<activity>/,
  GetNextLicenseCode: /^[0-9]{18},[0-9]{18}$/,
  GetOfflineActivation: /^[0-9a-f]{320}$/,
  GetSystemDetails: /^<data[ >][\s\S]*<computername>Work_DESKTOP<\/computername>/,
  GetConsumerData: /^<clientinfo[ >][\s\S]*<firstname>Luther<\/firstname>/,
  GetShaferCompanyInfo: /^<data[ >][\s\S]*<company>My Company<\/company>/,
  CreateShaferCompanyDetails: /^[0-9]+$/,
  GetLicenseCodesForShaferCompany: /^318300000290557166,123456789012345678$/,
  GetAllActivatedLicenseCodes: /^<data[ >][\s\S]*<LicenseCode>/,
  GetShaferCompanyID: /^<data[ >][\s\S]*<ShaferCompanyID>8<\/ShaferCompanyID>/,
  GetShaferCompanyIDsandProducts: /^<data[ >][\s\S]*<ShaferCompanyID>6<\/ShaferCompanyID><ProductID>0<\/ProductID>/,
  CreateGroup: /^[0-9]+$/,
  GetGroup: /^<group[ >][\s\S]*<groupid>41<\/groupid>/,
  AddGroupUser: /^<groupuserid[ >][0-9]+<\/groupuserid>$|^<groupuserid xmlns[^>]*>[0-9]+<\/groupuserid>$/,
  GetGroupUser: /^<groupuser[ >][\s\S]*<username>jsmith<\/username>/,
  GetGroupLicenseCode: /^<grouplicense[ >][\s\S]*<groupid>41<\/groupid>/,
  CreateLicenseNote: /^<noteID[ >][\s\S]*[0-9]+<\/noteID>$/,
  UpdateLicenseNote: /^<note[ >][\s\S]*<description>This is my updated note<\/description>/,
};

test('zeep: every Zentitle SOAP method with the seed example documents', () => {
  const script = fs.readFileSync(path.join(ROOT, 'test/server/zentitle_zeep_calls.py'), 'utf8');
  const r = python(script, [srv.base, path.join(ROOT, 'specs/examples')]);
  assert.ok(r.ok, r.output);
  const out = JSON.parse(r.output.trim().split('\n').pop()!) as Record<string, string> & { _operations: string[] };
  assert.equal(out._operations.length, 48, 'zeep sees 48 operations in the served WSDL');
  const methods = out._operations;
  for (const m of methods) {
    assert.ok(m in out, `${m} was called`);
    const expected = EXPECTED[m] ?? /^OK$/;
    assert.match(out[m]!, expected, `${m}: ${out[m]}`);
  }
  assert.equal(out['GetProducts.wrongPassword'], 'FAULT: Invalid web services credentials');
  // A result that is a document or a message (cg:documentOrText) is still a plain xsd:string to zeep.
  assert.equal(out['GetShaferCompanyInfo.unknownCompany'], 'Error: Invalid CompanyID');
  assert.match(out['GetCompanyLicenseCodes.count']!, /^[0-9]+$/);
});
