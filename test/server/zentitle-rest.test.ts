/** Zentitle REST Web API: every operation through the generated client (success + documented failure), key types, isolation. */
import { test, beforeAll, afterAll } from 'vitest';
import assert from 'node:assert/strict';
import { ZentitleRestClient, ApiError } from '../../generated/zentitle-rest/client.js';
import type * as T from '../../generated/zentitle-rest/types.js';
import { startServer, type RunningServer } from './harness.ts';

let srv: RunningServer;
let api: ZentitleRestClient;
const clientFor = (customerID: string, APIKey: string) => new ZentitleRestClient({ baseUrl: srv.base, credentials: { zentitleKey: { customerID, APIKey } } });
beforeAll(async () => {
  srv = await startServer();
  api = clientFor('1234', srv.demo.zentitle.keys['READ-WRITE']);
});
afterAll(() => srv.stop());

/** Status and body of a refused call. */
async function refused(p: Promise<unknown>): Promise<[number, unknown]> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e));
    return [e.status, e.body];
  }
  assert.fail('expected an error answer');
}

/** JsonObject is generated as Record<string, never> (an object schema without properties); any object is valid on the wire. */
const obj = (o: Record<string, unknown>) => o as unknown as T.JsonObject;
const P0 = '6453300110';
const P1 = '6872450105';

test('LicenseCode: GET (one product / all products), POST allocate + import, PUT; failures', async () => {
  const got = await api.getLicenseCode({ productid: P0, licensecode: '206454320110930859', getsfs: '1', details: '1', getnotes: 1, showfeatures: 'all' });
  assert.equal(got.length, 1);
  assert.equal(got[0]!.productID, P0);
  assert.equal(got[0]!.profilename, 'testingProfile');
  assert.equal(got[0]!.numActivations, 1);
  assert.ok(got[0]!.serverFunctions!.some((s) => s.functionName === 'LTCO'));
  assert.deepEqual(got[0]!.notes, []);
  const across = await api.getLicenseCode({ licensecode: '206454320110930859', showfeatures: 'on' });
  assert.deepEqual(across.map((x) => x.productID).sort(), [P0, P1]);
  assert.ok(across.every((x) => x.features.every((f) => f.featureAvailability === 'ON')));
  assert.deepEqual(await refused(api.getLicenseCode({ productid: P0, licensecode: '111111111111111111', showfeatures: 'all' })), [404, 'Invalid License Code']);
  assert.deepEqual(await refused(api.getLicenseCode({ productid: '1111111111', licensecode: '206454320110930859', showfeatures: 'all' })), [404, 'Invalid ProductID']);

  const alloc = await api.postLicenseCode({ productid: P0, profilename: 'testingProfile', companyid: '17', numcodes: '2', reference: 'LCforProductA' });
  const m = /^License Codes Created Successfully : ([0-9]{18}),([0-9]{18})$/.exec(alloc);
  assert.ok(m, alloc);
  assert.equal(await api.postLicenseCode({ productid: P0, profilename: 'testingProfile', companyid: '10', licensecodes: '123410225741720791,567810225741720792', reference: 'LCforProductB' }), 'OK');
  assert.deepEqual(await refused(api.postLicenseCode({ productid: P0, licensecodes: '123410225741720791' })), [409, "License Code '123410225741720791' already exists"]);
  assert.deepEqual(await refused(api.postLicenseCode({ productid: P0, profilename: 'nope', numcodes: 1 })), [404, 'Invalid ProfileName']);

  const put: T.PutLicenseCodeInput = {
    productid: P0, licensecode: m[1]!, companyid: '17', enabledforuse: 'true', licensetype: 'subscriptionperiod', clientsallowed: '2', clientleaseperiod: '0', vmleaseperiod: '0',
    clientofflineleaseperiod: '1', acquiredbywebservice: 'true', profilename: 'testingProfile', inheritprofile: 'false', concurrentprocesses: '0', concurrencymode: 'network',
    networkseats: '1', heartbeat: '5', subscriptionperiod: '10', maintenanceenddate: 'reset',
    features: [{ featurecode: 'FEAT1', featureavailability: 'on', limit: '10' }, { featurecode: 'EPOOL', featureavailability: 'off' }],
    udfvalues: [{ fieldname: 'TEST2', defaultvalue: 'udf2x' }], notes: [{ type: 'general', description: 'put note' }], serverfunctions: [{ functionname: 'LTCO', enabled: 'on', parametervalue: '10' }],
  };
  assert.equal(await api.putLicenseCode(put), 'License Code Details Updated Successfully');
  const after = (await api.getLicenseCode({ productid: P0, licensecode: m[1]!, getnotes: 1, getsfs: 1, showfeatures: 'all' }))[0]!;
  assert.equal(after.licensetype, 'SubscriptionPeriod');
  assert.equal(after.concurrencyMode, 'Network');
  assert.equal(after.companyID, 17);
  assert.equal(after.acquiredbywebservice, 'True');
  assert.deepEqual(after.features.find((f) => f.featureCode === 'FEAT1'), { featureCode: 'FEAT1', featureAvailability: 'ON', featureType: 'ElementPool', featureDetails: ['ElementLimit : 10', 'ElementCount : 0'] });
  assert.equal(after.udfValues.find((u) => u.fieldName === 'TEST2')!.defaultValue, 'udf2x');
  assert.equal(after.notes![0]!.description, 'put note');
  assert.deepEqual(after.serverFunctions!.find((s) => s.functionName === 'LTCO'), { functionName: 'LTCO', enabled: 'ON', parameterValue: '10' });
  const [hs, hb] = await refused(api.putLicenseCode({ ...put, heartbeat: 2 }));
  assert.equal(hs, 400);
  assert.match(hb as string, /heartbeat/, 'range checked by the stub, answered as the contract\'s bare JSON string');
  const [status] = await refused(api.putLicenseCode({ ...put, licensetype: 'weekly' as never }));
  assert.equal(status, 400, 'enum checked by the stub');
});

test('LicenseCodes: count, page, filters', async () => {
  const count = await api.getLicenseCodes({ productid: P1 });
  assert.equal(typeof count, 'number');
  assert.ok((count as number) >= 7);
  const page = (await api.getLicenseCodes({ pagenumber: '1', pagesize: '2', activated: 'true', getsfs: '1' })) as T.LicenseCodeRecord[];
  assert.equal(page.length, 2);
  assert.ok(page.every((r) => r.numActivations > 0 && r.serverFunctions));
  assert.deepEqual(await refused(api.getLicenseCodes({ productid: '1111111111', pagenumber: 1 })), [404, 'Invalid ProductID']);
});

test('Products: GET all/one, POST, PUT; feature groups, features, UDFs', async () => {
  const all = await api.getProducts();
  assert.ok(all.some((p) => p.productId === P1));
  assert.ok(!all.some((p) => p.productId === srv.demo.zentitle.other.productId));
  const one = await api.getProduct({ productid: P1 });
  assert.equal(one[0]!.productName, 'Product Test 01');
  assert.equal(one[0]!.features.find((f) => f.featureCode === 'FEAT100')!.featureGroup, 'test');
  assert.deepEqual(await refused(api.getProduct({ productid: '1111111111' })), [404, 'Invalid ProductID']);

  const created = await api.postProduct({
    productname: 'APITest 0110', clientleaseperiod: '2', vmleaseperiod: '1', clientOfflineLeaseperiod: '1', clientsallowed: '2', intrial: 'true', trialperiod: '10',
    licensetype: 'subscriptionperiod', subscriptionperiod: 100,
    featuregroups: [{ featuregroupname: 'groupAPI1', notes: 'groupAPI1' }, { featuregroupName: 'groupAPI2' }],
    features: [{ featurecode: 'FEAT1API01', featurename: 'featureAPI1', notes: 'featureAPI1', featuretype: 'normal', featuregroupname: 'groupAPI1', availableintrials: 'true' }],
    udfvalues: [{ fieldname: 'TEST1', defaultvalue: 'udf1' }],
  });
  const pid = /^Product Created Successfully : ([0-9]{10})$/.exec(created)![1]!;
  const np = (await api.getProduct({ productid: pid }))[0]!;
  assert.equal(np.licenseType, 'SubscriptionPeriod');
  assert.equal(np.features[0]!.featureGroup, 'groupAPI1');
  assert.deepEqual(await refused(api.postProduct({ productname: 'Bad', features: [{ featurecode: 'F1', featurename: 'n', notes: '', featuregroupname: 'missing' }] })), [404, "Invalid FeatureGroupName 'missing'"]);

  assert.equal(await api.putProduct({ productId: pid, clientLeasePeriod: '48', trialPeriod: '10', licenseType: 'perpetual' }), 'Product Updated Successfully');
  assert.equal((await api.getProduct({ productid: pid }))[0]!.clientLeasePeriod, 48);
  assert.deepEqual(await refused(api.putProduct({ productId: '1111111111', trialPeriod: 1 })), [404, 'Invalid ProductID']);

  assert.equal(await api.postProductFeatureGroups({ productId: pid, featureGroups: [{ featureGroupName: 'testgroup1', notes: 'test' }, { featureGroupName: 'testgroup2' }] }), 'Product FeatureGroups Created Successfully');
  assert.deepEqual(await refused(api.postProductFeatureGroups({ productId: pid, featureGroups: [{ featureGroupName: 'testgroup1' }] })), [409, "FeatureGroup 'testgroup1' already exists"]);
  assert.equal(await api.putProductFeatureGroups({ productId: pid, featureGroups: [{ featureGroupName: 'testgroup1', newFeatureGroupName: 'group1' }, { featureGroupName: 'testgroup2', notes: 'n' }] }), 'Product FeatureGroups Updated Successfully');
  assert.deepEqual(await refused(api.putProductFeatureGroups({ productId: pid, featureGroups: [{ featureGroupName: 'testgroup1' }] })), [404, "Invalid FeatureGroupName 'testgroup1'"]);
  assert.equal(await api.deleteProductFeatureGroups({ productId: pid, featureGroupName: 'group1' }), 'Product FeatureGroup Deleted Successfully');
  assert.deepEqual(await refused(api.deleteProductFeatureGroups({ productId: pid, featureGroupName: 'group1' })), [404, "Invalid FeatureGroupName 'group1'"]);

  assert.equal(await api.postProductFeatures({ productId: pid, features: [{ featureCode: 'FEAT2API03', featureName: 'featureAPI2', notes: 'featureAPI2', featureType: 'consumptionTokens' }] }), 'Product Features Created Successfully');
  assert.equal((await api.getProduct({ productid: pid }))[0]!.features.find((f) => f.featureCode === 'FEAT2API03')!.featureType, 'ConsumptionToken');
  assert.deepEqual(await refused(api.postProductFeatures({ productId: pid, features: [{ featureCode: 'FEAT2API03', featureName: 'x', notes: '' }] })), [409, "Feature 'FEAT2API03' already exists"]);
  assert.equal(await api.putProductFeatures({ productId: pid, featureGroups: [{ featureCode: 'FEAT1API01', newFeatureCode: 'FEAT101', notes: 'updated', featureGroupName: 'default' }] }), 'Product Features Updated Successfully');
  assert.deepEqual(await refused(api.putProductFeatures({ productId: pid, features: [{ featureCode: 'FEAT1API01' }] })), [404, "Invalid FeatureCode 'FEAT1API01'"]);
  assert.equal(await api.deleteProductFeatures({ productId: pid, featureCode: 'FEAT101' }), 'Product Feature Deleted Successfully');
  assert.deepEqual(await refused(api.deleteProductFeatures({ productId: pid, featureCode: 'FEAT101' })), [404, "Invalid FeatureCode 'FEAT101'"]);

  assert.equal(await api.postProductUDF({ productId: pid, udfValues: [{ fieldName: 'TEST2' }] }), 'Product UDF Created Successfully');
  assert.deepEqual(await refused(api.postProductUDF({ productId: pid, udfValues: [{ fieldName: 'TEST1' }] })), [409, "UDF 'TEST1' already exists"]);
  assert.equal(await api.putProductUDF({ productId: pid, udfValues: [{ fieldName: 'TEST1', defaultValue: 'udf1updated' }, { fieldName: 'TEST2', newFieldName: 'Test3' }] }), 'Product Features Updated Successfully', 'as the seed example answers');
  assert.deepEqual((await api.getProduct({ productid: pid }))[0]!.udfValues, [{ fieldName: 'TEST1', defaultValue: 'udf1updated' }, { fieldName: 'Test3', defaultValue: '' }]);
  assert.deepEqual(await refused(api.putProductUDF({ productId: pid, udfValues: [{ fieldName: 'TEST2' }] })), [404, "Invalid FieldName 'TEST2'"]);
  assert.equal(await api.deleteProductUDF({ productId: pid, fieldName: 'test3' }), 'Product UDF Deleted Successfully');
  assert.deepEqual(await refused(api.deleteProductUDF({ productId: pid, fieldName: 'test3' })), [404, "Invalid FieldName 'test3'"]);
});

test('NextLicenseCode, ActivatedLicenseCodes, LicenseCodeActivity GET/PUT/DELETE', async () => {
  const next = await api.getNextLicenseCode({ productid: P1, amount: '2' });
  assert.equal(next.split(',').length, 2);
  const again = await api.getNextLicenseCode({ productid: P1, amount: '2' });
  assert.ok(!again.split(',').some((c) => next.split(',').includes(c)), 'never the same code twice');
  assert.deepEqual(await refused(api.getNextLicenseCode({ productid: P1, profilename: 'testingProfile' })), [404, 'No unused license codes available']);

  const act = await api.getActivatedLicenseCodes({ computerid: 'BLXRrZJ5T9imK7qPrJSL' });
  assert.deepEqual(act.map((a) => a.licenseCode).sort(), ['206454320110930859', '286901020157066211']);
  assert.deepEqual(await api.getActivatedLicenseCodes({ computerid: 'NoSuchComputer000000' }), []);
  const [st] = await refused(api.getActivatedLicenseCodes({} as never));
  assert.equal(st, 400);

  const one = await api.getLicenseCodeActivity({ productid: P1, licensecode: '286901020157066211', activated: '1', getsysinfo: '1' });
  assert.ok(!Array.isArray(one));
  assert.equal((one as T.ActivityRecord).computerID, 'BLXRrZJ5T9imK7qPrJSL');
  const two = (await api.getLicenseCodeActivity({ productid: P1, licensecode: '206454320110930859', getsysinfo: '1' })) as T.ActivityRecord[];
  assert.equal(two.length, 2);
  assert.equal(two.find((a) => a.computerID === 'kQe0MRH12bYgemkYW2bc')!.systemInfo!.computername, 'Work_Laptop');
  assert.deepEqual(await refused(api.getLicenseCodeActivity({ productid: P1, licensecode: '111111111111111111' })), [404, 'Invalid License Code']);

  assert.equal(await api.deleteLicenseCodeActivity({ productid: P1, licensecode: '206454320110930859', computerid: 'BLXRrZJ5T9imK7qPrJSL' }), 'License Code Activity Deleted Successfully');
  assert.deepEqual(await refused(api.deleteLicenseCodeActivity({ productid: P1, licensecode: '206454320110930859', computerid: 'BLXRrZJ5T9imK7qPrJSL' })), [404, 'No activity found for this License Code and ComputerID']);
  assert.equal(await api.putLicenseCodeActivity({ productid: P1, licensecode: '206454320110930859' }), '1 Activation(s) Set To Returned Successfully');
  assert.deepEqual(await refused(api.putLicenseCodeActivity({ productid: P1, licensecode: '206454320110930859' })), [404, 'No activations found for this License Code']);
});

test('PassiveLicense', async () => {
  const passive = await api.postPassiveLicense({ productid: P1, clientid: '3487abcdefgh12345', profilename: 'testingProfile', companyid: 4, features: [{ featurecode: 'FEAT1' }, { featurecode: 'FEAT2' }], udfValues: [{ fieldname: 'TESTUDF', defaultvalue: 'v' }] });
  assert.match(passive, /^Passive License Created Successfully\.\n[0-9a-f]{256}$/);
  assert.deepEqual(await refused(api.postPassiveLicense({ productid: P1, clientid: '3487abcdefgh12345', companyid: 9001 })), [404, 'Invalid CompanyID'], "another customer's company");
  assert.deepEqual(await refused(api.postPassiveLicense({ productid: P1, clientid: '3487abcdefgh12345', features: [{ featurecode: 'NOPE' }] })), [400, "Invalid FeatureCode 'NOPE'"]);
});

test('NetworkMasterLicense and OfflineActivation', async () => {
  const master = await api.postNetworkMasterLicense({ productid: P1, companyid: '4' });
  assert.match(master, /^[0-9]{18}$/);
  assert.equal((await api.getLicenseCode({ productid: P1, licensecode: master, showfeatures: 'all' }))[0]!.concurrencyMode, 'Network');
  assert.deepEqual(await refused(api.postNetworkMasterLicense({ productid: P1, companyid: '9001' })), [404, 'Invalid CompanyID']);
  const req = 'd0801330b069c8412918609af803a1d8d1f2e8d66237ea7c8bb313828ff2f37f' + '6b17262459281ef2787484d734f647cf8b5e01457a9c2061ac9b157346ba0717';
  const cert = await api.getOfflineActivation({ productid: P1, activationcertificate: req });
  assert.match(cert, /^[0-9a-f]{320}$/);
  assert.deepEqual(await refused(api.getOfflineActivation({ productid: P1, activationcertificate: 'zz' })), [400, 'Invalid activation certificate']);
  assert.equal(await api.deleteOfflineActivation({ productid: P1, deactivationcertificate: req.slice(0, 64) + 'ab'.repeat(40) }), 'OK');
  assert.deepEqual(await refused(api.deleteOfflineActivation({ productid: P1, deactivationcertificate: req })), [404, 'No offline activation found for this deactivation certificate']);
});

test('Profiles: GET one/all, POST, PUT', async () => {
  const p = await api.getProfile({ productid: P0, profilename: 'TestProfile', getsfs: '1' });
  assert.equal(p[0]!.clientsallowed, 2);
  assert.ok(p[0]!.serverFunctions);
  assert.deepEqual(await refused(api.getProfile({ productid: P0, profilename: 'nope' })), [404, 'Invalid ProfileName']);
  assert.equal(await api.postProfile({
    productid: P0, profilename: 'Test Profile', enabledforuse: 'true', licensetype: 'Perpetual', clientsallowed: '2', clientleaseperiod: '0', vmleaseperiod: '0',
    clientofflineleaseperiod: '1', acquiredbywebservice: 'true', concurrentprocesses: '0', concurrencymode: 'network', networkseats: '1', heartbeat: '5', reseller: 'reseller12',
    subscriptionperiod: '0', maintenanceenddate: '2020-10-10T00:12:00', features: [{ featurecode: 'FEAT1', featureavailability: 'on', limit: '10' }, { featurecode: 'EPOOL', featureavailability: 'on', limit: '15' }],
  }), 'Profile Created Successfully');
  assert.deepEqual(await refused(api.postProfile({ productid: P0, profilename: 'Test Profile' })), [409, 'Profile already exists']);
  assert.equal(await api.putProfile({ productid: P0, profilename: 'Test Profile', newprofilename: 'New Profile', licensetype: 'Perpetual', concurrentprocesses: '10', concurrencymode: 'cloud', features: [{ featurecode: 'EPOOL', featureavailability: 'off' }], udfvalues: [{ fieldname: 'TEST2', defaultvalue: 'udf2' }], serverfunctions: [{ functionname: 'LTCO', enabled: 'on', parametervalue: '10' }] }), 'Profile Updated Successfully');
  const np = (await api.getProfile({ productid: P0, profilename: 'New Profile' }))[0]!;
  assert.equal(np.concurrencyMode, 'Cloud');
  assert.equal(np.maintenanceEnddate, '2020-10-10T00:12:00.000');
  assert.equal(np.features.find((f) => f.featureCode === 'EPOOL')!.featureAvailability, 'OFF');
  assert.deepEqual(await refused(api.putProfile({ productid: P0, profilename: 'Test Profile' })), [404, 'Invalid ProfileName']);
  assert.equal(await api.getProfiles({}), 9);
  const page = (await api.getProfiles({ pageNumber: '1', pageSize: '1', getSfs: '1' })) as T.ProfileRecord[];
  assert.equal(page.length, 1);
  assert.ok(page[0]!.serverFunctions);
  assert.deepEqual(await refused(api.getProfiles({ productId: '1111111111', pageNumber: 1 })), [404, 'Invalid ProductID']);
});

test('ConsumerData, Trial(s), SystemDetails', async () => {
  assert.equal(await api.postConsumerData({ productid: P1, computerID: 'BLXRrZJJEei4K7qPrJSL', licenseCode: '3274861020157066211', clientInfo: obj({ firstname: 'Kevin', lastname: 'Andrew', company: 'SuperStyle LLC', email: 'kevin@supersytle.com' }) }), 'Consumer Data Created Successfully');
  assert.deepEqual(await refused(api.postConsumerData({ productid: P1, computerID: 'BLXRrZJJEei4K7qPrJSL', licenseCode: '111', clientInfo: obj({ a: 'b' }) })), [404, 'Invalid License Code']);
  const recs = (await api.getConsumerData({ productid: P1, type: 'activations', pagenumber: '1', pagesize: '10' })) as T.ConsumerRecord[];
  assert.ok(recs.some((r) => r.firstName === 'Kevin' && JSON.parse(r.clientInfo).company === 'SuperStyle LLC'));
  assert.equal(await api.getConsumerData({ productid: P1, type: 'trials' }), 0);
  assert.deepEqual(await refused(api.getConsumerData({ productid: '1111111111', type: 'all' })), [404, 'Invalid ProductID']);

  assert.equal(await api.getTrial({ productid: P1, computerid: 'BLXRrZJ5T9imK7qPrJSL' }), 'In Trial');
  assert.equal(await api.getTrial({ productid: P1, computerid: 'MauY67890Gh34567890' }), 'Trial Activated');
  assert.equal(await api.getTrial({ productid: P1, computerid: 'NoTrial' }), 'Trial Does Not Exist');
  assert.deepEqual(await refused(api.getTrial({ productid: '1111111111', computerid: 'x' })), [404, 'Invalid ProductID']);
  assert.equal(await api.deleteTrial({ productid: P1, computerid: 'BLXRrZJ5T9imK7qPrJSL' }), 'Trial Deleted Successfully');
  assert.deepEqual(await refused(api.deleteTrial({ productid: P1, computerid: 'BLXRrZJ5T9imK7qPrJSL' })), [404, 'Trial does not exist']);
  const trials = (await api.getTrials({ pageNumber: '1', pageSize: '10', converted: 'true' })) as T.TrialRecord[];
  assert.ok(trials.length >= 2 && trials.every((t) => t.converted === 'true' && t.licenseCode));
  assert.equal(typeof (await api.getTrials({})), 'number');
  const [badStatus] = await refused(api.getTrials({ expiresAfter: 'yesterday' }));
  assert.equal(badStatus, 400);

  const s = await api.getSystemDetails({ productid: P1, computerid: 'kQe0MRH12bYgemkYW2bc' });
  assert.equal(s.computername, 'Work_Laptop');
  assert.deepEqual(await refused(api.getSystemDetails({ productid: P1, computerid: 'nothing' })), [404, 'No system details found for this ComputerID']);
});

test('Companies: GET, POST, PUT, DELETE, CompanyID, CompaniesProducts', async () => {
  const c2 = await api.getCompany({ companyid: '2' });
  assert.equal(c2.company, 'MyCompany LLC');
  assert.equal(c2.firstName, 'Eva');
  assert.equal(JSON.parse(c2.companyData).country, 'UK');
  assert.deepEqual(await refused(api.getCompany({ companyid: '9001' })), [404, 'Invalid CompanyID']);
  const created = await api.postCompany({ company: 'SuperStyle LLC 2', productid: P1, companydata: obj({ firstname: 'Kevin', email: 'kevin@supersytle.com' }), search1: 'refernce 1' });
  const id = /^Company Created Successfully : ([0-9]+)$/.exec(created)![1]!;
  assert.deepEqual(await refused(api.postCompany({ company: 'X', productid: '1111111111' })), [404, 'Invalid ProductID']);
  assert.equal(await api.putCompany({ companyid: id, productid: P1, company: 'SuperStyle Retail LLC', search2: 'refernce 2' }), 'Company Updated Successfully');
  assert.equal((await api.getCompany({ companyid: id })).company, 'SuperStyle Retail LLC');
  assert.deepEqual(await refused(api.putCompany({ companyid: '9001', productid: P1, company: 'x' })), [404, 'Invalid CompanyID']);
  const cid = await api.getCompanyID({ company: 'My Company', productid: P1 });
  assert.deepEqual(cid, { companyID: '4', company: 'My Company', productID: P1, productName: 'Product Test 01' });
  assert.deepEqual(await refused(api.getCompanyID({ company: 'Nobody' })), [404, 'Invalid Company name']);
  const all = await api.getCompaniesProducts();
  assert.ok(all.some((x) => x.companyID === '5' && x.productID === '0'));
  assert.ok(!all.some((x) => x.companyID === '9001'));
  assert.equal(await api.deleteCompany({ companyid: '5' }), 'Company Deleted Successfully');
  assert.deepEqual(await refused(api.deleteCompany({ companyid: '5' })), [404, 'Invalid CompanyID']);
});

test('Groups, group users, passwords, group license codes, GroupUserLicense, AuthenticateUser', async () => {
  const g = await api.getGroup({ groupid: '9' });
  assert.equal(g.groupName, 'Test Group');
  assert.equal(g.type, 'Master');
  assert.deepEqual(g.subGroups.map((s) => s.groupID), [7, 41]);
  assert.ok(g.groupUsers.some((u) => u.userName === 'testgroupuser7'));
  assert.deepEqual(await refused(api.getGroup({ groupid: '90' })), [404, 'Invalid Group']);
  const created = await api.postGroup({ groupname: 'NewGroup17', type: 'standard', description: 'NewGroup17 Created to test', companyid: '2' });
  const gid = /^Group Created Successfully : ([0-9]+)$/.exec(created)![1]!;
  assert.deepEqual(await refused(api.postGroup({ groupname: 'NewGroup17', type: 'standard' })), [409, 'Group name already exists']);
  assert.equal(await api.putGroup({ groupid: '12', type: 'master', description: 'NewGroup17 updated to master group' }), 'Group Updated Successfully');
  assert.equal((await api.getGroup({ groupname: 'NewGroup12' })).type, 'Master');
  assert.deepEqual(await refused(api.putGroup({ groupid: '90', description: 'x' })), [404, 'Invalid Group']);
  assert.equal(await api.deleteGroup({ groupid: '10' }), 'Group Deleted Successfully');
  assert.deepEqual(await refused(api.deleteGroup({ groupid: '10' })), [404, 'Invalid Group']);

  const added = await api.postGroupUser({ groupid: gid, username: 'testuser31', password: 'testuserpassword', firstname: 'John', email: 'john@test31.com', additionaldata: obj({ EUPMaster: 'true' }) });
  const uid = /^Group User Created Successfully : ([0-9]+)$/.exec(added)![1]!;
  assert.deepEqual(await refused(api.postGroupUser({ groupid: gid, username: 'testuser31', password: 'xxxxxxxx' })), [409, 'UserName already exists']);
  const u = await api.getGroupUser({ groupuserid: uid });
  assert.deepEqual([u.userName, u.groupID, JSON.parse(u.additionalData).EUPMaster], ['testuser31', Number(gid), 'true']);
  assert.deepEqual(await refused(api.getGroupUser({ username: 'otheruser' })), [404, 'Invalid Group User']);
  assert.equal(await api.putGroupUser({ groupuserid: '7', groupid: '9', username: 'test32', firstname: 'John', lastname: 'Smith', additionaldata: obj({ EUPMaster: 'true' }) }), 'Group User Updated Successfully');
  assert.equal((await api.getGroupUser({ username: 'test32' })).groupUserID, 7);
  assert.deepEqual(await refused(api.putGroupUser({ groupuserid: '7', groupid: '90' })), [404, 'Invalid Group']);
  assert.equal(await api.putGroupUserPassword({ username: 'testuser21', password: 'test21PassWordNew' }), 'Group User Password Updated Successfully');
  assert.deepEqual(await refused(api.putGroupUserPassword({ username: 'nobody', password: 'abcdefg' })), [404, 'Invalid Group User']);
  assert.equal(await api.getAuthenticateUser({ username: 'testuser21', password: 'test21PassWordNew' }), 'User Authenticated Successfully');
  assert.deepEqual(await refused(api.getAuthenticateUser({ username: 'testuser21', password: 'test21PassWord' })), [400, 'Invalid username or password']);
  assert.equal(await api.deleteGroupUser({ groupuserid: '10' }), 'Group User Deleted Successfully');
  assert.deepEqual(await refused(api.deleteGroupUser({ groupuserid: '10' })), [404, 'Invalid Group User']);

  const gl = await api.getGroupLicenseCode({ productid: P1, licensecode: '27835001310249256' });
  assert.equal(gl.groupID, 7);
  assert.deepEqual(await refused(api.getGroupLicenseCode({ productid: P1, licensecode: '286901020157066211' })), [404, 'License Code is not assigned to a group']);
  assert.equal(await api.deleteGroupLicenseCode({ groupid: '7', productid: P1, licensecode: '27835001310249256' }), 'Group License Code Deleted Successfully');
  assert.deepEqual(await refused(api.deleteGroupLicenseCode({ groupid: '7', productid: P1, licensecode: '27835001310249256' })), [404, 'License Code is not assigned to this group']);
  assert.equal(await api.postGroupLicenseCode({ groupid: '7', productid: P1, licensecode: '27835001310249256', companyid: '2' }), 'Group License Code Created Successfully');
  assert.equal(await api.postGroupLicenseCode({ groupid: '7', productid: P1, licensecode: '27835001310249256', companyid: '3' }), 'Group License Code Created Successfully', 'the same group again');
  assert.deepEqual(await refused(api.postGroupLicenseCode({ groupid: '9', productid: P1, licensecode: '27835001310249256' })), [409, 'License Code is already assigned to another group']);

  assert.equal(await api.postGroupUserLicense({ groupName: 'NewGroup1', userName: 'testuser1', password: 'test1Password', productid: P1, licensecode: '286901020157066211', firstname: 'John', lastname: 'Smith', additionaldata: obj({ EUPMaster: 'true' }) }), 'Group User License Created Successfully');
  assert.equal((await api.getGroupLicenseCode({ productid: P1, licensecode: '286901020157066211' })).groupID, (await api.getGroup({ groupname: 'NewGroup1' })).groupID);
  assert.deepEqual(await refused(api.postGroupUserLicense({ groupName: 'NewGroup2', userName: 'testuser2', password: 'test1Password', productid: P1, licensecode: '286901020157066211' })), [409, 'License Code is already assigned to another group']);
  await refused(api.getGroup({ groupname: 'NewGroup2' })).then(([s]) => assert.equal(s, 404, 'the refused call left no group behind'));
});

test('LicenseNote GET/POST/PUT/DELETE', async () => {
  const notes = await api.getLicenseNote({ productid: P1, licensecode: '27835001310249256' });
  assert.deepEqual(notes.map((n) => [n.noteID, n.type]), [[10, 'General'], [11, 'System']]);
  assert.deepEqual(await refused(api.getLicenseNote({ productid: P1, licensecode: '111111111111111111' })), [404, 'Invalid License Code']);
  const created = await api.postLicenseNote({ productid: P1, licensecode: '27835001310249256', description: 'General note', type: 'general' });
  assert.match(created, /^License Note Created Successfully : [0-9]+$/);
  assert.deepEqual(await refused(api.postLicenseNote({ productid: P1, licensecode: '27835001310249256', description: '   ', type: 'general' })), [400, 'Description is required']);
  assert.equal(await api.putLicenseNote({ productid: P1, licensecode: '27835001310249256', noteid: '10', description: 'General note updated', type: 'system' }), 'License Note Updated Successfully');
  assert.equal((await api.getLicenseNote({ productid: P1, licensecode: '27835001310249256' }))[0]!.type, 'System');
  assert.deepEqual(await refused(api.putLicenseNote({ productid: P1, licensecode: '27835001310249256', noteid: '4567' })), [404, 'Invalid NoteID']);
  assert.equal(await api.deleteLicenseNote({ productid: P1, licensecode: '27835001310249256', noteid: '10' }), 'License Note Deleted Successfully');
  assert.equal(await api.deleteLicenseNote({ productid: P1, licensecode: '27835001310249256' }), 'License Note Deleted Successfully');
  assert.deepEqual(await refused(api.deleteLicenseNote({ productid: P1, licensecode: '27835001310249256' })), [404, 'No notes found for this License Code']);
});

test('DataStreamer needs a DS key', async () => {
  const ds = clientFor('1234', srv.demo.zentitle.keys.DS);
  const r = await ds.postDataStreamer({ event: 'TestDSEvent', productId: P1, payload: obj({ data: 'abcdefgh12345', companyId: 17 }) });
  assert.match(r, /^DataStreamer Event Created Successfully : [0-9]+$/);
  assert.deepEqual(await refused(ds.postDataStreamer({ event: 'bad event!' })), [400, 'Invalid event name']);
  assert.equal((await refused(api.postDataStreamer({ event: 'TestDSEvent' })))[0], 403);
});
