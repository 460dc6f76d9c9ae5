/** Independent client: python3-zeep loads each WSDL from the server and calls every SOAP operation with the seed examples. */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import path from 'node:path';
import { python, ROOT } from '../support/external.ts';
import { startServer, type RunningServer } from './harness.ts';
import fs from 'node:fs';

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(() => srv.stop());

test('zeep: GenoPro, X-Formation and every SOLO X/XS method with the seed example payloads', () => {
  const script = fs.readFileSync(path.join(ROOT, 'test/server/zeep_calls.py'), 'utf8');
  const r = python(script, [srv.base, path.join(ROOT, 'specs/examples')]);
  assert.ok(r.ok, r.output);
  const out = JSON.parse(r.output.trim().split('\n').pop()!) as Record<string, Record<string, unknown>>;
  assert.equal(out['genopro.Purchase']!.ErrorName, 'Ok');
  assert.ok(out['genopro.Purchase']!.Key);
  assert.equal(out['genopro.Purchase.soap12']!.ErrorName, 'Ok');
  assert.equal(out['genopro.Purchase.declined']!.ErrorName, 'ErrCreditCardDecline');
  assert.equal(out['xformation.UpdateLicenseOrder']!.result_code, 0, JSON.stringify(out['xformation.UpdateLicenseOrder']));
  assert.equal(out['xformation.UpdateLicenseOrder.badToken']!.result_code, 1);
  const expected: Record<string, number> = {
    Add: 0, AddS: 0, InfoCheck: 0, InfoCheckS: 0, UpdateCheck: 0, UpdateCheckS: 0,
    // The seed license starts unregistered: Register succeeds once, then answers 300.
    Register: 0, RegisterS: 300, ValidateLicenseRegistration: 0, ValidateLicenseRegistrationS: 0,
    UpdateRegistration: 0, UpdateRegistrationS: 0, UpdateUserDefinedFields: 0, UpdateUserDefinedFieldsS: 0,
    UpdateLicenseCustomData: 0, UpdateLicenseCustomDataS: 0, GetLicenseCustomData: 0, GetLicenseCustomDataS: 0,
    UpdateActivationFields: 0, 'UpdateUserDefinedFields.api': 0,
  };
  for (const [op, code] of Object.entries(expected)) {
    assert.deepEqual(out[`solo.${op}`], { ResultCode: code }, `solo.${op}`);
  }
});
