/**
 * Zentitle SOAP web services (shaferws.asmx) over the shared Zentitle store.
 *
 * Every method first checks the Auth document (customer id, web services user name and password);
 * a missing or wrong Auth answers a Client fault "Invalid web services credentials" whether or not the
 * customer id exists. Methods whose result is plain text answer "OK"/an ID/a CSV list, or
 * "Error: <description>". Methods the seed documents as "<document> or error message" (the contract's
 * cg:documentOrText results) answer the same "Error: <description>" in place of the document. The other
 * document methods have no documented text answer, so their errors travel as a Client fault.
 */
import type { ShaferWSHandlers, SoapCallContext } from '../../generated/zentitle/server.js';
import { SoapFault } from '../../generated/zentitle/server.js';
import type * as T from '../../generated/zentitle/types.js';
import type { Db } from '../db/store.ts';
import { hashSecret, TooManyAttempts, type FailureLimiter } from '../auth.ts';
import {
  ZentitleStore, ZtError, parseInputDate, type CodeView, type FeatureView, type ServerFunctionView, type SettingsPatch, type UdfView, type NoteCommand,
} from '../db/zentitle-store.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `02 Aug 2018`. */
export function displayDate(stamp: string | null | undefined): string {
  if (!stamp) return '';
  return `${stamp.slice(8, 10)} ${MONTHS[Number(stamp.slice(5, 7)) - 1]} ${stamp.slice(0, 4)}`;
}
/** `2018-08-02 06:59:02.043`. */
export function sqlDateTime(stamp: string | null | undefined): string {
  return stamp ? stamp.replace('T', ' ') : '';
}
/** `9/21/2020 3:58:18 PM`. */
export function usDateTime(stamp: string | null | undefined): string {
  if (!stamp) return '';
  const [y, mo, d] = [Number(stamp.slice(0, 4)), Number(stamp.slice(5, 7)), Number(stamp.slice(8, 10))];
  const [h, mi, s] = [Number(stamp.slice(11, 13)), stamp.slice(14, 16), stamp.slice(17, 19)];
  return `${mo}/${d}/${y} ${h % 12 === 0 ? 12 : h % 12}:${mi}:${s} ${h < 12 ? 'AM' : 'PM'}`;
}

/** `2018-01-22T10:28:55.560+00:00`: the SOAP activity example's dateTimes carry the server's UTC offset; ours runs in UTC. */
export function offsetDateTime(stamp: string | null | undefined): string {
  return stamp ? `${stamp}+00:00` : '';
}

const AUTH_FAILED = 'Invalid web services credentials';

type Called = { Auth?: T.Auth; Data?: unknown };

export function zentitleSoapHandlers(db: Db, limiter: FailureLimiter): ShaferWSHandlers {
  const store = new ZentitleStore(db);

  /** The Auth document's customer; a refusal (or too many failed attempts) is a Client fault. */
  async function customer(input: Called, context: SoapCallContext): Promise<number> {
    const a = input.Auth;
    const caller = { limiter, address: context.request.socket.remoteAddress ?? '' };
    let cid: number | undefined;
    try {
      cid = a ? await store.verifyWebServices(String(a.customerid ?? ''), String(a.username ?? ''), String(a.password ?? ''), caller) : undefined;
    } catch (e) {
      if (e instanceof TooManyAttempts) throw new SoapFault('Client', e.message);
      throw e;
    }
    if (cid === undefined) throw new SoapFault('Client', AUTH_FAILED);
    return cid;
  }
  function data<D>(input: { Data?: D }): D {
    if (input.Data === undefined) throw new ZtError('Data is required');
    return input.Data;
  }

  /** A method answering plain text: store errors become "Error: …" (credential errors stay faults). */
  function text<I extends Called>(fn: (cid: number, input: I) => string | Promise<string>) {
    return async (input: I, context: SoapCallContext): Promise<Record<string, string>> => {
      const cid = await customer(input, context);
      let result: string;
      try {
        result = await fn(cid, input);
      } catch (e) {
        if (!(e instanceof ZtError)) throw e;
        result = `Error: ${e.message}`;
      }
      // every plain-text result element is named <Method>Result
      return { [`${context.operation}Result`]: result };
    };
  }
  /**
   * A method answering a document or plain text in its place (cg:documentOrText): `fn` returns the
   * document or a string (the text answer); store errors become "Error: …" in-band, as in {@link text}.
   */
  function documentOrText<I extends Called, D>(fn: (cid: number, input: I) => D | string | Promise<D | string>) {
    return async (input: I, context: SoapCallContext): Promise<Record<string, { document: D } | { text: string }>> => {
      const cid = await customer(input, context);
      let result: { document: D } | { text: string };
      try {
        const r = await fn(cid, input);
        result = typeof r === 'string' ? { text: r } : { document: r };
      } catch (e) {
        if (!(e instanceof ZtError)) throw e;
        result = { text: `Error: ${e.message}` };
      }
      return { [`${context.operation}Result`]: result };
    };
  }
  /** A method answering a document: store errors become a Client fault carrying the description. */
  function document<I extends Called, R>(fn: (cid: number, input: I) => R | Promise<R>) {
    return async (input: I, context: SoapCallContext): Promise<R> => {
      const cid = await customer(input, context);
      try {
        return await fn(cid, input);
      } catch (e) {
        if (e instanceof ZtError) throw new SoapFault('Client', e.message);
        throw e;
      }
    };
  }

  const inputDate = (s: string | undefined, field: string): string | null | undefined => {
    if (s === undefined) return undefined;
    if (s.trim() === '') return null;
    const d = parseInputDate(s);
    if (!d) throw new ZtError(`Invalid ${field}`);
    return d;
  };
  const flag = (v: number | undefined) => (v === undefined ? undefined : v === 1);

  /** The settings both UpdateLicenseCode and the profile methods take. */
  function settings(d: {
    enabledforuse?: number; licensetype?: number | string; clientsallowed?: number; clientleaseperiod?: number; clientofflineleaseperiod?: number; vmleaseperiod?: number;
    webservices?: number; networkseats?: number; heartbeat?: number; concurrentprocesses?: number; concurrency?: number; subscriptionperiod?: number;
    subscriptionenddate?: string; maintenanceenddate?: string; features?: T.FeatureSettingMap; aaudf?: T.AaudfMap; serverfunctions?: T.ServerFunctionMap;
  }): SettingsPatch {
    return {
      enabled: flag(d.enabledforuse), licenseType: d.licensetype === '' || d.licensetype === undefined ? undefined : Number(d.licensetype), clientsAllowed: d.clientsallowed, clientLease: d.clientleaseperiod,
      offlineLease: d.clientofflineleaseperiod, vmLease: d.vmleaseperiod, webservices: flag(d.webservices), networkSeats: d.networkseats, heartbeat: d.heartbeat,
      concurrentProcesses: d.concurrentprocesses, concurrency: d.concurrency, subscriptionPeriod: d.subscriptionperiod,
      subscriptionEnd: inputDate(d.subscriptionenddate, 'subscriptionenddate'), maintenanceEnd: inputDate(d.maintenanceenddate, 'maintenanceenddate'),
      features: d.features && Object.fromEntries(Object.entries(d.features).map(([k, v]) => {
        const on = v.$value?.toUpperCase();
        if (on !== 'ON' && on !== 'OFF') throw new ZtError(`Feature ${k} must be ON or OFF`);
        return [k, { on: on === 'ON', ...(v.Limit !== undefined ? { limit: v.Limit } : {}) }];
      })),
      udfs: d.aaudf && { ...d.aaudf },
      serverFunctions: d.serverfunctions && Object.fromEntries(Object.entries(d.serverfunctions).map(([k, v]) => {
        if (v.Parameters !== undefined && v.Parameters !== '' && !/^[0-9]{1,10}$/.test(v.Parameters)) throw new ZtError(`Invalid Parameters for ${k}`);
        return [k, { on: v.$value?.toUpperCase() === 'ON', param: v.Parameters ?? '' }];
      })),
    };
  }

  function featureMap(features: FeatureView[], counters: boolean): T.FeatureStatusMap {
    const out: T.FeatureStatusMap = {};
    for (const f of features) {
      const s: T.FeatureStatus = { Type: f.type, $value: f.on ? 'ON' : 'OFF' };
      if (f.type === 'Floating') Object.assign(s, counters ? { MaximumActive: f.limit, TotalActive: f.used } : { MaximumActive: f.limit });
      if (f.type === 'ElementPool') Object.assign(s, counters ? { ElementCount: f.used, ElementLimit: f.limit } : { ElementLimit: f.limit });
      if (f.type === 'ConsumptionToken') Object.assign(s, counters ? { TokenCount: f.used, TokenLimit: f.limit } : { TokenLimit: f.limit });
      out[f.code] = s;
    }
    return out;
  }
  const udfMap = (udfs: UdfView[]): T.AaudfMap => Object.fromEntries(udfs.map((u) => [u.name.replace(/ /g, '_'), u.value]));
  /**
   * Server functions as the SOAP seeds show them: LTCO and FeatureAvailability, the latter spelt
   * `FeatureAvailabiity` in license codes (GetLicenseCode, GetCompanyLicenseCodes) and correctly in profiles.
   */
  const sfMap = (sfs: ServerFunctionView[], of: 'license' | 'profile'): T.ServerFunctionMap =>
    Object.fromEntries(
      sfs
        .filter((s) => s.name !== 'Otherfunc')
        .map((s) => [of === 'license' && s.name === 'FeatureAvailability' ? 'FeatureAvailabiity' : s.name, { Parameters: s.param, $value: s.on ? 'ON' : 'OFF' }]),
    );

  function licenseDetails(v: CodeView, getsfs: boolean): T.LicenseDetails {
    const r = v.row;
    return {
      licensecode: r.code, ProductCode: v.product.product_id, enabled: !!r.enabled, licensetype: r.license_type as T.LicenseType, profile: v.profileName,
      shafercompany: v.company?.name ?? '', usedbywebservices: !!r.webservices, activationsallowed: r.clients_allowed, networkseats: r.network_seats,
      heartbeat: r.heartbeat, concurrency: r.concurrency as T.Concurrency, subscriptionperiod: r.subscription_period,
      subscriptionenddate: displayDate(r.subscription_end), subscriptionlastactivated: displayDate(r.last_activated), subscriptionenddatetime: sqlDateTime(r.subscription_end),
      subscriptionlastactivateddatetime: sqlDateTime(r.last_activated), maintenanceenddate: displayDate(r.maintenance_end), concurrentprocesses: r.concurrent_processes,
      clientleaseperiod: r.client_lease, offlineleaseperiod: r.offline_lease, vmleaseperiod: r.vm_lease, created: sqlDateTime(r.created), modified: sqlDateTime(r.modified),
      numactivations: v.numActivations, numdeactivations: r.num_deactivations,
      features: { feature: v.features.map((f) => ({ featurecode: f.code, availability: f.on ? 'ON' : 'OFF', featuretype: f.type, TotalActive: f.type === 'Floating' ? f.used : 0, maximumactive: f.type === 'Floating' ? f.limit : 0, elementCount: f.type === 'ElementPool' ? f.used : 0, elementLimit: f.type === 'ElementPool' ? f.limit : 0 })) },
      aaudfs: { aaudf: v.udfs.map((u) => ({ fieldname: u.name, value: u.value })) },
      ...(getsfs ? { serverfunctions: sfMap(v.serverFunctions, 'license') } : {}),
    };
  }

  const groupType = (t: number): T.GroupType => (t === 1 ? 1 : 2);
  const passwordHash = async (pw: string) => {
    if (pw.length < 4) throw new ZtError('Password must be at least 4 characters long');
    return hashSecret(pw);
  };

  return {
    getLicenseCode: document(async (cid, input: T.GetLicenseCode) => {
      const d = data(input);
      const v = store.codeViews(cid, d.licensecode, d.productid)[0]!;
      const r = v.row;
      const notes = d.getnotes === 1 ? store.notes(cid, d.productid, d.licensecode) : undefined;
      return {
        GetLicenseCodeResult: {
          licensecodeid: r.id, licensecode: r.code, enabledforuse: r.enabled ? 1 : 0, licensetype: r.license_type as T.LicenseType, clientsallowed: r.clients_allowed,
          clientleaseperiod: r.client_lease, clientofflineleaseperiod: r.offline_lease, webservices: r.webservices ? 1 : 0, networkseats: r.network_seats,
          heartbeat: r.heartbeat, subscriptionperiod: r.subscription_period, subscriptionenddate: displayDate(r.subscription_end), maintenanceenddate: displayDate(r.maintenance_end),
          subscriptionlastactivated: displayDate(r.last_activated), subscriptionenddatetime: sqlDateTime(r.subscription_end),
          subscriptionlastactivateddatetime: sqlDateTime(r.last_activated), concurrentprocesses: r.concurrent_processes, profile: v.profileName, vmleaseperiod: r.vm_lease,
          reference: r.reference, shafercompanyid: v.company?.id ?? 0, features: featureMap(v.features, true), aaudf: udfMap(v.udfs), numactivations: v.numActivations,
          concurrency: r.concurrency as T.Concurrency,
          ...(notes ? { notes: { note: notes.map((n) => ({ ID: n.id, Type: n.type, Created: usDateTime(n.created), CreatedBy: n.created_by, $value: n.description })) } } : {}),
          ...(d.getsfs === 1 ? { serverfunctions: sfMap(v.serverFunctions, 'license') } : {}),
        },
      };
    }),

    getCompanyLicenseCodes: documentOrText((cid, input: T.GetCompanyLicenseCodes): T.CompanyLicenseCodesResult | string => {
      const d = input.Data ?? {};
      if (d.productid) store.product(cid, d.productid);
      const all = store.listCodes(cid, { productId: d.productid, company: d.shafercompany, profile: d.profile, webservices: d.webservices, used: d.used, activated: d.activated });
      // The seed: "If 0 or omitted then returns only the number of license codes" (plain text).
      if (!d.pagenumber || d.pagenumber <= 0) return String(all.length);
      const size = d.pagesize ?? 10000;
      return { licensedetails: all.slice((d.pagenumber - 1) * size, d.pagenumber * size).map((v) => licenseDetails(v, d.getsfs === 1)) };
    }),

    getProduct: document((cid, input: T.GetProduct) => {
      const pv = store.productView(store.product(cid, data(input).productid));
      return { GetProductResult: productDoc(pv) };
    }),
    getProducts: document((cid) => {
      const all = store.products(cid);
      if (!all.length) throw new ZtError('No products found', 'notfound');
      return { GetProductsResult: all.map(productDoc) };
    }),

    updateLicenseCode: text(async (cid, input: T.UpdateLicenseCode) => {
      const d = data(input);
      const notes: NoteCommand[] = (d.notes?.note ?? []).map((n) => ({
        type: n.Type.toLowerCase() === 'general' ? 'General' : n.Type.toLowerCase() === 'system' ? 'System' : (n.Type as 'delete' | 'deleteall'), description: n.$value ?? '',
      }));
      store.updateCode(cid, d.productid, d.licensecode, {
        ...settings(d), companyId: d.shafercompanyid, profile: d.profile, inheritProfile: d.inheritprofile === 1, notes,
      });
      return 'OK';
    }),

    createShaferProfile: text((cid, input: T.CreateShaferProfile) => {
      const d = data(input);
      store.createProfile(cid, d.productid, d.profilename, { ...settings(d), reseller: d.reseller });
      return 'OK';
    }),
    updateShaferProfile: text((cid, input: T.UpdateShaferProfile) => {
      const d = data(input);
      store.updateProfile(cid, d.productid, d.profilename, { ...settings(d), reseller: d.reseller, newName: d.newprofilename, inherit: d.inheritprofile === 1 });
      return 'OK';
    }),
    getShaferProfile: document((cid, input: T.GetShaferProfile) => {
      const d = data(input);
      const v = store.profile(cid, d.productid, d.profilename);
      const r = v.row;
      return {
        GetShaferProfileResult: {
          profilename: r.name, profileid: r.id, enabledforuse: r.enabled ? 1 : 0, licensetype: r.license_type as T.LicenseType, clientsallowed: r.clients_allowed,
          clientleaseperiod: r.client_lease, webservices: r.webservices ? 1 : 0, networkseats: r.network_seats, heartbeat: r.heartbeat, vmleaseperiod: r.vm_lease,
          clientofflineleaseperiod: r.offline_lease, subscriptionperiod: r.subscription_period, subscriptionenddate: displayDate(r.subscription_end),
          maintenanceenddate: displayDate(r.maintenance_end), concurrentprocesses: r.concurrent_processes, concurrency: r.concurrency as T.Concurrency, resellerid: 0,
          created: usDateTime(r.created), modified: usDateTime(r.modified), features: featureMap(v.features, false), aaudf: udfMap(v.udfs),
          ...(d.getsfs === 1 ? { serverfunctions: sfMap(v.serverFunctions, 'profile') } : {}),
        },
      };
    }),

    allocateImportCodes: text((cid, input: T.AllocateImportCodes) => {
      const d = data(input);
      const r = store.allocateOrImport(cid, { productId: d.productid, numcodes: d.numcodes, licensecodes: d.licensecodes, profile: d.profile || undefined, companyId: d.shafercompanyid, reference: d.reference });
      return r.allocated ? r.allocated.join(',') : 'OK';
    }),
    createPassiveLicense: text((cid, input: T.CreatePassiveLicense) => {
      const d = data(input);
      return store.passiveLicense(cid, { productId: d.productid, clientId: d.clientid, profile: d.profile, companyId: d.shafercompanyid, features: Object.keys(d.features ?? {}), udfs: d.aaudf });
    }),
    createNetworkMasterLicense: text((cid, input: T.CreateNetworkMasterLicense) => {
      const d = data(input);
      return store.networkMaster(cid, d.productid, d.shafercompanyid);
    }),
    updateProduct: text((cid, input: T.UpdateProduct) => {
      const d = data(input);
      store.updateProduct(cid, d.productid, { name: d.productname, clientLease: d.clientleaseperiod, vmLease: d.vmleaseperiod, offlineLease: d.clientofflineleaseperiod, trialPeriod: d.trialperiod });
      return 'OK';
    }),
    deleteLicenseCodeActivity: text((cid, input: T.DeleteLicenseCodeActivity) => {
      const d = data(input);
      store.deleteActivity(cid, d.productid, d.licensecode, d.computerid || undefined);
      return 'OK';
    }),
    getNextLicenseCode: text((cid, input: T.GetNextLicenseCode) => {
      const d = data(input);
      return store.nextCodes(cid, d.productid, d.amount ?? 1, d.profilename || undefined).join(',');
    }),
    getOfflineActivation: text((cid, input: T.GetOfflineActivation) => {
      const d = data(input);
      return store.offlineActivate(cid, d.productid, d.activationcertificate);
    }),
    offlineDeActivation: text((cid, input: T.OfflineDeActivation) => {
      const d = data(input);
      store.offlineDeactivate(cid, d.productid, d.deactivationcertificate);
      return 'OK';
    }),
    getLicenseCodeActivity: document((cid, input: T.GetLicenseCodeActivity) => {
      const d = data(input);
      const { activations } = store.activity(cid, d.productid, d.licensecode, d.activated === 1);
      return {
        GetLicenseCodeActivityResult: {
          activity: activations.map((a) => ({
            licensecode: d.licensecode, computerid: a.computer_id,
            ...(d.getsysinfo === 1 && a.system ? { systeminfo: soapSystemInfo(a.system, a.systemCreated) } : {}),
            status: a.status, clientleaseenddate: offsetDateTime(a.client_lease_end), leaseLastDate: offsetDateTime(a.client_lease_end), VMLeasePeriod: a.vm_lease, VMPlatform: a.vm_platform,
            activated: offsetDateTime(a.activated), deactivated: offsetDateTime(a.deactivated),
            // The group username when the activation has one (the example, a plain activation, shows none).
            ...(a.username ? { username: a.username } : {}),
          })),
        },
      };
    }),
    getSystemDetails: document((cid, input: T.GetSystemDetails) => {
      const d = data(input);
      const s = store.system(cid, d.productid, d.computerid);
      const num = (k: string) => (/^[0-9]+$/.test(s.info[k] ?? '') ? Number(s.info[k]) : undefined);
      const i = s.info;
      return {
        GetSystemDetailsResult: {
          systemdetails: {
            computerid: s.computerId, operatingsystem: i.operatingsystem, bitage: num('bitage'), screenresx: num('screenresx'), screenresy: num('screenresy'),
            processor: i.processor, cores: num('cores'), memory: num('memory'), oslanguage: i.oslanguage, applanguage: i.applanguage, type: i.type,
            licensestatus: i.licensestatus, version: i.version, build: i.build, edition: i.edition, computername: i.computername,
          },
        },
      };
    }),
    getConsumerData: document((cid, input: T.GetConsumerData) => {
      const d = data(input);
      const rows = store.consumers(cid, { productId: d.productid, computerId: d.computerid, justLast: d.justlast });
      if (!rows.length) throw new ZtError('No consumer data found', 'notfound');
      return { GetConsumerDataResult: rows.map((r) => ({ ...flatText(JSON.parse(r.info_json)), created: usDateTime(r.created) })) };
    }),
    createConsumerData: text((cid, input: T.CreateConsumerData) => {
      const d = data(input);
      const info = flatText(d.clientinfo ?? {});
      if (!Object.keys(info).length) throw new ZtError('ClientInfo is required');
      store.createConsumer(cid, { productId: d.productid, computerId: d.computerid, info, licenseCode: d.licensecode || undefined });
      return 'OK';
    }),
    checkTrial: text((cid, input: T.CheckTrial) => {
      const d = data(input);
      const s = store.trialStatus(cid, d.productid, d.computerid);
      return s === 'inTrial' ? 'OK' : s === 'expired' ? 'Trial has expired' : s === 'activated' ? 'Trial has been activated' : 'Trial does not exist';
    }),
    resetTrial: text((cid, input: T.ResetTrial) => {
      const d = data(input);
      store.resetTrial(cid, d.productid, d.computerid);
      return 'OK';
    }),
    setLicenseStatusReturned: text((cid, input: T.SetLicenseStatusReturned) => {
      const d = data(input);
      store.returnActivations(cid, d.productid, d.licensecode);
      return 'OK';
    }),

    getShaferCompanyInfo: documentOrText((cid, input: T.GetShaferCompanyInfo): T.ShaferCompanyInfoResult => {
      const d = data(input);
      const p = store.product(cid, d.productid);
      const c = store.company(cid, d.shafercompanyid);
      if (c.product_pk !== null && c.product_pk !== p.id) throw new ZtError('Invalid CompanyID', 'notfound');
      const cd = JSON.parse(c.data_json) as Record<string, string>;
      return {
        companydetails: {
          companydata: Object.fromEntries(Object.entries(cd).map(([k, v]) => [k.replace(/[^A-Za-z0-9_.-]/g, '_'), String(v)])), created: c.created,
          firstname: cd.firstname ?? '', ...(cd.lastname ? { lastname: cd.lastname } : {}), company: c.name, email: cd.email ?? '', search1: c.search1, search2: c.search2, search3: c.search3,
        },
      };
    }),
    updateShaferCompanyDetails: text((cid, input: T.UpdateShaferCompanyDetails) => {
      const d = data(input);
      store.updateCompany(cid, d.shafercompanyid, {
        productId: d.productid, name: d.company, global: d.global === undefined ? undefined : d.global === 1, data: d.companydata && flatText(d.companydata),
        search1: d.search1, search2: d.search2, search3: d.search3,
      });
      return 'OK';
    }),
    createShaferCompanyDetails: text((cid, input: T.CreateShaferCompanyDetails) => {
      const d = data(input);
      return String(store.createCompany(cid, { productId: d.productid, name: d.company, global: d.global === 1, data: d.companydata && flatText(d.companydata), search1: d.search1, search2: d.search2, search3: d.search3 }));
    }),
    getLicenseCodesForShaferCompany: text((cid, input: T.GetLicenseCodesForShaferCompany) => {
      const d = data(input);
      const codes = store.codesForCompany(cid, d.productid, d.shafercompanyid);
      if (!codes.length) throw new ZtError('No license codes found for this company and product', 'notfound');
      return codes.join(',');
    }),
    deleteShaferCompany: text((cid, input: T.DeleteShaferCompany) => {
      const d = data(input);
      store.product(cid, d.productid);
      store.deleteCompany(cid, d.shafercompanyid);
      return 'OK';
    }),
    getAllActivatedLicenseCodes: documentOrText((cid, input: T.GetAllActivatedLicenseCodes): T.ActivatedLicenseCodesResult => {
      const d = data(input);
      const rows = store.activatedCodes(cid, d.computerid);
      return { systemdetails: rows.map((r) => ({ cp_product_code: r.productId, LicenseCode: r.code })) };
    }),
    getShaferCompanyID: documentOrText((cid, input: T.GetShaferCompanyID): T.ShaferCompanyIDResult => {
      const d = data(input);
      const rows = store.companiesByName(cid, d.shafercompany, d.productid);
      if (!rows.length) throw new ZtError('Invalid Company name', 'notfound');
      return { companydetails: { ShaferCompanyID: rows[0]!.id } };
    }),
    getShaferCompanyIDsandProducts: documentOrText((cid): T.ShaferCompanyIDsAndProductsResult => ({
      companydetails: store.companies(cid).map((c) => ({ ShaferCompanyID: c.id, ProductID: store.companyProductId(c) })),
    })),

    createGroup: text((cid, input: T.CreateGroup) => {
      const d = data(input);
      return String(store.createGroup(cid, { name: d.groupname, type: d.typeid, description: d.description, masterGroupId: d.mastergroupid || undefined, companyId: d.shafercompanyid }));
    }),
    updateGroup: text((cid, input: T.UpdateGroup) => {
      const d = data(input);
      store.updateGroup(cid, d.groupid, { name: d.groupname, type: d.typeid, description: d.description, masterGroupId: d.mastergroupid, companyId: d.shafercompanyid });
      return 'OK';
    }),
    getGroup: document((cid, input: T.GetGroup) => {
      const d = data(input);
      const g = store.groupDetails(cid, { id: d.groupid, name: d.groupname });
      return {
        GetGroupResult: {
          groupid: g.group.id, typeid: groupType(g.group.type), mastergroupid: g.group.master_group_id, groupname: g.group.name, description: g.group.description,
          created: usDateTime(g.group.created), modified: usDateTime(g.group.modified), shafercompanyid: g.group.company_id,
          grouplicenses: { grouplicense: g.licenses.map((l) => ({ shafercodeid: l.licenseId, licensecode: l.code, productid: l.productId, created: usDateTime(l.created), modified: usDateTime(l.modified) })) },
          groupusers: { groupuser: g.users.map((u) => ({ id: u.id, firstname: u.firstname, lastname: u.lastname, username: u.username, email: u.email, telephone: u.telephone, additional: u.additional, created: usDateTime(u.created), modified: usDateTime(u.modified) })) },
          subgroups: { subgroup: g.subgroups.map((s) => ({ groupid: s.id, groupname: s.name })) },
        },
      };
    }),
    deleteGroup: text((cid, input: T.DeleteGroup) => {
      const d = data(input);
      store.deleteGroup(cid, { id: d.groupid, name: d.groupname });
      return 'OK';
    }),
    addGroupUser: document(async (cid, input: T.AddGroupUser) => {
      const d = data(input);
      const hash = await passwordHash(d.password);
      return { AddGroupUserResult: store.addGroupUser(cid, { groupId: d.groupid, username: d.username, passwordHash: hash, firstname: d.firstname, lastname: d.lastname, email: d.email, telephone: d.telephone, additional: d.additional }) };
    }),
    getGroupUser: document((cid, input: T.GetGroupUser) => {
      const d = data(input);
      const u = store.groupUser(cid, { id: d.groupuserid, username: d.username });
      return {
        GetGroupUserResult: {
          groupuserid: u.id, groupid: u.group_id, username: u.username, firstname: u.firstname, lastname: u.lastname, email: u.email, telephone: u.telephone,
          additional: u.additional, created: usDateTime(u.created), modified: usDateTime(u.modified),
        },
      };
    }),
    updateGroupUser: text((cid, input: T.UpdateGroupUser) => {
      const d = data(input);
      store.updateGroupUser(cid, d.groupuserid, { groupId: d.groupid, username: d.username, firstname: d.firstname, lastname: d.lastname, email: d.email, telephone: d.telephone, additional: d.additional });
      return 'OK';
    }),
    updateGroupUserPassword: text(async (cid, input: T.UpdateGroupUserPassword) => {
      const d = data(input);
      store.groupUser(cid, { username: d.username });
      store.setGroupUserPassword(cid, d.username, await passwordHash(d.password));
      return 'OK';
    }),
    deleteGroupUser: text((cid, input: T.DeleteGroupUser) => {
      store.deleteGroupUser(cid, data(input).groupuserid);
      return 'OK';
    }),
    addGroupLicenseCode: text((cid, input: T.AddGroupLicenseCode) => {
      const d = data(input);
      store.addGroupLicense(cid, { groupId: d.groupid, productId: d.productid, code: d.licensecode, companyId: d.shafercompanyid, profileId: d.profileid });
      return 'OK';
    }),
    deleteGroupLicenseCode: text((cid, input: T.DeleteGroupLicenseCode) => {
      const d = data(input);
      store.deleteGroupLicense(cid, { groupId: d.groupid, productId: d.productid, code: d.licensecode });
      return 'OK';
    }),
    getGroupLicenseCode: document((cid, input: T.GetGroupLicenseCode) => {
      const d = data(input);
      const l = store.groupLicense(cid, d.productid, d.licensecode);
      return { GetGroupLicenseCodeResult: { shafercodeid: l.licenseId, groupid: l.groupId, productid: l.productId, licensecode: l.code, created: usDateTime(l.created), modified: usDateTime(l.modified) } };
    }),
    createGroupUserLicense: text(async (cid, input: T.CreateGroupUserLicense) => {
      const d = data(input);
      const hash = await passwordHash(d.password);
      store.createGroupUserLicense(cid, { groupName: d.groupname, username: d.username, passwordHash: hash, productId: d.productid, code: d.licensecode, firstname: d.firstname, lastname: d.lastname, email: d.email, telephone: d.telephone, additional: d.additional });
      return 'OK';
    }),
    authenticateGroupUser: text(async (cid, input: T.AuthenticateGroupUser) => {
      const d = data(input);
      return (await store.authenticateGroupUser(cid, d.username, d.password)) ? 'OK' : 'Error: Invalid username or password';
    }),
    createLicenseNote: documentOrText((cid, input: T.CreateLicenseNote): number => {
      const d = data(input);
      return store.createNote(cid, d.productid, d.licensecode, d.notetype === 2 ? 'System' : 'General', d.description ?? '');
    }),
    updateLicenseNote: documentOrText((cid, input: T.UpdateLicenseNote): T.LicenseNote => {
      const d = data(input);
      const n = store.updateNote(cid, d.productid, d.licensecode, d.noteid, { type: d.notetype === undefined ? undefined : d.notetype === 2 ? 'System' : 'General', description: d.description });
      return { noteid: n.id, type: n.type, description: n.description, created: usDateTime(n.created), createdby: n.created_by };
    }),
    deleteLicenseNote: text((cid, input: T.DeleteLicenseNote) => {
      const d = data(input);
      store.deleteNote(cid, d.productid, d.licensecode, d.noteid);
      return 'OK';
    }),
  };

  function productDoc(pv: ReturnType<ZentitleStore['productView']>): T.Product {
    const p = pv.row;
    return {
      productname: p.name, productid: p.product_id, clientleaseperiod: p.client_lease, clientofflineleaseperiod: p.offline_lease, trialperiod: p.trial_period,
      vmleaseperiod: p.vm_lease, features: Object.fromEntries(pv.features.map((f) => [f.code, { Type: f.type, $value: f.default_on ? 'ON' : 'OFF' }])),
      aaudf: Object.fromEntries(pv.udfs.map((u) => [u.name.replace(/ /g, '_'), u.default_value])),
    };
  }
}

/** Consumer / company records are flat text maps; nested or non-text values are kept as their text. */
function flatText(o: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** The system record as the SOAP example shows it; it is written once (when the client reports it), so Date, Created and Modified agree. */
function soapSystemInfo(i: Record<string, string>, created: string | undefined): T.SystemInfo {
  const num = (k: string) => (/^[0-9]+$/.test(i[k] ?? '') ? Number(i[k]) : undefined);
  return {
    OperatingSystem: i.operatingsystem, Bitage: num('bitage'), ScreenResX: num('screenresx'), ScreenResY: num('screenresy'), Processor: i.processor, Cores: num('cores'),
    Memory: num('memory'), OSLanguage: i.oslanguage, AppLanguage: i.applanguage, Type: i.type, Version: i.version, Build: i.build, Edition: i.edition,
    ComputerName: i.computername, Virtualisation: i.vmplatform,
    Date: usDateTime(created), Created: usDateTime(created), Modified: usDateTime(created), Location: '',
  };
}
