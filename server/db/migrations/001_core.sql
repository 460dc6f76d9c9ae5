-- Core schema: shared counters, GenoPro purchases, X-Formation vendors and license orders, SOLO Server.
-- Secrets are never stored in clear: *_hash columns hold "scrypt$N$r$p$salt$hash" (server/auth.ts).

CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);

-- GenoPro ------------------------------------------------------------------
CREATE TABLE genopro_purchases (
  id               INTEGER PRIMARY KEY,
  invoice_number   TEXT NOT NULL UNIQUE,
  registration_key TEXT NOT NULL UNIQUE,
  transaction_id   TEXT NOT NULL UNIQUE,
  version          INTEGER NOT NULL,
  currency         TEXT NOT NULL,
  quantity         INTEGER NOT NULL,
  amount           TEXT NOT NULL,
  package          TEXT,
  coupon           TEXT,
  old_keys         TEXT,
  -- only the last four digits and a keyed fingerprint of the card (duplicate detection), never the number
  card_last4       TEXT NOT NULL,
  card_fingerprint TEXT NOT NULL,
  country          TEXT,
  name_on_card     TEXT,
  email            TEXT,
  created_at       TEXT NOT NULL
);
CREATE INDEX genopro_purchases_dup ON genopro_purchases (card_fingerprint, amount, currency, created_at);

-- X-Formation ---------------------------------------------------------------
CREATE TABLE xf_vendors (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  -- sha256 of the 40-hex token: tokens are random 160-bit values, so a fast hash is enough and allows lookup
  token_hash TEXT NOT NULL UNIQUE
);
CREATE TABLE xf_customers (
  id        INTEGER PRIMARY KEY,
  vendor_id INTEGER NOT NULL REFERENCES xf_vendors (id),
  name      TEXT NOT NULL
);
CREATE TABLE xf_product_templates (
  id        INTEGER PRIMARY KEY,
  vendor_id INTEGER NOT NULL REFERENCES xf_vendors (id),
  name      TEXT NOT NULL
);
CREATE TABLE xf_license_orders (
  id                       INTEGER PRIMARY KEY,
  vendor_id                INTEGER NOT NULL REFERENCES xf_vendors (id),
  activation_key           TEXT NOT NULL UNIQUE,
  customer_id              INTEGER NOT NULL,
  product_template_id      INTEGER NOT NULL,
  creation_time            TEXT NOT NULL,
  license_type             TEXT NOT NULL,
  licensee_type            TEXT NOT NULL,
  licensee                 TEXT NOT NULL,
  hostid_match_rate        INTEGER NOT NULL,
  min_hostids              INTEGER NOT NULL,
  activated_licenses_count INTEGER NOT NULL,
  enabled                  INTEGER NOT NULL,
  description              TEXT NOT NULL,
  hostids_json             TEXT NOT NULL,
  features_json            TEXT NOT NULL,
  updated_at               TEXT NOT NULL,
  revision                 INTEGER NOT NULL DEFAULT 0
);

-- SOLO Server ---------------------------------------------------------------
CREATE TABLE solo_authors (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE solo_users (
  author_id         INTEGER NOT NULL REFERENCES solo_authors (id),
  user_id           TEXT NOT NULL,
  password_hash     TEXT NOT NULL,
  can_add           INTEGER NOT NULL DEFAULT 0,
  can_edit          INTEGER NOT NULL DEFAULT 0,
  can_view_password INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (author_id, user_id)
);
CREATE TABLE solo_products (
  id             INTEGER PRIMARY KEY,
  author_id      INTEGER NOT NULL REFERENCES solo_authors (id),
  name           TEXT NOT NULL,
  latest_version TEXT NOT NULL
);
CREATE TABLE solo_product_options (
  id                 INTEGER PRIMARY KEY,
  product_id         INTEGER NOT NULL REFERENCES solo_products (id),
  name               TEXT NOT NULL,
  -- normal | bundle | payment_plan | license_group_required
  kind               TEXT NOT NULL DEFAULT 'normal',
  -- none | generated | from_list
  serial_mode        TEXT NOT NULL DEFAULT 'generated',
  tc_fixed_value     INTEGER NOT NULL DEFAULT 0,
  -- download days; 0 = perpetual download
  days_to_dl         INTEGER NOT NULL DEFAULT 365,
  udf_writable       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE solo_serials (
  id            INTEGER PRIMARY KEY,
  option_id     INTEGER NOT NULL REFERENCES solo_product_options (id),
  serial        TEXT NOT NULL UNIQUE,
  password_hash TEXT,
  license_id    INTEGER
);
CREATE TABLE solo_distributors (
  id        INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES solo_authors (id),
  name      TEXT NOT NULL
);
CREATE TABLE solo_customers (
  id                 INTEGER PRIMARY KEY,
  author_id          INTEGER NOT NULL REFERENCES solo_authors (id),
  company TEXT, first_name TEXT, last_name TEXT, address1 TEXT, address2 TEXT, city TEXT,
  state_province TEXT, postal_code TEXT, country TEXT, phone TEXT, fax TEXT, email TEXT, notes TEXT, eu_vat TEXT,
  password_hash      TEXT,
  password_chosen    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE solo_licenses (
  id                       INTEGER PRIMARY KEY,
  author_id                INTEGER NOT NULL REFERENCES solo_authors (id),
  option_id                INTEGER NOT NULL REFERENCES solo_product_options (id),
  customer_id              INTEGER NOT NULL REFERENCES solo_customers (id),
  distributor_id           INTEGER,
  quantity                 INTEGER NOT NULL,
  unit_price               TEXT NOT NULL,
  entered_date             TEXT NOT NULL,
  -- ISO yyyy-mm-dd
  expiration               TEXT,
  download_expiration      TEXT,
  activations_left         INTEGER NOT NULL,
  deactivations_left       INTEGER NOT NULL,
  license_counter          INTEGER,
  version                  TEXT,
  license_update           TEXT,
  notes                    TEXT,
  licensee_email           TEXT,
  licensee_name            TEXT,
  is_test                  INTEGER NOT NULL DEFAULT 0,
  status                   TEXT NOT NULL DEFAULT 'OK',
  replaced_by              TEXT,
  serial_number            TEXT,
  serial_text              TEXT,
  activation_password_hash TEXT NOT NULL,
  registered               INTEGER NOT NULL DEFAULT 0,
  invoice_no               INTEGER,
  custom_data              TEXT,
  custom_data_is_xml       INTEGER NOT NULL DEFAULT 0,
  udef_json                TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX solo_licenses_serial ON solo_licenses (serial_number);
CREATE TABLE solo_product_updates (
  product_id          INTEGER PRIMARY KEY REFERENCES solo_products (id),
  version             TEXT NOT NULL,
  action              TEXT NOT NULL,
  verify_password     INTEGER NOT NULL DEFAULT 0,
  url_info            TEXT,
  url_file            TEXT,
  latest_free_version TEXT,
  release_date        TEXT,
  messages_json       TEXT NOT NULL DEFAULT '{}',
  license_agreement_url TEXT
);
