/**
 * X-Formation vendor SOAP API: UpdateLicenseOrder. The order is found by its
 * activation_key among the token owner's orders and replaced by the sent data.
 * Result codes are ours (the seed only shows 0); see server/README.md.
 */
import type { VendorServiceHandlers } from '../../generated/xformation/server.js';
import type * as T from '../../generated/xformation/types.js';
import type { Db } from '../db/store.ts';
import { tokenDigest } from '../auth.ts';

export const XF_CODES = {
  OK: 0,
  INVALID_TOKEN: 1,
  ORDER_NOT_FOUND: 2,
  INVALID_CUSTOMER: 3,
  INVALID_PRODUCT_TEMPLATE: 4,
  INVALID_VALUE: 5,
  MISSING_PARAMETER: 6,
} as const;

const EXPIRATION_TYPES = ['no_expiration', 'days_from_activation', 'expiration_date'];

function result(code: number, message: string): T.UpdateLicenseOrderResponse {
  return { return: { result_code: code, result_string: message } };
}

/** First problem with the order's values, or undefined. */
function invalidValue(o: T.Soap_LicenseOrder): string | undefined {
  if (!/^[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$/.test(o.activation_key)) return 'activation_key must be four groups of five letters/digits';
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(o.creation_time) || Number.isNaN(Date.parse(o.creation_time.replace(' ', 'T') + 'Z'))) {
    return 'creation_time must be "YYYY-MM-DD hh:mm:ss"';
  }
  if (o.hostid_match_rate < 0 || o.hostid_match_rate > 100) return 'hostid_match_rate must be 0..100';
  if (o.min_hostids < 0) return 'min_hostids must not be negative';
  if (o.activated_licenses_count < 0) return 'activated_licenses_count must not be negative';
  if (!o.licensee.trim()) return 'licensee must not be empty';
  for (const [i, h] of o.Hostids.entries()) {
    if (!h.name.trim()) return `Hostids[${i}].name must not be empty`;
    if (h.min_amount < 0 || h.max_amount < h.min_amount) return `Hostids[${i}]: need 0 <= min_amount <= max_amount`;
  }
  const names = new Set<string>();
  for (const [i, f] of o.Features.entries()) {
    if (!f.name.trim()) return `Features[${i}].name must not be empty`;
    if (names.has(f.name)) return `Features[${i}]: duplicate feature name ${f.name}`;
    names.add(f.name);
    if (!EXPIRATION_TYPES.includes(f.expiration_type)) return `Features[${i}].expiration_type must be one of ${EXPIRATION_TYPES.join(', ')}`;
    if (f.expiration_type === 'days_from_activation' && !(f.days_from_activation !== null && f.days_from_activation > 0)) {
      return `Features[${i}].days_from_activation must be a positive number for days_from_activation`;
    }
    if (f.expiration_type === 'expiration_date' && !(f.expiration_date && /^\d{4}-\d{2}-\d{2}/.test(f.expiration_date))) {
      return `Features[${i}].expiration_date must be YYYY-MM-DD for expiration_date`;
    }
    if (f.count !== null && f.count < 0) return `Features[${i}].count must not be negative`;
  }
  return undefined;
}

export function xformationHandlers(db: Db): VendorServiceHandlers {
  const vendorByToken = db.prepare('SELECT id FROM xf_vendors WHERE token_hash = ?');
  const order = db.prepare('SELECT id FROM xf_license_orders WHERE vendor_id = ? AND activation_key = ?');
  const customer = db.prepare('SELECT 1 FROM xf_customers WHERE vendor_id = ? AND id = ?');
  const template = db.prepare('SELECT 1 FROM xf_product_templates WHERE vendor_id = ? AND id = ?');
  const update = db.prepare(`UPDATE xf_license_orders SET customer_id=@customer_id, product_template_id=@product_template_id,
      creation_time=@creation_time, license_type=@license_type, licensee_type=@licensee_type, licensee=@licensee,
      hostid_match_rate=@hostid_match_rate, min_hostids=@min_hostids, activated_licenses_count=@activated_licenses_count,
      enabled=@enabled, description=@description, hostids_json=@hostids_json, features_json=@features_json,
      updated_at=@updated_at, revision = revision + 1
    WHERE id=@id`);

  return {
    updateLicenseOrder(input) {
      if (input.token === null || input.token === '') return result(XF_CODES.MISSING_PARAMETER, 'Missing parameter: token');
      const vendor = vendorByToken.get(tokenDigest(input.token)) as { id: number } | undefined;
      // The token is checked before anything about the order, so a bad token learns nothing.
      if (!vendor) return result(XF_CODES.INVALID_TOKEN, 'Invalid token');
      const o = input.licenseOrder;
      if (o === null) return result(XF_CODES.MISSING_PARAMETER, 'Missing parameter: licenseOrder');
      const found = order.get(vendor.id, o.activation_key) as { id: number } | undefined;
      if (!found) return result(XF_CODES.ORDER_NOT_FOUND, `License order not found: ${o.activation_key}`);
      if (!customer.get(vendor.id, o.customer_id)) return result(XF_CODES.INVALID_CUSTOMER, `Invalid customer_id: ${o.customer_id}`);
      if (!template.get(vendor.id, o.product_template_id)) return result(XF_CODES.INVALID_PRODUCT_TEMPLATE, `Invalid product_template_id: ${o.product_template_id}`);
      const bad = invalidValue(o);
      if (bad) return result(XF_CODES.INVALID_VALUE, `Invalid value: ${bad}`);
      update.run({
        id: found.id,
        customer_id: o.customer_id,
        product_template_id: o.product_template_id,
        creation_time: o.creation_time,
        license_type: o.license_type,
        licensee_type: o.licensee_type,
        licensee: o.licensee,
        hostid_match_rate: o.hostid_match_rate,
        min_hostids: o.min_hostids,
        activated_licenses_count: o.activated_licenses_count,
        enabled: o.enabled ? 1 : 0,
        description: o.description,
        hostids_json: JSON.stringify(o.Hostids),
        features_json: JSON.stringify(o.Features),
        updated_at: new Date().toISOString(),
      });
      return result(XF_CODES.OK, '');
    },
  };
}
