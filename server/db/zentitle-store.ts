/**
 * Zentitle repository: the one data model behind the SOAP web services
 * (server/apis/zentitle-soap.ts) and the REST Web API (server/apis/zentitle-rest.ts).
 * Every function takes the calling customer's id and only ever sees that
 * customer's rows, so an ID of another customer answers exactly like an
 * unknown one. Failures are `ZtError`s carrying the error description both
 * surfaces send; each surface decides how to carry it (SOAP result text or
 * fault, REST 4xx bare JSON string). Read-modify-write operations run in one
 * `BEGIN IMMEDIATE` transaction.
 */
import crypto from 'node:crypto';
import type { Db } from './store.ts';
import { tokenDigest, verifyAttempt, verifySecret, type FailureLimiter } from '../auth.ts';

export type ErrorKind = 'invalid' | 'notfound' | 'conflict';

export class ZtError extends Error {
  constructor(message: string, readonly kind: ErrorKind = 'invalid') {
    super(message);
    this.name = 'ZtError';
  }
}

export const KEY_TYPES = ['READ-ONLY', 'READ-WRITE', 'Offline', 'DS'] as const;
export type KeyType = (typeof KEY_TYPES)[number];
export type FeatureType = 'Normal' | 'Floating' | 'ElementPool' | 'ConsumptionToken' | 'SecureStore';

// ---------------------------------------------------------------------------------------------
// Rows and views
// ---------------------------------------------------------------------------------------------

export interface ProductRow {
  id: number; customer_id: number; product_id: string; name: string; client_lease: number; offline_lease: number; vm_lease: number;
  trial_period: number; in_trial: number; license_type: number; clients_allowed: number; subscription_period: number;
  subscription_end: string | null; created: string;
}
export interface FeatureRow { id: number; product_pk: number; code: string; name: string; notes: string; type: FeatureType; group_name: string; available_in_trials: number; default_on: number }
export interface UdfRow { id: number; product_pk: number; name: string; default_value: string }
export interface GroupRowFG { id: number; product_pk: number; name: string; notes: string }

/** Columns shared by profiles and license codes. */
export interface SettingsRow {
  enabled: number; license_type: number; clients_allowed: number; client_lease: number; offline_lease: number; vm_lease: number;
  webservices: number; network_seats: number; heartbeat: number; concurrent_processes: number; concurrency: number;
  subscription_period: number; subscription_end: string | null; maintenance_end: string | null;
  features_json: string; udf_json: string; sf_json: string; created: string; modified: string;
}
export interface ProfileRow extends SettingsRow { id: number; product_pk: number; name: string; reseller: string }
export interface CodeRow extends SettingsRow {
  id: number; product_pk: number; code: string; profile_id: number | null; company_id: number | null; reference: string; master: number;
  last_activated: string | null; num_deactivations: number;
}

export interface FeatureView { code: string; type: FeatureType; on: boolean; limit: number; used: number }
export interface UdfView { name: string; value: string }
export interface ServerFunctionView { name: string; on: boolean; param: string }

export interface CodeView {
  row: CodeRow;
  product: ProductRow;
  profileName: string;
  company: { id: number; name: string } | undefined;
  numActivations: number;
  features: FeatureView[];
  udfs: UdfView[];
  serverFunctions: ServerFunctionView[];
}
export interface ProfileView {
  row: ProfileRow;
  product: ProductRow;
  features: FeatureView[];
  udfs: UdfView[];
  serverFunctions: ServerFunctionView[];
}
export interface ProductView { row: ProductRow; features: FeatureRow[]; groups: GroupRowFG[]; udfs: UdfRow[] }

export interface ActivationRow {
  id: number; license_id: number; computer_id: string; username: string; status: 'ACTIVATED' | 'DEACTIVATED' | 'RETURNED';
  activated: string; deactivated: string | null; client_lease_end: string | null; vm_platform: string; vm_lease: number;
}
export interface SystemRow { id: number; product_pk: number; computer_id: string; info_json: string; created: string }
export interface CompanyRow { id: number; customer_id: number; product_pk: number | null; name: string; data_json: string; search1: string; search2: string; search3: string; reseller: string; created: string }
export interface GroupRow { id: number; customer_id: number; name: string; type: 1 | 2; master_group_id: number; description: string; company_id: number; created: string; modified: string }
export interface GroupUserRow {
  id: number; customer_id: number; group_id: number; username: string; password_hash: string; firstname: string; lastname: string;
  email: string; telephone: string; additional: string; created: string; modified: string;
}
export interface GroupLicenseView { licenseId: number; groupId: number; productId: string; code: string; created: string; modified: string }
export interface NoteRow { id: number; license_id: number; type: 'General' | 'System'; description: string; created: string; created_by: string }
export interface TrialRow { id: number; product_pk: number; computer_id: string; trial_period: number; created: string; modified: string; lease_end: string; expires: string; license_code: string | null }
export interface ConsumerRow { id: number; product_pk: number; computer_id: string; license_code: string; info_json: string; firstname: string; lastname: string; company: string; email: string; kind: string; created: string }

/** A partial update of the settings shared by profiles and codes; undefined = keep. */
export interface SettingsPatch {
  enabled?: boolean; licenseType?: number; clientsAllowed?: number; clientLease?: number; offlineLease?: number; vmLease?: number;
  webservices?: boolean; networkSeats?: number; heartbeat?: number; concurrentProcesses?: number; concurrency?: number;
  subscriptionPeriod?: number; subscriptionEnd?: string | null; maintenanceEnd?: string | null;
  features?: Record<string, { on: boolean; limit?: number }>;
  udfs?: Record<string, string>;
  serverFunctions?: Record<string, { on: boolean; param?: string }>;
}

export type NoteCommand = { type: 'General' | 'System' | 'delete' | 'deleteall'; description: string };

/** The server functions every code and profile has, as the REST seed's examples list them. */
export const SERVER_FUNCTIONS = ['LTCO', 'FeatureAvailability', 'Otherfunc'] as const;
export type ServerFunctionName = (typeof SERVER_FUNCTIONS)[number];

/** Other spellings the seeds use for a server function (SOAP GetLicenseCode answers `FeatureAvailabiity`). */
const SERVER_FUNCTION_ALIASES: Record<string, ServerFunctionName> = { featureavailabiity: 'FeatureAvailability' };

/** A server function named as a caller wrote it (any case, any seed spelling), or undefined. */
export function serverFunction(name: string): ServerFunctionName | undefined {
  const lower = name.toLowerCase();
  return SERVER_FUNCTIONS.find((s) => s.toLowerCase() === lower) ?? SERVER_FUNCTION_ALIASES[lower];
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** `yyyy-mm-ddThh:mm:ss.fff`, UTC, no zone (the .NET local-time style both surfaces print). */
export function nowStamp(d = new Date()): string {
  return d.toISOString().slice(0, 23);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Parses the input dates both surfaces accept (`2019-06-12[T| ]hh:mm[:ss[.f]]`, `12 June 2019 [hh:mm]`,
 * `6/12/2019 [h:mm[:ss] [AM|PM]]`) into a stamp; undefined when it is not a real calendar date.
 */
export function parseInputDate(text: string): string | undefined {
  const s = text.trim();
  let y: number, mo: number, d: number, h = 0, mi = 0, se = 0;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(s);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4]) [h, mi, se] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  } else if ((m = /^(\d{1,2}) ([A-Za-z]{3,9}) (\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s))) {
    const idx = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase());
    if (idx < 0) return undefined;
    [y, mo, d] = [Number(m[3]), idx + 1, Number(m[1])];
    if (m[4]) [h, mi, se] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  } else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: (AM|PM))?)?$/i.exec(s))) {
    [y, mo, d] = [Number(m[3]), Number(m[1]), Number(m[2])];
    if (m[4]) {
      [h, mi, se] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
      if (m[7]) {
        if (h < 1 || h > 12) return undefined;
        h = (h % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0);
      }
    }
  } else return undefined;
  if (h > 23 || mi > 59 || se > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return nowStamp(date);
}

function addDaysStamp(stamp: string, days: number): string {
  const d = new Date(stamp + 'Z');
  d.setUTCDate(d.getUTCDate() + days);
  return nowStamp(d);
}
function addHoursStamp(stamp: string, hours: number): string {
  return nowStamp(new Date(new Date(stamp + 'Z').getTime() + hours * 3_600_000));
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A random decimal string of `digits` digits with a non-zero first digit. */
function randomDigits(digits: number): string {
  const bytes = crypto.randomBytes(digits);
  let s = String(1 + (bytes[0]! % 9));
  for (let i = 1; i < digits; i++) s += String(bytes[i]! % 10);
  return s;
}

const NOT_FOUND_PRODUCT = 'Invalid ProductID';
const NOT_FOUND_CODE = 'Invalid License Code';

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

/** A customer ID as the seeds write it: decimal digits without a leading zero (-1, matching nothing, otherwise). */
export function parseCustomerId(text: string): number {
  return /^[1-9][0-9]{0,14}$/.test(text) ? Number(text) : -1;
}

/** Who is trying to authenticate, for the failure limiter. */
export interface Caller {
  limiter: FailureLimiter;
  address: string;
}

export class ZentitleStore {
  constructor(readonly db: Db) {}

  private tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ---- credentials ---------------------------------------------------------------------------

  /**
   * Auth document check: unknown customer, wrong user name and wrong password cost one scrypt each and
   * answer the same; a limited caller is refused with {@link TooManyAttempts} before any.
   */
  async verifyWebServices(customerId: string, username: string, password: string, caller: Caller): Promise<number | undefined> {
    const id = parseCustomerId(customerId);
    const row = this.db.prepare('SELECT id, ws_username, ws_password_hash FROM zt_customers WHERE id = ?').get(id) as
      | { id: number; ws_username: string; ws_password_hash: string } | undefined;
    const ok = await verifyAttempt(caller.limiter, caller.address, `zentitle:${customerId}`, row?.ws_password_hash, password);
    if (ok && row && row.ws_username !== username) caller.limiter.fail(caller.address, `zentitle:${customerId}`);
    return ok && row && row.ws_username === username ? row.id : undefined;
  }

  /**
   * Bearer `customerID:APIKey`: the key is found by its digest among the customer's keys, then verified
   * with one scrypt (against a dummy hash when there is no such key), so an unknown customer, an unknown
   * key and a wrong key cost the same, however many keys the customer has.
   */
  async verifyApiKey(customerId: string, key: string, caller: Caller): Promise<{ customerId: number; keyType: KeyType } | undefined> {
    const id = parseCustomerId(customerId);
    const row = this.db.prepare('SELECT key_type, key_hash FROM zt_api_keys WHERE customer_id = ? AND key_digest = ?').get(id, tokenDigest(key)) as
      | { key_type: KeyType; key_hash: string } | undefined;
    const ok = await verifyAttempt(caller.limiter, caller.address, `zentitle:${customerId}`, row?.key_hash, key);
    return ok && row ? { customerId: id, keyType: row.key_type } : undefined;
  }

  // ---- products ------------------------------------------------------------------------------

  product(cid: number, productId: string | undefined): ProductRow {
    if (!productId) throw new ZtError('ProductID is required');
    const row = this.db.prepare('SELECT * FROM zt_products WHERE customer_id = ? AND product_id = ?').get(cid, productId) as ProductRow | undefined;
    if (!row) throw new ZtError(NOT_FOUND_PRODUCT, 'notfound');
    return row;
  }

  productView(p: ProductRow): ProductView {
    return {
      row: p,
      features: this.db.prepare('SELECT * FROM zt_features WHERE product_pk = ? ORDER BY id').all(p.id) as FeatureRow[],
      groups: this.db.prepare('SELECT * FROM zt_feature_groups WHERE product_pk = ? ORDER BY id').all(p.id) as GroupRowFG[],
      udfs: this.db.prepare('SELECT * FROM zt_udfs WHERE product_pk = ? ORDER BY id').all(p.id) as UdfRow[],
    };
  }

  products(cid: number): ProductView[] {
    return (this.db.prepare('SELECT * FROM zt_products WHERE customer_id = ? ORDER BY id').all(cid) as ProductRow[]).map((p) => this.productView(p));
  }

  createProduct(cid: number, input: {
    name: string; clientLease?: number; offlineLease?: number; vmLease?: number; trialPeriod?: number; inTrial?: boolean; licenseType?: number;
    clientsAllowed?: number; subscriptionPeriod?: number; subscriptionEnd?: string | null;
    groups?: { name: string; notes?: string }[];
    features?: { code: string; name: string; notes: string; type?: FeatureType; group?: string; availableInTrials?: boolean }[];
    udfs?: { name: string; defaultValue?: string }[];
  }): string {
    if (!input.name.trim()) throw new ZtError('Product name is required');
    return this.tx(() => {
      let productId: string;
      do productId = randomDigits(10);
      while (this.db.prepare('SELECT 1 FROM zt_products WHERE product_id = ?').get(productId));
      const pk = Number(this.db.prepare(`INSERT INTO zt_products (customer_id, product_id, name, client_lease, offline_lease, vm_lease, trial_period, in_trial,
          license_type, clients_allowed, subscription_period, subscription_end, created) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`).run(
        cid, productId, input.name, input.clientLease ?? 0, input.offlineLease ?? 0, input.vmLease ?? 0, input.trialPeriod ?? 0, input.inTrial === false ? 0 : 1,
        input.licenseType ?? 0, input.clientsAllowed ?? 1, input.subscriptionPeriod ?? 0, input.subscriptionEnd ?? null, nowStamp()).lastInsertRowid);
      this.insertGroups(pk, input.groups ?? []);
      this.insertFeatures(pk, input.features ?? []);
      this.insertUdfs(pk, input.udfs ?? []);
      return productId;
    });
  }

  updateProduct(cid: number, productId: string, patch: {
    name?: string; clientLease?: number; offlineLease?: number; vmLease?: number; trialPeriod?: number; clientsAllowed?: number;
    licenseType?: number; subscriptionPeriod?: number; subscriptionEnd?: string | null;
  }): void {
    this.tx(() => {
      const p = this.product(cid, productId);
      if (patch.name !== undefined && !patch.name.trim()) throw new ZtError('Product name cannot be empty');
      const col: Record<string, unknown> = {
        name: patch.name, client_lease: patch.clientLease, offline_lease: patch.offlineLease, vm_lease: patch.vmLease, trial_period: patch.trialPeriod,
        clients_allowed: patch.clientsAllowed, license_type: patch.licenseType, subscription_period: patch.subscriptionPeriod, subscription_end: patch.subscriptionEnd,
      };
      this.updateColumns('zt_products', p.id, col);
    });
  }

  private updateColumns(table: string, id: number, cols: Record<string, unknown>): void {
    const set = Object.entries(cols).filter(([, v]) => v !== undefined);
    if (!set.length) return;
    this.db.prepare(`UPDATE ${table} SET ${set.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...set.map(([, v]) => v), id);
  }

  private insertGroups(pk: number, groups: { name: string; notes?: string }[]): void {
    for (const g of groups) {
      if (!g.name?.trim()) throw new ZtError('FeatureGroupName is required');
      if (this.db.prepare('SELECT 1 FROM zt_feature_groups WHERE product_pk = ? AND name = ?').get(pk, g.name)) throw new ZtError(`FeatureGroup '${g.name}' already exists`, 'conflict');
      this.db.prepare('INSERT INTO zt_feature_groups (product_pk, name, notes) VALUES (?, ?, ?)').run(pk, g.name, g.notes ?? '');
    }
  }
  private insertFeatures(pk: number, features: { code: string; name: string; notes: string; type?: FeatureType; group?: string; availableInTrials?: boolean }[]): void {
    for (const f of features) {
      if (!/^[A-Za-z][A-Za-z0-9_]{0,29}$/.test(f.code ?? '')) throw new ZtError(`Invalid FeatureCode '${f.code ?? ''}'`);
      if (this.db.prepare('SELECT 1 FROM zt_features WHERE product_pk = ? AND code = ?').get(pk, f.code)) throw new ZtError(`Feature '${f.code}' already exists`, 'conflict');
      if (f.group && f.group.toLowerCase() !== 'default' && !this.db.prepare('SELECT 1 FROM zt_feature_groups WHERE product_pk = ? AND name = ?').get(pk, f.group)) {
        throw new ZtError(`Invalid FeatureGroupName '${f.group}'`, 'notfound');
      }
      this.db.prepare('INSERT INTO zt_features (product_pk, code, name, notes, type, group_name, available_in_trials) VALUES (?,?,?,?,?,?,?)')
        .run(pk, f.code, f.name ?? '', f.notes ?? '', f.type ?? 'Normal', f.group ?? '', f.availableInTrials ? 1 : 0);
    }
  }
  private insertUdfs(pk: number, udfs: { name: string; defaultValue?: string }[]): void {
    for (const u of udfs) {
      if (!u.name?.trim()) throw new ZtError('FieldName is required');
      if (this.db.prepare('SELECT 1 FROM zt_udfs WHERE product_pk = ? AND name = ?').get(pk, u.name)) throw new ZtError(`UDF '${u.name}' already exists`, 'conflict');
      this.db.prepare('INSERT INTO zt_udfs (product_pk, name, default_value) VALUES (?, ?, ?)').run(pk, u.name, u.defaultValue ?? '');
    }
  }

  addFeatureGroups(cid: number, productId: string, groups: { name: string; notes?: string }[]): void {
    this.tx(() => this.insertGroups(this.product(cid, productId).id, groups));
  }
  updateFeatureGroups(cid: number, productId: string, groups: { name: string; newName?: string; notes?: string }[]): void {
    this.tx(() => {
      const pk = this.product(cid, productId).id;
      for (const g of groups) {
        const row = this.db.prepare('SELECT * FROM zt_feature_groups WHERE product_pk = ? AND name = ?').get(pk, g.name) as GroupRowFG | undefined;
        if (!row) throw new ZtError(`Invalid FeatureGroupName '${g.name}'`, 'notfound');
        if (g.newName && g.newName.toLowerCase() !== row.name.toLowerCase()) {
          if (this.db.prepare('SELECT 1 FROM zt_feature_groups WHERE product_pk = ? AND name = ?').get(pk, g.newName)) throw new ZtError(`FeatureGroup '${g.newName}' already exists`, 'conflict');
          this.db.prepare('UPDATE zt_features SET group_name = ? WHERE product_pk = ? AND group_name = ? COLLATE NOCASE').run(g.newName, pk, row.name);
        }
        this.updateColumns('zt_feature_groups', row.id, { name: g.newName || undefined, notes: g.notes });
      }
    });
  }
  deleteFeatureGroup(cid: number, productId: string, name: string): void {
    this.tx(() => {
      const pk = this.product(cid, productId).id;
      const row = this.db.prepare('SELECT * FROM zt_feature_groups WHERE product_pk = ? AND name = ?').get(pk, name) as GroupRowFG | undefined;
      if (!row) throw new ZtError(`Invalid FeatureGroupName '${name}'`, 'notfound');
      // Its features move to the default group rather than disappearing with it.
      this.db.prepare("UPDATE zt_features SET group_name = '' WHERE product_pk = ? AND group_name = ? COLLATE NOCASE").run(pk, row.name);
      this.db.prepare('DELETE FROM zt_feature_groups WHERE id = ?').run(row.id);
    });
  }
  addFeatures(cid: number, productId: string, features: { code: string; name: string; notes: string; type?: FeatureType; group?: string; availableInTrials?: boolean }[]): void {
    this.tx(() => this.insertFeatures(this.product(cid, productId).id, features));
  }
  updateFeatures(cid: number, productId: string, features: { code: string; newCode?: string; name?: string; notes?: string; group?: string; availableInTrials?: boolean }[]): void {
    this.tx(() => {
      const pk = this.product(cid, productId).id;
      for (const f of features) {
        const row = this.db.prepare('SELECT * FROM zt_features WHERE product_pk = ? AND code = ?').get(pk, f.code) as FeatureRow | undefined;
        if (!row) throw new ZtError(`Invalid FeatureCode '${f.code}'`, 'notfound');
        if (f.newCode && f.newCode.toLowerCase() !== row.code.toLowerCase()) {
          if (!/^[A-Za-z][A-Za-z0-9_]{0,29}$/.test(f.newCode)) throw new ZtError(`Invalid FeatureCode '${f.newCode}'`);
          if (this.db.prepare('SELECT 1 FROM zt_features WHERE product_pk = ? AND code = ?').get(pk, f.newCode)) throw new ZtError(`Feature '${f.newCode}' already exists`, 'conflict');
        }
        let group = f.group;
        if (group !== undefined) {
          if (group.toLowerCase() === 'default') group = '';
          else if (group && !this.db.prepare('SELECT 1 FROM zt_feature_groups WHERE product_pk = ? AND name = ?').get(pk, group)) throw new ZtError(`Invalid FeatureGroupName '${group}'`, 'notfound');
        }
        this.updateColumns('zt_features', row.id, {
          code: f.newCode || undefined, name: f.name, notes: f.notes, group_name: group, available_in_trials: f.availableInTrials === undefined ? undefined : f.availableInTrials ? 1 : 0,
        });
      }
    });
  }
  deleteFeature(cid: number, productId: string, code: string): void {
    this.tx(() => {
      const pk = this.product(cid, productId).id;
      const r = this.db.prepare('DELETE FROM zt_features WHERE product_pk = ? AND code = ?').run(pk, code);
      if (!r.changes) throw new ZtError(`Invalid FeatureCode '${code}'`, 'notfound');
    });
  }
  addUdfs(cid: number, productId: string, udfs: { name: string; defaultValue?: string }[]): void {
    this.tx(() => this.insertUdfs(this.product(cid, productId).id, udfs));
  }
  updateUdfs(cid: number, productId: string, udfs: { name: string; newName?: string; defaultValue?: string }[]): void {
    this.tx(() => {
      const pk = this.product(cid, productId).id;
      for (const u of udfs) {
        const row = this.db.prepare('SELECT * FROM zt_udfs WHERE product_pk = ? AND name = ?').get(pk, u.name) as UdfRow | undefined;
        if (!row) throw new ZtError(`Invalid FieldName '${u.name}'`, 'notfound');
        if (u.newName && u.newName.toLowerCase() !== row.name.toLowerCase() && this.db.prepare('SELECT 1 FROM zt_udfs WHERE product_pk = ? AND name = ?').get(pk, u.newName)) {
          throw new ZtError(`UDF '${u.newName}' already exists`, 'conflict');
        }
        this.updateColumns('zt_udfs', row.id, { name: u.newName || undefined, default_value: u.defaultValue });
      }
    });
  }
  deleteUdf(cid: number, productId: string, name: string): void {
    this.tx(() => {
      const pk = this.product(cid, productId).id;
      if (!this.db.prepare('DELETE FROM zt_udfs WHERE product_pk = ? AND name = ?').run(pk, name).changes) throw new ZtError(`Invalid FieldName '${name}'`, 'notfound');
    });
  }

  // ---- effective features / UDFs / server functions -------------------------------------------

  private effective(p: ProductRow, own: SettingsRow, inherited?: SettingsRow): Pick<CodeView, 'features' | 'udfs' | 'serverFunctions'> {
    const feats = this.db.prepare('SELECT * FROM zt_features WHERE product_pk = ? ORDER BY code').all(p.id) as FeatureRow[];
    const of = parseJson<Record<string, { on: boolean; limit?: number }>>(own.features_json, {});
    const pf = inherited ? parseJson<Record<string, { on: boolean; limit?: number }>>(inherited.features_json, {}) : {};
    const lookup = (m: Record<string, { on: boolean; limit?: number }>, code: string) => Object.entries(m).find(([k]) => k.toLowerCase() === code.toLowerCase())?.[1];
    const features = feats.map((f) => {
      const o = lookup(of, f.code) ?? lookup(pf, f.code);
      return { code: f.code, type: f.type, on: o ? o.on : !!f.default_on, limit: o?.limit ?? 0, used: 0 };
    });
    const udfRows = this.db.prepare('SELECT * FROM zt_udfs WHERE product_pk = ? ORDER BY id').all(p.id) as UdfRow[];
    const ou = parseJson<Record<string, string>>(own.udf_json, {});
    const pu = inherited ? parseJson<Record<string, string>>(inherited.udf_json, {}) : {};
    const udfs = udfRows.map((u) => ({ name: u.name, value: ou[u.name] ?? pu[u.name] ?? u.default_value }));
    const os = parseJson<Record<string, { on: boolean; param?: string }>>(own.sf_json, {});
    const ps = inherited ? parseJson<Record<string, { on: boolean; param?: string }>>(inherited.sf_json, {}) : {};
    // Stores written before the alias was known keep FeatureAvailability under the SOAP spelling.
    const stored = (map: Record<string, { on: boolean; param?: string }>, name: string) => map[name] ?? (name === 'FeatureAvailability' ? map['FeatureAvailabiity'] : undefined);
    const serverFunctions = SERVER_FUNCTIONS.map((name) => {
      const s = stored(os, name) ?? stored(ps, name);
      return { name, on: s?.on ?? name === 'FeatureAvailability', param: s?.param ?? '' };
    });
    return { features, udfs, serverFunctions };
  }

  /** Checks feature/UDF/server-function names against the product and merges them into the JSON columns. */
  private mergedJson(p: ProductRow, current: SettingsRow, patch: SettingsPatch): { features_json?: string; udf_json?: string; sf_json?: string } {
    const out: { features_json?: string; udf_json?: string; sf_json?: string } = {};
    if (patch.features) {
      const map = parseJson<Record<string, { on: boolean; limit?: number }>>(current.features_json, {});
      for (const [code, v] of Object.entries(patch.features)) {
        const f = this.db.prepare('SELECT code FROM zt_features WHERE product_pk = ? AND code = ?').get(p.id, code) as { code: string } | undefined;
        if (!f) throw new ZtError(`Invalid FeatureCode '${code}'`);
        map[f.code] = { on: v.on, ...(v.limit !== undefined ? { limit: v.limit } : map[f.code]?.limit !== undefined ? { limit: map[f.code]!.limit } : {}) };
      }
      out.features_json = JSON.stringify(map);
    }
    if (patch.udfs) {
      const map = parseJson<Record<string, string>>(current.udf_json, {});
      for (const [name, v] of Object.entries(patch.udfs)) {
        const u = this.db.prepare('SELECT name FROM zt_udfs WHERE product_pk = ? AND (name = ? OR replace(name, \' \', \'_\') = ?)').get(p.id, name, name) as { name: string } | undefined;
        if (!u) throw new ZtError(`Invalid UDF FieldName '${name}'`);
        map[u.name] = v;
      }
      out.udf_json = JSON.stringify(map);
    }
    if (patch.serverFunctions) {
      const map = parseJson<Record<string, { on: boolean; param?: string }>>(current.sf_json, {});
      for (const [name, v] of Object.entries(patch.serverFunctions)) {
        const known = serverFunction(name);
        if (!known) throw new ZtError(`Invalid server function '${name}'`);
        map[known] = { on: v.on, param: v.param ?? map[known]?.param ?? '' };
      }
      out.sf_json = JSON.stringify(map);
    }
    return out;
  }

  private settingsColumns(patch: SettingsPatch): Record<string, unknown> {
    const b = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);
    if (patch.licenseType !== undefined && ![0, 1, 2].includes(patch.licenseType)) throw new ZtError('Invalid license type');
    if (patch.heartbeat !== undefined && patch.heartbeat !== 0 && (patch.heartbeat < 5 || patch.heartbeat > 1440)) throw new ZtError('Heartbeat must be between 5 and 1440 minutes');
    if (patch.concurrency !== undefined && ![0, 1, 2].includes(patch.concurrency)) throw new ZtError('Invalid concurrency mode');
    return {
      enabled: b(patch.enabled), license_type: patch.licenseType, clients_allowed: patch.clientsAllowed, client_lease: patch.clientLease,
      offline_lease: patch.offlineLease, vm_lease: patch.vmLease, webservices: b(patch.webservices), network_seats: patch.networkSeats,
      heartbeat: patch.heartbeat, concurrent_processes: patch.concurrentProcesses, concurrency: patch.concurrency,
      subscription_period: patch.subscriptionPeriod, subscription_end: patch.subscriptionEnd, maintenance_end: patch.maintenanceEnd,
    };
  }

  // ---- profiles ------------------------------------------------------------------------------

  private profileRow(p: ProductRow, name: string | undefined): ProfileRow {
    if (!name) throw new ZtError('ProfileName is required');
    const row = this.db.prepare('SELECT * FROM zt_profiles WHERE product_pk = ? AND name = ?').get(p.id, name) as ProfileRow | undefined;
    if (!row) throw new ZtError('Invalid ProfileName', 'notfound');
    return row;
  }

  profile(cid: number, productId: string, name: string): ProfileView {
    const p = this.product(cid, productId);
    const row = this.profileRow(p, name);
    return { row, product: p, ...this.effective(p, row) };
  }

  profiles(cid: number, productId?: string): ProfileView[] {
    const rows = productId
      ? (this.db.prepare('SELECT pr.* FROM zt_profiles pr WHERE pr.product_pk = ? ORDER BY pr.id').all(this.product(cid, productId).id) as ProfileRow[])
      : (this.db.prepare('SELECT pr.* FROM zt_profiles pr JOIN zt_products p ON p.id = pr.product_pk WHERE p.customer_id = ? ORDER BY pr.id').all(cid) as ProfileRow[]);
    return rows.map((row) => {
      const p = this.db.prepare('SELECT * FROM zt_products WHERE id = ?').get(row.product_pk) as ProductRow;
      return { row, product: p, ...this.effective(p, row) };
    });
  }

  createProfile(cid: number, productId: string, name: string, patch: SettingsPatch & { reseller?: string }): void {
    this.tx(() => {
      const p = this.product(cid, productId);
      if (!name.trim()) throw new ZtError('ProfileName is required');
      if (this.db.prepare('SELECT 1 FROM zt_profiles WHERE product_pk = ? AND name = ?').get(p.id, name)) throw new ZtError('Profile already exists', 'conflict');
      const now = nowStamp();
      const id = Number(this.db.prepare(`INSERT INTO zt_profiles (product_pk, name, reseller, clients_allowed, client_lease, offline_lease, vm_lease, license_type, created, modified)
          VALUES (?,?,?,?,?,?,?,?,?,?)`).run(p.id, name, patch.reseller ?? '', p.clients_allowed, p.client_lease, p.offline_lease, p.vm_lease, p.license_type, now, now).lastInsertRowid);
      const row = this.db.prepare('SELECT * FROM zt_profiles WHERE id = ?').get(id) as ProfileRow;
      this.updateColumns('zt_profiles', id, { ...this.settingsColumns(patch), ...this.mergedJson(p, row, patch) });
    });
  }

  /** `inherit`: push the profile's settings to its license codes (inheritprofile). */
  updateProfile(cid: number, productId: string, name: string, patch: SettingsPatch & { reseller?: string; newName?: string; inherit?: boolean }): void {
    this.tx(() => {
      const p = this.product(cid, productId);
      const row = this.profileRow(p, name);
      if (patch.newName && patch.newName.toLowerCase() !== row.name.toLowerCase() && this.db.prepare('SELECT 1 FROM zt_profiles WHERE product_pk = ? AND name = ?').get(p.id, patch.newName)) {
        throw new ZtError('Profile already exists', 'conflict');
      }
      this.updateColumns('zt_profiles', row.id, {
        ...this.settingsColumns(patch), ...this.mergedJson(p, row, patch), name: patch.newName || undefined, reseller: patch.reseller, modified: nowStamp(),
      });
      if (patch.inherit) {
        const updated = this.db.prepare('SELECT * FROM zt_profiles WHERE id = ?').get(row.id) as ProfileRow;
        this.db.prepare(`UPDATE zt_license_codes SET enabled = ?, license_type = ?, clients_allowed = ?, client_lease = ?, offline_lease = ?, vm_lease = ?,
            network_seats = ?, heartbeat = ?, concurrent_processes = ?, concurrency = ?, subscription_period = ?, subscription_end = ?, maintenance_end = ?,
            features_json = ?, udf_json = ?, sf_json = ?, modified = ? WHERE profile_id = ?`).run(
          updated.enabled, updated.license_type, updated.clients_allowed, updated.client_lease, updated.offline_lease, updated.vm_lease, updated.network_seats,
          updated.heartbeat, updated.concurrent_processes, updated.concurrency, updated.subscription_period, updated.subscription_end, updated.maintenance_end,
          updated.features_json, updated.udf_json, updated.sf_json, nowStamp(), row.id);
      }
    });
  }

  // ---- companies -----------------------------------------------------------------------------

  company(cid: number, companyId: number): CompanyRow {
    const row = this.db.prepare('SELECT * FROM zt_companies WHERE customer_id = ? AND id = ?').get(cid, companyId) as CompanyRow | undefined;
    if (!row) throw new ZtError('Invalid CompanyID', 'notfound');
    return row;
  }
  /** A company given with a code: 0/absent = none; otherwise it must be one of the customer's. */
  private companyRef(cid: number, companyId: number | undefined): number | null | undefined {
    if (companyId === undefined) return undefined;
    if (companyId === 0) return null;
    return this.company(cid, companyId).id;
  }
  companyProductId(row: CompanyRow): string {
    if (row.product_pk === null) return '0';
    return (this.db.prepare('SELECT product_id FROM zt_products WHERE id = ?').get(row.product_pk) as { product_id: string }).product_id;
  }
  createCompany(cid: number, input: { productId: string; name: string; global?: boolean; data?: Record<string, string>; search1?: string; search2?: string; search3?: string; reseller?: string }): number {
    return this.tx(() => {
      const p = this.product(cid, input.productId);
      if (!input.name.trim()) throw new ZtError('Company name is required');
      return Number(this.db.prepare('INSERT INTO zt_companies (customer_id, product_pk, name, data_json, search1, search2, search3, reseller, created) VALUES (?,?,?,?,?,?,?,?,?)').run(
        cid, input.global ? null : p.id, input.name, JSON.stringify(input.data ?? {}), input.search1 ?? '', input.search2 ?? '', input.search3 ?? '', input.reseller ?? '', nowStamp()).lastInsertRowid);
    });
  }
  updateCompany(cid: number, companyId: number, input: { productId: string; name?: string; global?: boolean; data?: Record<string, string>; search1?: string; search2?: string; search3?: string; reseller?: string }): void {
    this.tx(() => {
      const p = this.product(cid, input.productId);
      const row = this.company(cid, companyId);
      if (input.name !== undefined && !input.name.trim()) throw new ZtError('Company name cannot be empty');
      this.updateColumns('zt_companies', row.id, {
        name: input.name, data_json: input.data ? JSON.stringify(input.data) : undefined, search1: input.search1, search2: input.search2, search3: input.search3,
        reseller: input.reseller, product_pk: input.global === undefined ? undefined : input.global ? null : p.id,
      });
    });
  }
  deleteCompany(cid: number, companyId: number): void {
    this.tx(() => {
      const row = this.company(cid, companyId);
      this.db.prepare('UPDATE zt_groups SET company_id = 0 WHERE company_id = ? AND customer_id = ?').run(row.id, cid);
      this.db.prepare('DELETE FROM zt_companies WHERE id = ?').run(row.id);
    });
  }
  companiesByName(cid: number, name: string, productId?: string): CompanyRow[] {
    const pk = productId ? this.product(cid, productId).id : undefined;
    const rows = this.db.prepare('SELECT * FROM zt_companies WHERE customer_id = ? AND name = ? COLLATE NOCASE ORDER BY id').all(cid, name) as CompanyRow[];
    return pk === undefined ? rows : rows.filter((r) => r.product_pk === null || r.product_pk === pk);
  }
  companies(cid: number): CompanyRow[] {
    return this.db.prepare('SELECT * FROM zt_companies WHERE customer_id = ? ORDER BY id').all(cid) as CompanyRow[];
  }
  productName(pk: number | null): string {
    if (pk === null) return '';
    return (this.db.prepare('SELECT name FROM zt_products WHERE id = ?').get(pk) as { name: string }).name;
  }
  codesForCompany(cid: number, productId: string, companyId: number): string[] {
    const p = this.product(cid, productId);
    const c = this.company(cid, companyId);
    return (this.db.prepare('SELECT code FROM zt_license_codes WHERE product_pk = ? AND company_id = ? ORDER BY id').all(p.id, c.id) as { code: string }[]).map((r) => r.code);
  }

  // ---- license codes -------------------------------------------------------------------------

  private codeRow(p: ProductRow, code: string | undefined): CodeRow {
    if (!code) throw new ZtError('LicenseCode is required');
    const row = this.db.prepare('SELECT * FROM zt_license_codes WHERE product_pk = ? AND code = ?').get(p.id, code) as CodeRow | undefined;
    if (!row) throw new ZtError(NOT_FOUND_CODE, 'notfound');
    return row;
  }

  /** The code row for (product, code) of this customer, throwing the documented errors. */
  code(cid: number, productId: string, code: string): { p: ProductRow; row: CodeRow } {
    const p = this.product(cid, productId);
    return { p, row: this.codeRow(p, code) };
  }

  codeView(p: ProductRow, row: CodeRow): CodeView {
    const profile = row.profile_id ? (this.db.prepare('SELECT * FROM zt_profiles WHERE id = ?').get(row.profile_id) as ProfileRow | undefined) : undefined;
    const company = row.company_id ? (this.db.prepare('SELECT id, name FROM zt_companies WHERE id = ?').get(row.company_id) as { id: number; name: string } | undefined) : undefined;
    const n = this.db.prepare("SELECT count(*) AS n FROM zt_activations WHERE license_id = ? AND status = 'ACTIVATED'").get(row.id) as { n: number };
    return { row, product: p, profileName: profile?.name ?? 'Default', company, numActivations: n.n, ...this.effective(p, row) };
  }

  /** GET LicenseCode: one product, or (REST, productid omitted) every product of the customer holding this code. */
  codeViews(cid: number, code: string, productId?: string): CodeView[] {
    if (productId) {
      const { p, row } = this.code(cid, productId, code);
      return [this.codeView(p, row)];
    }
    const rows = this.db.prepare('SELECT c.* FROM zt_license_codes c JOIN zt_products p ON p.id = c.product_pk WHERE p.customer_id = ? AND c.code = ? ORDER BY c.id').all(cid, code) as CodeRow[];
    if (!rows.length) throw new ZtError(NOT_FOUND_CODE, 'notfound');
    return rows.map((r) => this.codeView(this.db.prepare('SELECT * FROM zt_products WHERE id = ?').get(r.product_pk) as ProductRow, r));
  }

  private newCodeRow(p: ProductRow, code: string, profile: ProfileRow | undefined, companyId: number | null, reference: string, master = 0): void {
    const now = nowStamp();
    const s: Partial<SettingsRow> = profile ?? { enabled: 1, license_type: p.license_type, clients_allowed: p.clients_allowed, client_lease: p.client_lease, offline_lease: p.offline_lease, vm_lease: p.vm_lease, subscription_period: p.subscription_period, subscription_end: p.subscription_end };
    this.db.prepare(`INSERT INTO zt_license_codes (product_pk, code, profile_id, company_id, reference, master, enabled, license_type, clients_allowed, client_lease,
        offline_lease, vm_lease, network_seats, heartbeat, concurrent_processes, concurrency, subscription_period, subscription_end, maintenance_end,
        features_json, udf_json, sf_json, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`).run(
      p.id, code, profile?.id ?? null, companyId, reference, master, s.enabled ?? 1, s.license_type ?? 0, s.clients_allowed ?? 1, s.client_lease ?? 0,
      s.offline_lease ?? 0, s.vm_lease ?? 0, s.network_seats ?? 0, s.heartbeat ?? 0, s.concurrent_processes ?? 0, master ? 2 : s.concurrency ?? 0,
      s.subscription_period ?? 0, s.subscription_end ?? null, s.maintenance_end ?? null, s.features_json ?? '{}', s.udf_json ?? '{}', s.sf_json ?? '{}', now, now);
  }

  private uniqueCode(p: ProductRow): string {
    for (;;) {
      const code = randomDigits(18);
      if (!this.db.prepare('SELECT 1 FROM zt_license_codes WHERE product_pk = ? AND code = ?').get(p.id, code)) return code;
    }
  }

  /**
   * AllocateImportCodes / POST LicenseCode: `numcodes` > 0 allocates that many Zentitle codes (returned);
   * otherwise `licensecodes` (CSV) are imported ('OK'). All or nothing, in one transaction.
   */
  allocateOrImport(cid: number, input: { productId: string; numcodes?: number; licensecodes?: string; profile?: string; companyId?: number; reference?: string }): { allocated?: string[] } {
    return this.tx(() => {
      const p = this.product(cid, input.productId);
      const profile = input.profile ? this.profileRow(p, input.profile) : undefined;
      const companyId = this.companyRef(cid, input.companyId) ?? null;
      const reference = input.reference ?? '';
      if (input.numcodes && input.numcodes > 0) {
        if (input.numcodes > 10000) throw new ZtError('NumCodes must be between 1 and 10000');
        const codes: string[] = [];
        for (let i = 0; i < input.numcodes; i++) {
          const code = this.uniqueCode(p);
          this.newCodeRow(p, code, profile, companyId, reference);
          codes.push(code);
        }
        return { allocated: codes };
      }
      const list = (input.licensecodes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (!list.length) throw new ZtError('Either NumCodes or LicenseCodes must be supplied');
      const seen = new Set<string>();
      for (const code of list) {
        if (!/^[A-Za-z0-9-]{6,50}$/.test(code)) throw new ZtError(`Invalid License Code '${code}'`);
        if (seen.has(code) || this.db.prepare('SELECT 1 FROM zt_license_codes WHERE product_pk = ? AND code = ?').get(p.id, code)) throw new ZtError(`License Code '${code}' already exists`, 'conflict');
        seen.add(code);
        this.newCodeRow(p, code, profile, companyId, reference);
      }
      return {};
    });
  }

  updateCode(cid: number, productId: string, code: string, patch: SettingsPatch & { companyId?: number; profile?: string; inheritProfile?: boolean; reference?: string; notes?: NoteCommand[]; createdBy?: string }): void {
    this.tx(() => {
      const { p, row } = this.code(cid, productId, code);
      const cols: Record<string, unknown> = { ...this.settingsColumns(patch), ...this.mergedJson(p, row, patch), reference: patch.reference, modified: nowStamp() };
      const company = this.companyRef(cid, patch.companyId);
      if (company !== undefined) cols.company_id = company;
      let profile: ProfileRow | undefined;
      if (patch.profile !== undefined) {
        if (patch.profile === '' || patch.profile.toLowerCase() === 'default') cols.profile_id = null;
        else cols.profile_id = (profile = this.profileRow(p, patch.profile)).id;
      }
      this.updateColumns('zt_license_codes', row.id, cols);
      if (patch.inheritProfile) {
        profile ??= row.profile_id ? (this.db.prepare('SELECT * FROM zt_profiles WHERE id = ?').get(row.profile_id) as ProfileRow) : undefined;
        if (!profile) throw new ZtError('The license code has no profile to inherit from');
        this.db.prepare(`UPDATE zt_license_codes SET enabled = ?, license_type = ?, clients_allowed = ?, client_lease = ?, offline_lease = ?, vm_lease = ?, network_seats = ?,
            heartbeat = ?, concurrent_processes = ?, concurrency = ?, subscription_period = ?, subscription_end = ?, maintenance_end = ?, features_json = ?, udf_json = ?, sf_json = ?
            WHERE id = ?`).run(profile.enabled, profile.license_type, profile.clients_allowed, profile.client_lease, profile.offline_lease, profile.vm_lease,
          profile.network_seats, profile.heartbeat, profile.concurrent_processes, profile.concurrency, profile.subscription_period, profile.subscription_end,
          profile.maintenance_end, profile.features_json, profile.udf_json, profile.sf_json, row.id);
      }
      for (const n of patch.notes ?? []) {
        if (n.type === 'deleteall') this.db.prepare('DELETE FROM zt_notes WHERE license_id = ?').run(row.id);
        else if (n.type === 'delete') this.db.prepare('DELETE FROM zt_notes WHERE license_id = ? AND description = ?').run(row.id, n.description);
        else if (n.description.trim()) this.db.prepare('INSERT INTO zt_notes (license_id, type, description, created, created_by) VALUES (?,?,?,?,?)').run(row.id, n.type, n.description, nowStamp(), patch.createdBy ?? '');
      }
    });
  }

  listCodes(cid: number, f: { productId?: string; company?: string; companyId?: number; profile?: string; webservices?: boolean; used?: boolean; activated?: boolean }): CodeView[] {
    const where = ['p.customer_id = ?'];
    const args: unknown[] = [cid];
    if (f.productId) { where.push('p.product_id = ?'); args.push(f.productId); }
    if (f.company !== undefined) { where.push('c.company_id IN (SELECT id FROM zt_companies WHERE customer_id = ? AND name = ? COLLATE NOCASE)'); args.push(cid, f.company); }
    if (f.companyId !== undefined) { where.push('c.company_id = ?'); args.push(f.companyId); }
    if (f.profile !== undefined) { where.push('c.profile_id IN (SELECT id FROM zt_profiles WHERE product_pk = p.id AND name = ?)'); args.push(f.profile); }
    if (f.webservices !== undefined) { where.push('c.webservices = ?'); args.push(f.webservices ? 1 : 0); }
    if (f.used !== undefined) where.push(`${f.used ? '' : 'NOT '}EXISTS (SELECT 1 FROM zt_activations a WHERE a.license_id = c.id)`);
    if (f.activated !== undefined) where.push(`${f.activated ? '' : 'NOT '}EXISTS (SELECT 1 FROM zt_activations a WHERE a.license_id = c.id AND a.status = 'ACTIVATED')`);
    const rows = this.db.prepare(`SELECT c.* FROM zt_license_codes c JOIN zt_products p ON p.id = c.product_pk WHERE ${where.join(' AND ')} ORDER BY c.id`).all(...args) as CodeRow[];
    const products = new Map<number, ProductRow>();
    return rows.map((r) => {
      let p = products.get(r.product_pk);
      if (!p) products.set(r.product_pk, (p = this.db.prepare('SELECT * FROM zt_products WHERE id = ?').get(r.product_pk) as ProductRow));
      return this.codeView(p, r);
    });
  }

  /** GetNextLicenseCode: unused, never handed out codes; marks them acquired in the same transaction, so two callers never get the same code. */
  nextCodes(cid: number, productId: string, amount: number, profile?: string): string[] {
    return this.tx(() => {
      const p = this.product(cid, productId);
      if (amount < 1 || amount > 1000) throw new ZtError('Amount must be between 1 and 1000');
      const prof = profile ? this.profileRow(p, profile) : undefined;
      const rows = this.db.prepare(`SELECT id, code FROM zt_license_codes c WHERE product_pk = ? AND webservices = 0 AND master = 0 AND enabled = 1
          ${prof ? 'AND profile_id = ?' : ''} AND NOT EXISTS (SELECT 1 FROM zt_activations a WHERE a.license_id = c.id) ORDER BY id LIMIT ?`)
        .all(...(prof ? [p.id, prof.id, amount] : [p.id, amount])) as { id: number; code: string }[];
      if (!rows.length) throw new ZtError('No unused license codes available', 'notfound');
      const mark = this.db.prepare('UPDATE zt_license_codes SET webservices = 1, modified = ? WHERE id = ?');
      const now = nowStamp();
      for (const r of rows) mark.run(now, r.id);
      return rows.map((r) => r.code);
    });
  }

  activity(cid: number, productId: string, code: string, activatedOnly: boolean): { row: CodeRow; activations: (ActivationRow & { system?: Record<string, string>; systemCreated?: string })[] } {
    const { p, row } = this.code(cid, productId, code);
    const acts = this.db.prepare(`SELECT * FROM zt_activations WHERE license_id = ? ${activatedOnly ? "AND status = 'ACTIVATED'" : ''} ORDER BY id`).all(row.id) as ActivationRow[];
    return {
      row,
      activations: acts.map((a) => {
        const s = this.db.prepare('SELECT info_json, created FROM zt_systems WHERE product_pk = ? AND computer_id = ?').get(p.id, a.computer_id) as { info_json: string; created: string } | undefined;
        return s ? { ...a, system: parseJson<Record<string, string>>(s.info_json, {}), systemCreated: s.created } : a;
      }),
    };
  }

  /** SetLicenseStatusReturned / PUT LicenseCodeActivity. */
  returnActivations(cid: number, productId: string, code: string): number {
    return this.tx(() => {
      const { row } = this.code(cid, productId, code);
      const n = this.db.prepare("UPDATE zt_activations SET status = 'RETURNED', deactivated = ? WHERE license_id = ? AND status = 'ACTIVATED'").run(nowStamp(), row.id).changes;
      if (!n) throw new ZtError('No activations found for this License Code', 'notfound');
      this.db.prepare('UPDATE zt_license_codes SET num_deactivations = num_deactivations + ?, modified = ? WHERE id = ?').run(n, nowStamp(), row.id);
      return n;
    });
  }

  /** DeleteLicenseCodeActivity: all of the code's activity, or one computer's. */
  deleteActivity(cid: number, productId: string, code: string, computerId?: string): number {
    return this.tx(() => {
      const { row } = this.code(cid, productId, code);
      const r = computerId
        ? this.db.prepare('DELETE FROM zt_activations WHERE license_id = ? AND computer_id = ?').run(row.id, computerId)
        : this.db.prepare('DELETE FROM zt_activations WHERE license_id = ?').run(row.id);
      if (!r.changes) throw new ZtError(computerId ? 'No activity found for this License Code and ComputerID' : 'No activity found for this License Code', 'notfound');
      return r.changes;
    });
  }

  activatedCodes(cid: number, computerId: string): { productId: string; code: string }[] {
    return this.db.prepare(`SELECT DISTINCT p.product_id AS productId, c.code FROM zt_activations a JOIN zt_license_codes c ON c.id = a.license_id
        JOIN zt_products p ON p.id = c.product_pk WHERE p.customer_id = ? AND a.computer_id = ? AND a.status = 'ACTIVATED' ORDER BY c.id`).all(cid, computerId) as { productId: string; code: string }[];
  }

  system(cid: number, productId: string, computerId: string): { computerId: string; info: Record<string, string> } {
    const p = this.product(cid, productId);
    const row = this.db.prepare('SELECT * FROM zt_systems WHERE product_pk = ? AND computer_id = ?').get(p.id, computerId) as SystemRow | undefined;
    if (!row) throw new ZtError('No system details found for this ComputerID', 'notfound');
    return { computerId: row.computer_id, info: parseJson<Record<string, string>>(row.info_json, {}) };
  }

  // ---- certificates --------------------------------------------------------------------------

  private secret(cid: number): string {
    return (this.db.prepare('SELECT cert_secret FROM zt_customers WHERE id = ?').get(cid) as { cert_secret: string }).cert_secret;
  }
  /** A simulated certificate: hex of HMAC-SHA256 blocks over the parts (deterministic per customer secret). */
  private certificate(cid: number, parts: string[], blocks = 4): string {
    let out = '';
    for (let i = 0; i < blocks; i++) out += crypto.createHmac('sha256', this.secret(cid)).update(`${i}\0${parts.join('\0')}`).digest('hex');
    return out;
  }

  /** CreatePassiveLicense / POST PassiveLicense: checks the product, features, UDFs, profile and company, returns the certificate. */
  passiveLicense(cid: number, input: { productId: string; clientId: string; profile?: string; companyId?: number; features?: string[]; udfs?: Record<string, string> }): string {
    const p = this.product(cid, input.productId);
    if (input.clientId.length < 10 || input.clientId.length > 255) throw new ZtError('ClientID must be at least 10 and less than 256 characters long');
    if (input.profile) this.profileRow(p, input.profile);
    this.companyRef(cid, input.companyId);
    const probe: SettingsRow = { features_json: '{}', udf_json: '{}', sf_json: '{}' } as SettingsRow;
    this.mergedJson(p, probe, { features: Object.fromEntries((input.features ?? []).map((f) => [f, { on: true }])), udfs: input.udfs ?? {} });
    return this.certificate(cid, ['passive', p.product_id, input.clientId, JSON.stringify(input.features ?? []), JSON.stringify(input.udfs ?? {})]);
  }

  /** CreateNetworkMasterLicense: allocates a new code in network concurrency mode, flagged as master. */
  networkMaster(cid: number, productId: string, companyId?: number): string {
    return this.tx(() => {
      const p = this.product(cid, productId);
      const company = this.companyRef(cid, companyId) ?? null;
      const code = this.uniqueCode(p);
      this.newCodeRow(p, code, undefined, company, 'Network master license', 1);
      return code;
    });
  }

  /** Offline activation: the request must look like a client certificate request (≥ 128 alphanumerics). */
  offlineActivate(cid: number, productId: string, request: string): string {
    return this.tx(() => {
      const p = this.product(cid, productId);
      const r = request.trim();
      if (!/^[0-9A-Za-z]{128,}$/.test(r)) throw new ZtError('Invalid activation certificate');
      const certificate = this.certificate(cid, ['offline', p.product_id, r], 5);
      const clientKey = r.slice(0, 64).toLowerCase();
      const now = nowStamp();
      const existing = this.db.prepare("SELECT id FROM zt_offline WHERE product_pk = ? AND client_key = ? AND status = 'ACTIVATED'").get(p.id, clientKey) as { id: number } | undefined;
      if (existing) this.db.prepare('UPDATE zt_offline SET certificate = ?, modified = ? WHERE id = ?').run(certificate, now, existing.id);
      else this.db.prepare("INSERT INTO zt_offline (product_pk, client_key, certificate, status, created, modified) VALUES (?,?,?,'ACTIVATED',?,?)").run(p.id, clientKey, certificate, now, now);
      return certificate;
    });
  }

  offlineDeactivate(cid: number, productId: string, request: string): void {
    this.tx(() => {
      const p = this.product(cid, productId);
      const r = request.trim();
      if (!/^[0-9A-Za-z]{128,}$/.test(r)) throw new ZtError('Invalid deactivation certificate');
      const changes = this.db.prepare("UPDATE zt_offline SET status = 'DEACTIVATED', modified = ? WHERE product_pk = ? AND client_key = ? AND status = 'ACTIVATED'")
        .run(nowStamp(), p.id, r.slice(0, 64).toLowerCase()).changes;
      if (!changes) throw new ZtError('No offline activation found for this deactivation certificate', 'notfound');
    });
  }

  // ---- consumer data -------------------------------------------------------------------------

  consumers(cid: number, f: { productId: string; computerId?: string; justLast?: boolean; type?: 'trials' | 'activations' | 'all'; start?: string; end?: string }): ConsumerRow[] {
    const p = this.product(cid, f.productId);
    const where = ['product_pk = ?'];
    const args: unknown[] = [p.id];
    if (f.computerId) { where.push('computer_id = ?'); args.push(f.computerId); }
    if (f.type && f.type !== 'all') { where.push('kind = ?'); args.push(f.type); }
    if (f.start) { where.push('created >= ?'); args.push(f.start); }
    if (f.end) { where.push('created < ?'); args.push(addDaysStamp(f.end, f.end.slice(11) === '00:00:00.000' ? 1 : 0)); }
    let rows = this.db.prepare(`SELECT * FROM zt_consumers WHERE ${where.join(' AND ')} ORDER BY created, id`).all(...args) as ConsumerRow[];
    if (f.justLast) {
      // the latest record of each computer
      const last = new Map<string, ConsumerRow>();
      for (const r of rows) last.set(r.computer_id, r);
      rows = [...last.values()];
    }
    return rows;
  }

  createConsumer(cid: number, input: { productId: string; computerId: string; info: Record<string, string>; licenseCode?: string }): void {
    this.tx(() => {
      const p = this.product(cid, input.productId);
      if (!input.computerId.trim()) throw new ZtError('ComputerID is required');
      if (input.licenseCode) this.codeRow(p, input.licenseCode);
      const get = (k: string) => Object.entries(input.info).find(([n]) => n.toLowerCase() === k)?.[1] ?? '';
      this.db.prepare('INSERT INTO zt_consumers (product_pk, computer_id, license_code, info_json, firstname, lastname, company, email, kind, created) VALUES (?,?,?,?,?,?,?,?,?,?)').run(
        p.id, input.computerId, input.licenseCode ?? '', JSON.stringify(input.info), get('firstname'), get('lastname'), get('company'), get('email'),
        input.licenseCode ? 'activations' : 'trials', nowStamp());
    });
  }

  // ---- trials --------------------------------------------------------------------------------

  private trialRow(p: ProductRow, computerId: string): TrialRow | undefined {
    return this.db.prepare('SELECT * FROM zt_trials WHERE product_pk = ? AND computer_id = ?').get(p.id, computerId) as TrialRow | undefined;
  }

  /** 'inTrial' | 'expired' | 'activated' | 'none'. */
  trialStatus(cid: number, productId: string, computerId: string): 'inTrial' | 'expired' | 'activated' | 'none' {
    const p = this.product(cid, productId);
    const t = this.trialRow(p, computerId);
    if (!t) return 'none';
    if (t.license_code) return 'activated';
    return t.expires > nowStamp() ? 'inTrial' : 'expired';
  }

  resetTrial(cid: number, productId: string, computerId: string): void {
    this.tx(() => {
      const p = this.product(cid, productId);
      const t = this.trialRow(p, computerId);
      if (!t) throw new ZtError('Trial does not exist', 'notfound');
      if (t.license_code) throw new ZtError('Trial has been activated with a license code');
      const now = nowStamp();
      this.db.prepare('UPDATE zt_trials SET created = ?, modified = ?, trial_period = ?, lease_end = ?, expires = ? WHERE id = ?')
        .run(now, now, p.trial_period, addHoursStamp(now, p.client_lease), addDaysStamp(now, p.trial_period), t.id);
    });
  }

  /** DELETE Trial: the REST face removes the trial record (the client may start a new one). */
  deleteTrial(cid: number, productId: string, computerId: string): void {
    this.tx(() => {
      const p = this.product(cid, productId);
      const t = this.trialRow(p, computerId);
      if (!t) throw new ZtError('Trial does not exist', 'notfound');
      if (t.license_code) throw new ZtError('Trial has been activated with a license code');
      this.db.prepare('DELETE FROM zt_trials WHERE id = ?').run(t.id);
    });
  }

  trials(cid: number, f: { productId?: string; computerId?: string; expiresBefore?: string; expiresAfter?: string; createdBefore?: string; createdAfter?: string; status?: 'inTrial' | 'expired'; converted?: boolean }): (TrialRow & { productId: string })[] {
    const where = ['p.customer_id = ?'];
    const args: unknown[] = [cid];
    if (f.productId) { where.push('p.product_id = ?'); args.push(f.productId); }
    if (f.computerId) { where.push('t.computer_id = ?'); args.push(f.computerId); }
    if (f.expiresBefore) { where.push('t.expires < ?'); args.push(f.expiresBefore); }
    if (f.expiresAfter) { where.push('t.expires > ?'); args.push(f.expiresAfter); }
    if (f.createdBefore) { where.push('t.created < ?'); args.push(f.createdBefore); }
    if (f.createdAfter) { where.push('t.created > ?'); args.push(f.createdAfter); }
    if (f.converted !== undefined) where.push(f.converted ? 't.license_code IS NOT NULL' : 't.license_code IS NULL');
    if (f.status) { where.push(f.status === 'inTrial' ? 't.expires > ?' : 't.expires <= ?'); args.push(nowStamp()); }
    return this.db.prepare(`SELECT t.*, p.product_id AS productId FROM zt_trials t JOIN zt_products p ON p.id = t.product_pk WHERE ${where.join(' AND ')} ORDER BY t.id`).all(...args) as (TrialRow & { productId: string })[];
  }

  // ---- groups --------------------------------------------------------------------------------

  group(cid: number, by: { id?: number; name?: string }): GroupRow {
    if ((by.id === undefined) === (by.name === undefined)) throw new ZtError('Either GroupID or GroupName must be supplied, not both');
    const row = (by.id !== undefined
      ? this.db.prepare('SELECT * FROM zt_groups WHERE customer_id = ? AND id = ?').get(cid, by.id)
      : this.db.prepare('SELECT * FROM zt_groups WHERE customer_id = ? AND name = ?').get(cid, by.name)) as GroupRow | undefined;
    if (!row) throw new ZtError('Invalid Group', 'notfound');
    return row;
  }
  private checkMaster(cid: number, masterId: number | undefined, selfId?: number): void {
    if (!masterId) return;
    const m = this.db.prepare('SELECT type FROM zt_groups WHERE customer_id = ? AND id = ?').get(cid, masterId) as { type: number } | undefined;
    if (!m) throw new ZtError('Invalid MasterGroupID', 'notfound');
    if (m.type !== 1) throw new ZtError('MasterGroupID must be a master group');
    if (masterId === selfId) throw new ZtError('A group cannot be its own master group');
  }
  createGroup(cid: number, input: { name: string; type: 1 | 2; description?: string; masterGroupId?: number; companyId?: number }): number {
    return this.tx(() => this.insertGroup(cid, input));
  }
  private insertGroup(cid: number, input: { name: string; type: 1 | 2; description?: string; masterGroupId?: number; companyId?: number }): number {
    if (!input.name.trim()) throw new ZtError('GroupName is required');
    if (this.db.prepare('SELECT 1 FROM zt_groups WHERE customer_id = ? AND name = ?').get(cid, input.name)) throw new ZtError('Group name already exists', 'conflict');
    this.checkMaster(cid, input.masterGroupId);
    const company = this.companyRef(cid, input.companyId) ?? 0;
    const now = nowStamp();
    return Number(this.db.prepare('INSERT INTO zt_groups (customer_id, name, type, master_group_id, description, company_id, created, modified) VALUES (?,?,?,?,?,?,?,?)')
      .run(cid, input.name, input.type, input.masterGroupId ?? 0, input.description ?? '', company, now, now).lastInsertRowid);
  }
  updateGroup(cid: number, id: number, input: { name?: string; type?: 1 | 2; description?: string; masterGroupId?: number; companyId?: number }): void {
    this.tx(() => {
      const g = this.group(cid, { id });
      if (input.name !== undefined) {
        if (!input.name.trim()) throw new ZtError('GroupName cannot be empty');
        const other = this.db.prepare('SELECT id FROM zt_groups WHERE customer_id = ? AND name = ?').get(cid, input.name) as { id: number } | undefined;
        if (other && other.id !== g.id) throw new ZtError('Group name already exists', 'conflict');
      }
      this.checkMaster(cid, input.masterGroupId, g.id);
      const company = this.companyRef(cid, input.companyId);
      this.updateColumns('zt_groups', g.id, {
        name: input.name, type: input.type, description: input.description, master_group_id: input.masterGroupId, company_id: company === undefined ? undefined : company ?? 0, modified: nowStamp(),
      });
    });
  }
  deleteGroup(cid: number, by: { id?: number; name?: string }): void {
    this.tx(() => {
      const g = this.group(cid, by);
      if (this.db.prepare('SELECT 1 FROM zt_groups WHERE customer_id = ? AND master_group_id = ?').get(cid, g.id)) throw new ZtError('The group has subgroups and cannot be deleted', 'conflict');
      this.db.prepare('DELETE FROM zt_groups WHERE id = ?').run(g.id);
    });
  }
  groupDetails(cid: number, by: { id?: number; name?: string }): { group: GroupRow; licenses: GroupLicenseView[]; users: GroupUserRow[]; subgroups: { id: number; name: string }[] } {
    const group = this.group(cid, by);
    return {
      group,
      licenses: this.db.prepare(`SELECT gl.license_id AS licenseId, gl.group_id AS groupId, p.product_id AS productId, c.code, gl.created, gl.modified FROM zt_group_licenses gl
          JOIN zt_license_codes c ON c.id = gl.license_id JOIN zt_products p ON p.id = c.product_pk WHERE gl.group_id = ? ORDER BY gl.created, c.id`).all(group.id) as GroupLicenseView[],
      users: this.db.prepare('SELECT * FROM zt_group_users WHERE group_id = ? ORDER BY id').all(group.id) as GroupUserRow[],
      subgroups: this.db.prepare('SELECT id, name FROM zt_groups WHERE customer_id = ? AND master_group_id = ? ORDER BY id').all(cid, group.id) as { id: number; name: string }[],
    };
  }

  groupUser(cid: number, by: { id?: number; username?: string }): GroupUserRow {
    if ((by.id === undefined) === (by.username === undefined)) throw new ZtError('Either UserName or GroupUserID must be supplied, not both');
    const row = (by.id !== undefined
      ? this.db.prepare('SELECT * FROM zt_group_users WHERE customer_id = ? AND id = ?').get(cid, by.id)
      : this.db.prepare('SELECT * FROM zt_group_users WHERE customer_id = ? AND username = ?').get(cid, by.username)) as GroupUserRow | undefined;
    if (!row) throw new ZtError('Invalid Group User', 'notfound');
    return row;
  }
  /** `passwordHash` is computed by the caller (scrypt is async; the transaction is not). */
  addGroupUser(cid: number, input: { groupId: number; username: string; passwordHash: string; firstname?: string; lastname?: string; email?: string; telephone?: string; additional?: string }): number {
    return this.tx(() => this.insertGroupUser(cid, input));
  }
  private insertGroupUser(cid: number, input: { groupId: number; username: string; passwordHash: string; firstname?: string; lastname?: string; email?: string; telephone?: string; additional?: string }): number {
    const g = this.group(cid, { id: input.groupId });
    if (!input.username.trim()) throw new ZtError('UserName is required');
    if (this.db.prepare('SELECT 1 FROM zt_group_users WHERE customer_id = ? AND username = ?').get(cid, input.username)) throw new ZtError('UserName already exists', 'conflict');
    const now = nowStamp();
    return Number(this.db.prepare(`INSERT INTO zt_group_users (customer_id, group_id, username, password_hash, firstname, lastname, email, telephone, additional, created, modified)
        VALUES (?,?,?,?,?,?,?,?,?,?,?)`).run(cid, g.id, input.username, input.passwordHash, input.firstname ?? '', input.lastname ?? '', input.email ?? '',
      input.telephone ?? '', input.additional ?? '', now, now).lastInsertRowid);
  }
  updateGroupUser(cid: number, id: number, input: { groupId: number; username?: string; firstname?: string; lastname?: string; email?: string; telephone?: string; additional?: string }): void {
    this.tx(() => {
      const u = this.groupUser(cid, { id });
      const g = this.group(cid, { id: input.groupId });
      if (input.username !== undefined) {
        if (!input.username.trim()) throw new ZtError('UserName cannot be empty');
        const other = this.db.prepare('SELECT id FROM zt_group_users WHERE customer_id = ? AND username = ?').get(cid, input.username) as { id: number } | undefined;
        if (other && other.id !== u.id) throw new ZtError('UserName already exists', 'conflict');
      }
      this.updateColumns('zt_group_users', u.id, {
        group_id: g.id, username: input.username, firstname: input.firstname, lastname: input.lastname, email: input.email, telephone: input.telephone,
        additional: input.additional, modified: nowStamp(),
      });
    });
  }
  setGroupUserPassword(cid: number, username: string, passwordHash: string): void {
    this.tx(() => {
      const u = this.groupUser(cid, { username });
      this.db.prepare('UPDATE zt_group_users SET password_hash = ?, modified = ? WHERE id = ?').run(passwordHash, nowStamp(), u.id);
    });
  }
  deleteGroupUser(cid: number, id: number): void {
    this.tx(() => {
      const u = this.groupUser(cid, { id });
      this.db.prepare('DELETE FROM zt_group_users WHERE id = ?').run(u.id);
    });
  }
  /** End-user login: unknown user and wrong password cost the same and answer the same. */
  async authenticateGroupUser(cid: number, username: string, password: string): Promise<boolean> {
    const row = this.db.prepare('SELECT password_hash FROM zt_group_users WHERE customer_id = ? AND username = ?').get(cid, username) as { password_hash: string } | undefined;
    return verifySecret(row?.password_hash, password);
  }

  /**
   * POST GroupLicenseCode / AddGroupLicenseCode. Assigning a code to the group it is already in sets its company and
   * profile again and succeeds (the seed's examples do this: GET shows the code assigned, then POST assigns it to
   * the same group); a code in another group is a conflict.
   */
  addGroupLicense(cid: number, input: { groupId: number; productId: string; code: string; companyId?: number; profileId?: number }): void {
    this.tx(() => this.insertGroupLicense(cid, input, true));
  }
  private insertGroupLicense(cid: number, input: { groupId: number; productId: string; code: string; companyId?: number; profileId?: number }, reassign = false): void {
    const g = this.group(cid, { id: input.groupId });
    const { p, row } = this.code(cid, input.productId, input.code);
    const existing = this.db.prepare('SELECT group_id FROM zt_group_licenses WHERE license_id = ?').get(row.id) as { group_id: number } | undefined;
    const again = existing?.group_id === g.id && reassign;
    if (existing && !again) throw new ZtError(existing.group_id === g.id ? 'License Code is already assigned to this group' : 'License Code is already assigned to another group', 'conflict');
    const cols: Record<string, unknown> = {};
    const company = this.companyRef(cid, input.companyId);
    if (company !== undefined) cols.company_id = company;
    if (input.profileId) {
      const prof = this.db.prepare('SELECT id FROM zt_profiles WHERE id = ? AND product_pk = ?').get(input.profileId, p.id);
      if (!prof) throw new ZtError('Invalid ProfileID', 'notfound');
      cols.profile_id = input.profileId;
    }
    this.updateColumns('zt_license_codes', row.id, cols);
    const now = nowStamp();
    if (again) this.db.prepare('UPDATE zt_group_licenses SET modified = ? WHERE license_id = ?').run(now, row.id);
    else this.db.prepare('INSERT INTO zt_group_licenses (license_id, group_id, created, modified) VALUES (?,?,?,?)').run(row.id, g.id, now, now);
  }
  deleteGroupLicense(cid: number, input: { groupId: number; productId: string; code: string }): void {
    this.tx(() => {
      const g = this.group(cid, { id: input.groupId });
      const { row } = this.code(cid, input.productId, input.code);
      if (!this.db.prepare('DELETE FROM zt_group_licenses WHERE license_id = ? AND group_id = ?').run(row.id, g.id).changes) {
        throw new ZtError('License Code is not assigned to this group', 'notfound');
      }
    });
  }
  groupLicense(cid: number, productId: string, code: string): GroupLicenseView {
    const { p, row } = this.code(cid, productId, code);
    const gl = this.db.prepare('SELECT * FROM zt_group_licenses WHERE license_id = ?').get(row.id) as { group_id: number; created: string; modified: string } | undefined;
    if (!gl) throw new ZtError('License Code is not assigned to a group', 'notfound');
    return { licenseId: row.id, groupId: gl.group_id, productId: p.product_id, code: row.code, created: gl.created, modified: gl.modified };
  }
  /** CreateGroupUserLicense: group (reused when it exists), user and assignment together, or nothing. */
  createGroupUserLicense(cid: number, input: { groupName: string; username: string; passwordHash: string; productId: string; code: string; firstname?: string; lastname?: string; email?: string; telephone?: string; additional?: string }): void {
    this.tx(() => {
      this.code(cid, input.productId, input.code);
      const existing = this.db.prepare('SELECT id FROM zt_groups WHERE customer_id = ? AND name = ?').get(cid, input.groupName) as { id: number } | undefined;
      const groupId = existing?.id ?? this.insertGroup(cid, { name: input.groupName, type: 1 });
      this.insertGroupUser(cid, { ...input, groupId });
      this.insertGroupLicense(cid, { groupId, productId: input.productId, code: input.code });
    });
  }

  // ---- notes ---------------------------------------------------------------------------------

  notes(cid: number, productId: string, code: string): NoteRow[] {
    const { row } = this.code(cid, productId, code);
    return this.db.prepare('SELECT * FROM zt_notes WHERE license_id = ? ORDER BY id').all(row.id) as NoteRow[];
  }
  createNote(cid: number, productId: string, code: string | undefined, type: 'General' | 'System', description: string): number {
    return this.tx(() => {
      const { row } = this.code(cid, productId, code ?? '');
      if (!description.trim()) throw new ZtError('Description is required');
      return Number(this.db.prepare("INSERT INTO zt_notes (license_id, type, description, created, created_by) VALUES (?,?,?,?,'')").run(row.id, type, description, nowStamp()).lastInsertRowid);
    });
  }
  private noteRow(licenseId: number, noteId: number | undefined): NoteRow {
    if (!noteId) throw new ZtError('NoteID is required');
    const n = this.db.prepare('SELECT * FROM zt_notes WHERE license_id = ? AND id = ?').get(licenseId, noteId) as NoteRow | undefined;
    if (!n) throw new ZtError('Invalid NoteID', 'notfound');
    return n;
  }
  updateNote(cid: number, productId: string, code: string | undefined, noteId: number | undefined, patch: { type?: 'General' | 'System'; description?: string }): NoteRow {
    return this.tx(() => {
      const { row } = this.code(cid, productId, code ?? '');
      const n = this.noteRow(row.id, noteId);
      if (patch.description !== undefined && !patch.description.trim()) throw new ZtError('Description cannot be empty');
      this.updateColumns('zt_notes', n.id, { type: patch.type, description: patch.description });
      return this.db.prepare('SELECT * FROM zt_notes WHERE id = ?').get(n.id) as NoteRow;
    });
  }
  /** noteid 0 or absent deletes every note of the code. */
  deleteNote(cid: number, productId: string, code: string | undefined, noteId: number | undefined): void {
    this.tx(() => {
      const { row } = this.code(cid, productId, code ?? '');
      if (!noteId) {
        if (!this.db.prepare('DELETE FROM zt_notes WHERE license_id = ?').run(row.id).changes) throw new ZtError('No notes found for this License Code', 'notfound');
        return;
      }
      this.db.prepare('DELETE FROM zt_notes WHERE id = ?').run(this.noteRow(row.id, noteId).id);
    });
  }

  // ---- DataStreamer --------------------------------------------------------------------------

  dataStreamer(cid: number, event: string, productId: string | undefined, payload: unknown): number {
    return this.tx(() => {
      if (!/^[A-Za-z0-9_.-]{1,100}$/.test(event)) throw new ZtError('Invalid event name');
      const pk = productId ? this.product(cid, productId).id : null;
      return Number(this.db.prepare('INSERT INTO zt_datastreamer (customer_id, product_pk, event, payload, created) VALUES (?,?,?,?,?)')
        .run(cid, pk, event, JSON.stringify(payload ?? {}), nowStamp()).lastInsertRowid);
    });
  }
}
