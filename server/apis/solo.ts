/**
 * SoftwareKey SOLO Server XmlLicenseService: every X/XS method pair shares one
 * implementation over the solo_* tables. Result codes are the seed's.
 */
import type { InvalidInput, XmlLicenseServiceHandlers } from '../../generated/solo/server.js';
import type * as T from '../../generated/solo/types.js';
import { parseXml, serializeElement } from '../../generated/runtime/xml.js';
import type { Db } from '../db/store.ts';
import { hashSecret, verifySecret, randomCode, SecretBox } from '../auth.ts';
import { parseUsDate, isoDate, isoDateTime, addDays, todayIso } from '../util.ts';

interface UserRow {
  author_id: number;
  user_id: string;
  password_hash: string;
  can_add: number;
  can_edit: number;
  can_view_password: number;
}
interface LicenseRow {
  id: number;
  author_id: number;
  option_id: number;
  customer_id: number;
  quantity: number;
  entered_date: string;
  expiration: string | null;
  download_expiration: string | null;
  activations_left: number;
  deactivations_left: number;
  license_counter: number | null;
  version: string | null;
  license_update: string | null;
  licensee_email: string | null;
  licensee_name: string | null;
  is_test: number;
  status: T.LicenseStatus;
  replaced_by: string | null;
  serial_number: string | null;
  serial_text: string | null;
  activation_password_hash: string;
  registered: number;
  invoice_no: number | null;
  custom_data: string | null;
  custom_data_is_xml: number;
  udef_json: string;
  // joined
  product_id: number;
  product_name: string;
  latest_version: string;
  option_name: string;
  tc_fixed_value: number;
  days_to_dl: number;
  udf_writable: number;
  customer_password_hash: string | null;
  serial_password_hash: string | null;
}
interface CustomerRow {
  id: number;
  company: string | null; first_name: string | null; last_name: string | null; address1: string | null; address2: string | null;
  city: string | null; state_province: string | null; postal_code: string | null; country: string | null; phone: string | null;
  fax: string | null; email: string | null; notes: string | null; eu_vat: string | null;
}

const LICENSE_SELECT = `SELECT l.*, p.id AS product_id, p.name AS product_name, p.latest_version, o.name AS option_name,
    o.tc_fixed_value, o.days_to_dl, o.udf_writable, c.password_hash AS customer_password_hash, s.password_hash AS serial_password_hash
  FROM solo_licenses l JOIN solo_product_options o ON o.id = l.option_id JOIN solo_products p ON p.id = o.product_id
  JOIN solo_customers c ON c.id = l.customer_id LEFT JOIN solo_serials s ON s.license_id = l.id`;

const UDEF_KEYS = [
  ...Array.from({ length: 10 }, (_, i) => `UDefChar${i + 1}`),
  ...Array.from({ length: 5 }, (_, i) => `UDefNum${i + 1}`),
  ...Array.from({ length: 5 }, (_, i) => `UDefFloat${i + 1}`),
  ...Array.from({ length: 5 }, (_, i) => `UDefDate${i + 1}`),
];

/**
 * The long form of N.N.N.N as a decimal string: five decimal digits per part (major·10^15 + minor·10^10 + build·10^5
 * + revision), so versions with parts up to 99999 (the contract's limit) have their own values and longs order as the
 * versions do. The seed says only "the long representation"; 16-bit parts (Windows file versions) would clamp at
 * 65535. No packing fits all 10^20 versions into 64 bits: a major part above 9223 gives undefined (the element is
 * optional) rather than a value shared with another version.
 */
export function versionLong(version: string): string | undefined {
  const parts = version.split('.').map((p) => BigInt(/^\d{1,5}$/.test(p) ? p : '0'));
  while (parts.length < 4) parts.push(0n);
  const value = parts.slice(0, 4).reduce((sum, part) => sum * 100000n + part, 0n);
  return value <= 9223372036854775807n ? value.toString() : undefined;
}

/** -1/0/1 comparison of dotted versions. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** A stored text field as the output shows it: the seed's output documents list every customer field, blank when unset. */
function blank(s: string | null | undefined): string {
  return s ?? '';
}

export function soloHandlers(db: Db, serverSecret: Buffer): XmlLicenseServiceHandlers {
  const passwords = new SecretBox(serverSecret, 'solo customer passwords');
  const userStmt = db.prepare('SELECT * FROM solo_users WHERE author_id = ? AND user_id = ?');
  const licenseById = db.prepare(`${LICENSE_SELECT} WHERE l.id = ?`);
  const licenseBySerial = db.prepare(`${LICENSE_SELECT} WHERE l.serial_number = ? AND p.id = ?`);
  const customerStmt = db.prepare('SELECT * FROM solo_customers WHERE id = ?');

  /** The API user when AuthorID/UserID/UserPassword match, else undefined (same answer and cost for unknown IDs). */
  async function logon(authorId: number | undefined, userId: string | undefined, password: string | undefined): Promise<UserRow | undefined> {
    const row = authorId === undefined || userId === undefined ? undefined : (userStmt.get(authorId, userId) as UserRow | undefined);
    const ok = await verifySecret(row?.password_hash, password ?? '');
    return ok ? row : undefined;
  }

  function findLicense(input: { LicenseID?: number; SerialNumber?: string; ProductID?: number }): LicenseRow | undefined {
    if (input.LicenseID !== undefined) return licenseById.get(input.LicenseID) as LicenseRow | undefined;
    if (input.SerialNumber && input.ProductID !== undefined) return licenseBySerial.get(input.SerialNumber, input.ProductID) as LicenseRow | undefined;
    return undefined;
  }

  /** Whether `password` is the customer password, the license activation password, or the list serial's password. */
  async function licensePasswordOk(lic: LicenseRow | undefined, password: string | undefined): Promise<boolean> {
    if (!lic || !password) {
      await verifySecret(undefined, password);
      return false;
    }
    if (await verifySecret(lic.activation_password_hash, password)) return true;
    if (lic.customer_password_hash && (await verifySecret(lic.customer_password_hash, password))) return true;
    return !!lic.serial_password_hash && (await verifySecret(lic.serial_password_hash, password));
  }

  function customerFields(c: CustomerRow) {
    return {
      CustomerID: c.id, Company: blank(c.company), FirstName: blank(c.first_name), LastName: blank(c.last_name), Address1: blank(c.address1),
      Address2: blank(c.address2), City: blank(c.city), StateProvince: blank(c.state_province), PostalCode: blank(c.postal_code), Country: blank(c.country),
    };
  }

  // ---- Add ---------------------------------------------------------------------------------------
  const optionStmt = db.prepare(`SELECT o.* FROM solo_product_options o JOIN solo_products p ON p.id = o.product_id WHERE o.id = ? AND p.author_id = ?`);
  const customerOfAuthor = db.prepare('SELECT * FROM solo_customers WHERE id = ? AND author_id = ?');
  const distributorOfAuthor = db.prepare('SELECT 1 FROM solo_distributors WHERE id = ? AND author_id = ?');
  const takeSerial = db.prepare(`UPDATE solo_serials SET license_id = ? WHERE id = (SELECT id FROM solo_serials WHERE option_id = ? AND license_id IS NULL ORDER BY id LIMIT 1) RETURNING serial`);
  const insertLicense = db.prepare(`INSERT INTO solo_licenses (author_id, option_id, customer_id, distributor_id, quantity, unit_price, entered_date,
      expiration, download_expiration, activations_left, deactivations_left, license_counter, version, license_update, notes, licensee_email,
      licensee_name, is_test, status, serial_number, activation_password_hash)
    VALUES (@author_id, @option_id, @customer_id, @distributor_id, @quantity, @unit_price, @entered_date, @expiration, @download_expiration,
      @activations_left, @deactivations_left, @license_counter, @version, @license_update, @notes, @licensee_email, @licensee_name, @is_test, 'OK',
      @serial_number, @activation_password_hash)`);
  const setSerial = db.prepare('UPDATE solo_licenses SET serial_number = ? WHERE id = ?');
  const setCustomerPassword = db.prepare('UPDATE solo_customers SET password_hash = ?, password_sealed = ?, password_chosen = ? WHERE id = ?');

  async function add(x: T.AddInput | undefined): Promise<T.AddOutput> {
    if (!x) return { ResultCode: -2 };
    const user = await logon(x.AuthorID, x.UserID, x.UserPassword);
    if (!user || !user.can_add) return { ResultCode: -1 };
    const option = optionStmt.get(x.ProdOptionID, user.author_id) as { id: number; kind: string; serial_mode: string; days_to_dl: number } | undefined;
    if (!option) return { ResultCode: 1 };
    if (option.kind === 'bundle') return { ResultCode: 2 };
    if (option.kind === 'payment_plan') return { ResultCode: 3 };
    if (option.kind === 'license_group_required') return { ResultCode: 7 };
    const customer = customerOfAuthor.get(x.CustomerID, user.author_id) as { id: number; password_hash: string | null; password_sealed: string | null; password_chosen: number } | undefined;
    if (!customer) return { ResultCode: 4 };
    if (x.DistributorID !== undefined && !distributorOfAuthor.get(x.DistributorID, user.author_id)) return { ResultCode: 5 };
    let expiration: string | null = null;
    if (x.Expiration) {
      const d = parseUsDate(x.Expiration);
      if (!d) return { ResultCode: 8 };
      expiration = d;
    } else if (option.days_to_dl > 0) {
      expiration = addDays(todayIso(), option.days_to_dl);
    }
    const activationPassword = randomCode(3, 3);
    const activationHash = await hashSecret(activationPassword);
    // A customer without a password gets a generated one now; only then can we show it (passwords are stored hashed).
    const newCustomerPassword = customer.password_hash ? undefined : randomCode(2, 4);
    const customerHash = newCustomerPassword ? await hashSecret(newCustomerPassword) : undefined;
    const now = new Date();
    const created = db.transaction((): { id: number; serial?: string } | 6 => {
      const info = insertLicense.run({
        author_id: user.author_id, option_id: option.id, customer_id: customer.id, distributor_id: x.DistributorID ?? null,
        quantity: x.Quantity, unit_price: x.UnitPrice, entered_date: isoDateTime(now), expiration,
        download_expiration: expiration,
        activations_left: x.ActivationCount, deactivations_left: x.DeactivationCount,
        license_counter: x.LicenseCounter === undefined || x.LicenseCounter === '' ? null : x.LicenseCounter,
        version: x.Version ?? null, license_update: x.LicenseUpdate ?? null, notes: x.Notes ?? null,
        licensee_email: x.LicenseeEmail ?? null, licensee_name: x.LicenseeName ?? null, is_test: x.IsTestLicense ? 1 : 0,
        serial_number: null, activation_password_hash: activationHash,
      });
      const id = Number(info.lastInsertRowid);
      let serial: string | undefined;
      if (option.serial_mode === 'from_list') {
        const row = takeSerial.get(id, option.id) as { serial: string } | undefined;
        if (!row) throw new NoSerials();
        serial = row.serial;
      } else if (option.serial_mode === 'generated') {
        serial = `SN-${now.getUTCFullYear()}-${String(id).padStart(6, '0')}`;
      }
      if (serial) setSerial.run(serial, id);
      if (customerHash) setCustomerPassword.run(customerHash, passwords.seal(newCustomerPassword!), 0, customer.id);
      return serial === undefined ? { id } : { id, serial };
    });
    let made: { id: number; serial?: string };
    try {
      made = created.immediate() as { id: number; serial?: string };
    } catch (e) {
      if (e instanceof NoSerials) return { ResultCode: 6 };
      throw e;
    }
    const out: T.AddOutput = { ResultCode: 0, LicenseID: made.id };
    // Seed: the password "is only returned if the user calling the web method has View Password permission or the
    // password was not chosen by the customer".
    const shown = newCustomerPassword ?? (user.can_view_password || !customer.password_chosen ? passwords.open(customer.password_sealed) : undefined);
    if (shown !== undefined) out.Password = shown;
    if (made.serial) out.SerialNumber = made.serial;
    out.ActivationPassword = activationPassword;
    return out;
  }

  // ---- InfoCheck -----------------------------------------------------------------------------------
  async function infoCheck(x: T.LicenseInfoCheckDocument | undefined): Promise<T.LicenseInfoCheckDocument> {
    if (!x) return { ResultCode: -2 };
    const lic = findLicense(x);
    if (!lic) {
      if (x.Password) await verifySecret(undefined, x.Password);
      return { ResultCode: 100 };
    }
    let withPassword = false;
    if (x.Password !== undefined && x.Password !== '') {
      if (!(await licensePasswordOk(lic, x.Password))) return { ResultCode: 100 };
      withPassword = true;
    }
    if (x.ProductID !== undefined && x.ProductID !== lic.product_id) return { ResultCode: 200 };
    const out: T.LicenseInfoCheckDocument = {
      ResultCode: 0, ProductID: lic.product_id, ProductName: lic.product_name, LatestVersion: lic.latest_version,
      ProdOptionID: lic.option_id, OptionName: lic.option_name, TCFixedValue: lic.tc_fixed_value, EnteredDate: lic.entered_date,
      Status: lic.status, Quantity: lic.quantity, ReplacedBy: lic.replaced_by ?? '', RemainingActivations: lic.activations_left,
      RemainingDeactivations: lic.deactivations_left,
    };
    // The license expiration is its download expiration (Add: "calculated based on the product option Days To D/L").
    if (lic.expiration) out.DownloadExpiration = `${lic.expiration}T00:00:00`;
    out.LicenseUpdate = lic.license_update ?? '';
    out.CurrentVersion = lic.version ?? '';
    if (lic.invoice_no !== null) out.InvoiceNo = lic.invoice_no;
    if (withPassword) {
      out.LicenseeEmail = lic.licensee_email ?? '';
      out.LicenseeName = lic.licensee_name ?? '';
    }
    out.IsTestLicense = !!lic.is_test;
    if (lic.license_counter !== null) out.LicenseCounter = lic.license_counter;
    if (withPassword) {
      const c = customerStmt.get(lic.customer_id) as CustomerRow;
      Object.assign(out, customerFields(c), { Email: blank(c.email), Phone: blank(c.phone), Fax: blank(c.fax) });
      // Individual UDef elements are absent when they have no value (seed).
      const udef = JSON.parse(lic.udef_json) as Record<string, unknown>;
      for (const k of UDEF_KEYS) if (udef[k] !== undefined && udef[k] !== null) (out as Record<string, unknown>)[k] = udef[k];
    }
    return out;
  }

  // ---- UpdateCheck ---------------------------------------------------------------------------------
  const productById = db.prepare('SELECT * FROM solo_products WHERE id = ?');
  const productByName = db.prepare('SELECT * FROM solo_products WHERE name = ? ORDER BY id LIMIT 1');
  const updateOf = db.prepare('SELECT * FROM solo_product_updates WHERE product_id = ?');

  async function updateCheck(x: T.LicenseUpdateCheckDocument | undefined): Promise<T.LicenseUpdateCheckDocument> {
    if (!x) return { ResultCode: -2 };
    let lic: LicenseRow | undefined;
    if (x.LicenseID !== undefined) {
      lic = licenseById.get(x.LicenseID) as LicenseRow | undefined;
      if (!lic) return { ResultCode: 100 };
    }
    let productId: number | undefined;
    if (lic) {
      if (x.ProductID !== undefined && x.ProductID !== lic.product_id) return { ResultCode: 200 };
      productId = lic.product_id;
    } else if (x.ProductID !== undefined) {
      productId = (productById.get(x.ProductID) as { id: number } | undefined)?.id;
    } else if (x.ProductName) {
      productId = (productByName.get(x.ProductName) as { id: number } | undefined)?.id;
    }
    if (productId === undefined) return { ResultCode: 200 };
    if (x.VerifyDaysToDL && lic && lic.days_to_dl > 0 && lic.expiration && lic.expiration < todayIso()) {
      return { ResultCode: 300 };
    }
    const product = productById.get(productId) as { latest_version: string };
    const upd = updateOf.get(productId) as
      | { version: string; action: T.ActionToTake; verify_password: number; url_info: string | null; url_file: string | null; latest_free_version: string | null; release_date: string | null; messages_json: string; license_agreement_url: string | null }
      | undefined;
    const out: T.LicenseUpdateCheckDocument = { ResultCode: 0 };
    if (lic) {
      out.Status = lic.status;
      out.ReplacedBy = lic.replaced_by ?? '';
      out.LicenseUpdate = lic.license_update ?? '';
    }
    const latest = upd?.version ?? product.latest_version;
    out.VersionString = latest;
    const long = versionLong(latest);
    if (long !== undefined) out.VersionLong = long;
    let action: T.ActionToTake = upd ? upd.action : 'NONE';
    if (x.Version && compareVersions(x.Version, latest) >= 0) action = 'NONE';
    let passwordOk = false;
    if (upd?.verify_password && action !== 'NONE') {
      passwordOk = await licensePasswordOk(lic, x.Password);
      if (!passwordOk) action = 'SECURE';
    } else if (lic && x.Password) {
      passwordOk = await licensePasswordOk(lic, x.Password);
    }
    out.ActionToTake = action;
    if (upd && action !== 'SECURE') {
      out.URLInfo = upd.url_info ?? '';
      if (upd.url_file) {
        out.URLFile = upd.url_file;
        const [server = '', port = '', file = '', user = '', pass = ''] = upd.url_file.split('|');
        out.URLFileServerName = server;
        out.URLFilePort = port;
        out.URLFilePathOrFileName = file;
        // License ID/Password authentication: the placeholders stand for the caller's own credentials.
        out.URLFileUserName = user === '[varUserName]' ? (lic ? String(lic.id) : '') : user;
        out.URLFilePassword = pass === '[varPassword]' ? (passwordOk ? x.Password ?? '' : '') : pass;
      }
      out.LatestFreeVersion = upd.latest_free_version ?? '';
      if (upd.release_date) out.ReleaseDate = `${upd.release_date}T00:00:00`;
      const messages = JSON.parse(upd.messages_json) as Record<string, string>;
      out.ShortMessage = messages[x.LanguageCode || 'en'] ?? messages.en ?? '';
    }
    if (lic?.expiration) out.NoMoreDL = `${lic.expiration}T00:00:00`;
    if (upd?.license_agreement_url && action !== 'SECURE') out.LicenseAgreementUrl = upd.license_agreement_url;
    return out;
  }

  // ---- ValidateLicenseRegistration -----------------------------------------------------------------
  async function validateRegistration(x: T.ValidateLicenseRegistrationInput | undefined): Promise<T.ValidateLicenseRegistrationOutput> {
    if (!x) return { ResultCode: -2 };
    const lic = findLicense(x);
    if (!(await licensePasswordOk(lic, x.Password)) || !lic) return { ResultCode: 100 };
    if (!lic.registered) return { ResultCode: 300 };
    const c = customerStmt.get(lic.customer_id) as CustomerRow;
    return {
      ResultCode: 0, ...customerFields(c), Phone: blank(c.phone), Fax: blank(c.fax), Email: blank(c.email), Notes: blank(c.notes),
      EuropeanUnionVATNumber: blank(c.eu_vat), ProductID: lic.product_id, ProdOptionID: lic.option_id,
      // The sample's spelling, always (as the sample lists it); the table's spelling too when there is a value.
      LicenseEmail: blank(lic.licensee_email), LicenseName: blank(lic.licensee_name),
      ...(lic.licensee_email === null ? {} : { LicenseeEmail: lic.licensee_email }),
      ...(lic.licensee_name === null ? {} : { LicenseeName: lic.licensee_name }),
    };
  }

  // ---- Register / UpdateRegistration ---------------------------------------------------------------
  const updateLicensee = db.prepare('UPDATE solo_licenses SET licensee_email = COALESCE(?, licensee_email), licensee_name = COALESCE(?, licensee_name) WHERE id = ?');
  const markRegistered = db.prepare('UPDATE solo_licenses SET registered = 1 WHERE id = ?');
  const updateCustomer = db.prepare(`UPDATE solo_customers SET company = COALESCE(@Company, company), first_name = COALESCE(@FirstName, first_name),
      last_name = COALESCE(@LastName, last_name), address1 = COALESCE(@Address1, address1), address2 = COALESCE(@Address2, address2),
      city = COALESCE(@City, city), state_province = COALESCE(@StateProvince, state_province), postal_code = COALESCE(@PostalCode, postal_code),
      country = COALESCE(@Country, country), phone = COALESCE(@Phone, phone), fax = COALESCE(@Fax, fax), email = COALESCE(@Email, email),
      notes = COALESCE(@Notes, notes), eu_vat = COALESCE(@EuropeanUnionVATNumber, eu_vat) WHERE id = @id`);

  async function register(x: T.RegisterInput | undefined, onlyNew: boolean): Promise<T.RegisterOutput> {
    if (!x) return { ResultCode: -2 };
    const lic = findLicense(x);
    if (!(await licensePasswordOk(lic, x.Password)) || !lic) return { ResultCode: 100 };
    if (onlyNew && lic.registered) return { ResultCode: 300, CustomerID: lic.customer_id };
    const byCustomerPassword = !!lic.customer_password_hash && (await verifySecret(lic.customer_password_hash, x.Password));
    const newHash = x.NewPassword && byCustomerPassword ? await hashSecret(x.NewPassword) : undefined;
    const fields = ['Company', 'FirstName', 'LastName', 'Address1', 'Address2', 'City', 'StateProvince', 'PostalCode', 'Country', 'Phone', 'Fax', 'Email', 'Notes', 'EuropeanUnionVATNumber'] as const;
    db.transaction(() => {
      updateLicensee.run(x.LicenseeEmail ?? null, x.LicenseeName ?? null, lic.id);
      if (x.LicenseeOnly) return;
      const params: Record<string, unknown> = { id: lic.customer_id };
      for (const f of fields) params[f] = x[f] ?? null;
      updateCustomer.run(params);
      markRegistered.run(lic.id);
      if (newHash) setCustomerPassword.run(newHash, passwords.seal(x.NewPassword!), 1, lic.customer_id);
    }).immediate();
    return { ResultCode: 0, CustomerID: lic.customer_id };
  }

  // ---- UpdateActivationFields ----------------------------------------------------------------------
  const licenseOfAuthor = db.prepare('SELECT * FROM solo_licenses WHERE id = ? AND author_id = ?');
  const writeActivation = db.prepare(`UPDATE solo_licenses SET status = @status, activations_left = @activations_left,
      deactivations_left = @deactivations_left, license_counter = @license_counter, expiration = @expiration,
      license_update = @license_update, serial_text = @serial_text WHERE id = @id`);

  async function updateActivationFields(x: T.UpdateActivationFieldsInput | undefined): Promise<T.UpdateActivationFieldsOutput> {
    if (!x) return { ResultCode: -2 };
    const user = await logon(x.AuthorID, x.UserID, x.UserPassword);
    if (!user || !user.can_edit) return { ResultCode: -1 };
    const pairs: [unknown, unknown][] = [
      [x.ActivationsLeft, x.ActivationsIncrement], [x.DeactivationsLeft, x.DeactivationsIncrement],
      [x.LicenseCounter, x.LicenseCounterIncrement], [x.ExpirationDate, x.ExpirationDateIncrement],
    ];
    // "Used in place of": an absolute value and an increment for the same field contradict each other.
    if (pairs.some(([a, b]) => a !== undefined && b !== undefined)) return { ResultCode: 50 };
    const any = [x.Status, x.LicenseUpdate, x.SerialNumberText, ...pairs.flat()].some((v) => v !== undefined);
    let expirationAbs: string | undefined;
    if (x.ExpirationDate !== undefined) {
      const d = parseUsDate(x.ExpirationDate);
      if (!d) return { ResultCode: 50 };
      expirationAbs = d;
    }
    // Read-modify-write inside one IMMEDIATE transaction: concurrent increments serialize and none is lost.
    const outcome = db.transaction((): number => {
      const row = licenseOfAuthor.get(x.LicenseID, user.author_id) as LicenseRow | undefined;
      if (!row) return -1;
      if (!any) return 50;
      const next = {
        id: row.id,
        status: x.Status ?? row.status,
        activations_left: x.ActivationsLeft ?? row.activations_left + (x.ActivationsIncrement ?? 0),
        deactivations_left: x.DeactivationsLeft ?? row.deactivations_left + (x.DeactivationsIncrement ?? 0),
        license_counter: x.LicenseCounter ?? (x.LicenseCounterIncrement !== undefined ? (row.license_counter ?? 0) + x.LicenseCounterIncrement : row.license_counter),
        expiration: expirationAbs ?? (x.ExpirationDateIncrement !== undefined ? addDays(row.expiration ?? todayIso(), x.ExpirationDateIncrement) : row.expiration),
        license_update: x.LicenseUpdate ?? row.license_update,
        serial_text: x.SerialNumberText ?? row.serial_text,
      };
      if (next.activations_left < 0 || next.deactivations_left < 0) return 50;
      writeActivation.run(next);
      return 0;
    }).immediate();
    return { ResultCode: outcome as T.UpdateActivationFieldsResultCode };
  }

  // ---- UpdateUserDefinedFields ---------------------------------------------------------------------
  const writeUdef = db.prepare('UPDATE solo_licenses SET udef_json = ? WHERE id = ?');

  async function updateUserDefinedFields(x: T.UpdateUserDefinedFieldsDocument | undefined): Promise<T.UpdateUserDefinedFieldsDocument> {
    if (!x) return { ResultCode: -2 };
    const viaApi = x.AuthorID !== undefined || x.UserID !== undefined || x.UserPassword !== undefined;
    let lic: LicenseRow | undefined;
    if (viaApi) {
      const user = await logon(x.AuthorID, x.UserID, x.UserPassword);
      lic = x.LicenseID === undefined ? undefined : (licenseById.get(x.LicenseID) as LicenseRow | undefined);
      if (!user || !lic || lic.author_id !== user.author_id || !user.can_edit) return { ResultCode: 100 };
    } else {
      lic = x.LicenseID === undefined ? undefined : (licenseById.get(x.LicenseID) as LicenseRow | undefined);
      if (!(await licensePasswordOk(lic, x.Password)) || !lic || !lic.udf_writable) return { ResultCode: 100 };
    }
    const udef: Record<string, unknown> = {};
    const src = x as Record<string, unknown>;
    for (const k of UDEF_KEYS) {
      const v = src[k];
      if (v === undefined || v === '') continue;
      if (k.startsWith('UDefDate')) {
        const iso = /^\d{4}-\d{2}-\d{2}/.test(String(v)) ? String(v).slice(0, 10) : parseUsDate(String(v).split(' ')[0]!);
        if (!iso) return { ResultCode: 100 };
        udef[k] = `${iso}T00:00:00`;
      } else udef[k] = v;
    }
    writeUdef.run(JSON.stringify(udef), lic.id);
    return { ResultCode: 0 };
  }

  // ---- Custom data ---------------------------------------------------------------------------------
  const writeCustom = db.prepare('UPDATE solo_licenses SET custom_data = ?, custom_data_is_xml = ? WHERE id = ?');

  async function getCustomData(x: T.GetLicenseCustomDataDocument | undefined): Promise<T.GetLicenseCustomDataDocument> {
    if (!x) return { ResultCode: -2 };
    const user = await logon(x.AuthorID, x.UserID, x.UserPassword);
    const row = user && x.LicenseID !== undefined ? (licenseOfAuthor.get(x.LicenseID, user.author_id) as LicenseRow | undefined) : undefined;
    if (!row) return { ResultCode: -1 };
    const out: T.GetLicenseCustomDataDocument = { ResultCode: 0 };
    if (row.custom_data && row.custom_data_is_xml) out.LicenseCustomData = { $any: [parseXml(row.custom_data)] };
    else out.LicenseCustomData = row.custom_data ? { $value: row.custom_data } : {};
    return out;
  }

  async function updateCustomData(x: T.UpdateLicenseCustomDataDocument | undefined): Promise<{ GetLicenseCustomData: T.GetLicenseCustomDataDocument }> {
    const answer = (code: T.LicenseCustomDataResultCode) => ({ GetLicenseCustomData: { ResultCode: code } });
    if (!x) return answer(-2);
    const user = await logon(x.AuthorID, x.UserID, x.UserPassword);
    const row = user?.can_edit && x.LicenseID !== undefined ? (licenseOfAuthor.get(x.LicenseID, user.author_id) as LicenseRow | undefined) : undefined;
    if (!row) return answer(-1);
    const children = x.LicenseCustomData?.$any ?? [];
    if (x.Format === 'XML' && children.length !== 1) return answer(1);
    if (children.length === 1) writeCustom.run(serializeElement(children[0]!), 1, row.id);
    else if (children.length > 1) return answer(1);
    else writeCustom.run(x.LicenseCustomData?.$value || null, 0, row.id); // plain text (blank clears it)
    return answer(0);
  }

  /**
   * SOLO answers a bad input document in-band, with the seed's result codes, not with a fault:
   * -2 "Invalid XML Document" (not well-formed, wrong root, a value of the wrong type), or the
   * operation's own code when the problem is in a field it names (`rules`: path pattern → code).
   */
  const inBand = <R>(wrap: (code: number) => R, rules: [RegExp, number][] = []) => (problem: InvalidInput<unknown>): R => {
    for (const [path, code] of rules) if (problem.issues.some((i) => path.test(i.path))) return wrap(code);
    return wrap(-2);
  };
  const expiration: [RegExp, number][] = [[/^\/XS?\/Expiration$/, 8]];
  const version: [RegExp, number][] = [[/^\/XS?\/Version$/, 400]];
  const customData = (code: number) => ({ GetLicenseCustomData: { ResultCode: code as T.LicenseCustomDataResultCode } });

  return {
    invalidInput: {
      add: inBand((c) => ({ AddResult: { ResultCode: c as T.AddResultCode } }), expiration),
      addS: inBand((c) => ({ AddSResult: { ResultCode: c as T.AddResultCode } }), expiration),
      infoCheck: inBand((c) => ({ InfoCheckResult: { ResultCode: c as T.InfoCheckResultCode } })),
      infoCheckS: inBand((c) => ({ InfoCheckSResult: { ResultCode: c as T.InfoCheckResultCode } })),
      updateCheck: inBand((c) => ({ UpdateCheckResult: { ResultCode: c as T.UpdateCheckResultCode } }), version),
      updateCheckS: inBand((c) => ({ UpdateCheckSResult: { ResultCode: c as T.UpdateCheckResultCode } }), version),
      // A field of the document that is present but invalid: 50 ("an invalid value in one of the input parameters").
      updateActivationFields: inBand((c) => ({ UpdateActivationFieldsResult: { ResultCode: c as T.UpdateActivationFieldsResultCode } }), [[/^\/XS\/./, 50]]),
      validateLicenseRegistration: inBand((c) => ({ ValidateLicenseRegistrationResult: { ResultCode: c as T.ValidateLicenseRegistrationResultCode } })),
      validateLicenseRegistrationS: inBand((c) => ({ ValidateLicenseRegistrationSResult: { ResultCode: c as T.ValidateLicenseRegistrationResultCode } })),
      register: inBand((c) => ({ RegisterResult: { ResultCode: c as T.RegistrationResultCode } })),
      registerS: inBand((c) => ({ RegisterSResult: { ResultCode: c as T.RegistrationResultCode } })),
      updateRegistration: inBand((c) => ({ UpdateRegistrationResult: { ResultCode: c as T.RegistrationResultCode } })),
      updateRegistrationS: inBand((c) => ({ UpdateRegistrationSResult: { ResultCode: c as T.RegistrationResultCode } })),
      updateUserDefinedFields: inBand((c) => ({ UpdateUserDefinedFieldsResult: { ResultCode: c as T.UpdateUserDefinedFieldsResultCode } })),
      updateUserDefinedFieldsS: inBand((c) => ({ UpdateUserDefinedFieldsSResult: { ResultCode: c as T.UpdateUserDefinedFieldsResultCode } })),
      getLicenseCustomData: inBand((c) => ({ GetLicenseCustomDataResult: customData(c).GetLicenseCustomData })),
      getLicenseCustomDataS: inBand((c) => ({ GetLicenseCustomDataSResult: customData(c).GetLicenseCustomData })),
      updateLicenseCustomData: inBand((c) => ({ UpdateLicenseCustomDataResult: customData(c) })),
      updateLicenseCustomDataS: inBand((c) => ({ UpdateLicenseCustomDataSResult: customData(c) })),
    },
    add: async (i) => ({ AddResult: await add(i.X) }),
    addS: async (i) => ({ AddSResult: await add(i.XS) }),
    infoCheck: async (i) => ({ InfoCheckResult: await infoCheck(i.X) }),
    infoCheckS: async (i) => ({ InfoCheckSResult: await infoCheck(i.XS) }),
    updateCheck: async (i) => ({ UpdateCheckResult: await updateCheck(i.X) }),
    updateCheckS: async (i) => ({ UpdateCheckSResult: await updateCheck(i.XS) }),
    validateLicenseRegistration: async (i) => ({ ValidateLicenseRegistrationResult: await validateRegistration(i.X) }),
    validateLicenseRegistrationS: async (i) => ({ ValidateLicenseRegistrationSResult: await validateRegistration(i.XS) }),
    register: async (i) => ({ RegisterResult: await register(i.X, true) }),
    registerS: async (i) => ({ RegisterSResult: await register(i.XS, true) }),
    updateRegistration: async (i) => ({ UpdateRegistrationResult: await register(i.X, false) }),
    updateRegistrationS: async (i) => ({ UpdateRegistrationSResult: await register(i.XS, false) }),
    updateActivationFields: async (i) => ({ UpdateActivationFieldsResult: await updateActivationFields(i.XS) }),
    updateUserDefinedFields: async (i) => ({ UpdateUserDefinedFieldsResult: await updateUserDefinedFields(i.X) }),
    updateUserDefinedFieldsS: async (i) => ({ UpdateUserDefinedFieldsSResult: await updateUserDefinedFields(i.XS) }),
    getLicenseCustomData: async (i) => ({ GetLicenseCustomDataResult: await getCustomData(i.X) }),
    getLicenseCustomDataS: async (i) => ({ GetLicenseCustomDataSResult: await getCustomData(i.XS) }),
    updateLicenseCustomData: async (i) => ({ UpdateLicenseCustomDataResult: await updateCustomData(i.X) }),
    updateLicenseCustomDataS: async (i) => ({ UpdateLicenseCustomDataSResult: await updateCustomData(i.XS) }),
  };
}

class NoSerials extends Error {}
