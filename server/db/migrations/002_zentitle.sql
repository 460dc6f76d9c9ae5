-- Zentitle (Nalpeiron): one data model behind both the SOAP web services (shaferws.asmx) and the REST
-- Web API (/api/<Controller>). Every row belongs to one customer (tenant), directly or through its product.
-- License codes and product IDs exceed 2^53: TEXT, never INTEGER.
-- Secrets: *_hash columns hold "scrypt$N$r$p$salt$hash" (server/auth.ts).

CREATE TABLE zt_customers (
  id               INTEGER PRIMARY KEY,          -- the Zentitle customer id (Auth customerid, bearer customerID)
  name             TEXT NOT NULL,
  ws_username      TEXT NOT NULL,
  ws_password_hash TEXT NOT NULL,
  cert_secret      TEXT NOT NULL                 -- random; keys the simulated activation certificates
);

CREATE TABLE zt_api_keys (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES zt_customers(id),
  key_type    TEXT NOT NULL CHECK (key_type IN ('READ-ONLY', 'READ-WRITE', 'Offline', 'DS')),
  key_hash    TEXT NOT NULL,
  created     TEXT NOT NULL
);
CREATE INDEX zt_api_keys_customer ON zt_api_keys (customer_id);

CREATE TABLE zt_products (
  id                  INTEGER PRIMARY KEY,
  customer_id         INTEGER NOT NULL REFERENCES zt_customers(id),
  product_id          TEXT NOT NULL UNIQUE,       -- 10 digits
  name                TEXT NOT NULL,
  client_lease        INTEGER NOT NULL DEFAULT 0,
  offline_lease       INTEGER NOT NULL DEFAULT 0,
  vm_lease            INTEGER NOT NULL DEFAULT 0,
  trial_period        INTEGER NOT NULL DEFAULT 0,
  in_trial            INTEGER NOT NULL DEFAULT 1,
  license_type        INTEGER NOT NULL DEFAULT 0, -- 0 perpetual, 1 subscription period, 2 expiration date
  clients_allowed     INTEGER NOT NULL DEFAULT 1,
  subscription_period INTEGER NOT NULL DEFAULT 0,
  subscription_end    TEXT,
  created             TEXT NOT NULL
);

CREATE TABLE zt_feature_groups (
  id         INTEGER PRIMARY KEY,
  product_pk INTEGER NOT NULL REFERENCES zt_products(id) ON DELETE CASCADE,
  name       TEXT NOT NULL COLLATE NOCASE,
  notes      TEXT NOT NULL DEFAULT '',
  UNIQUE (product_pk, name)
);

CREATE TABLE zt_features (
  id                  INTEGER PRIMARY KEY,
  product_pk          INTEGER NOT NULL REFERENCES zt_products(id) ON DELETE CASCADE,
  code                TEXT NOT NULL COLLATE NOCASE,
  name                TEXT NOT NULL DEFAULT '',
  notes               TEXT NOT NULL DEFAULT '',
  type                TEXT NOT NULL DEFAULT 'Normal' CHECK (type IN ('Normal', 'Floating', 'ElementPool', 'ConsumptionToken', 'SecureStore')),
  group_name          TEXT NOT NULL DEFAULT '',
  available_in_trials INTEGER NOT NULL DEFAULT 0,
  default_on          INTEGER NOT NULL DEFAULT 0,
  UNIQUE (product_pk, code)
);

CREATE TABLE zt_udfs (
  id            INTEGER PRIMARY KEY,
  product_pk    INTEGER NOT NULL REFERENCES zt_products(id) ON DELETE CASCADE,
  name          TEXT NOT NULL COLLATE NOCASE,
  default_value TEXT NOT NULL DEFAULT '',
  UNIQUE (product_pk, name)
);

CREATE TABLE zt_companies (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES zt_customers(id),
  product_pk  INTEGER REFERENCES zt_products(id),   -- NULL: global (all products)
  name        TEXT NOT NULL,
  data_json   TEXT NOT NULL DEFAULT '{}',          -- flat object of text fields
  search1     TEXT NOT NULL DEFAULT '',
  search2     TEXT NOT NULL DEFAULT '',
  search3     TEXT NOT NULL DEFAULT '',
  reseller    TEXT NOT NULL DEFAULT '',
  created     TEXT NOT NULL
);
CREATE INDEX zt_companies_customer ON zt_companies (customer_id, name);

-- The licence settings shared by profiles and license codes (same column names in both tables).
CREATE TABLE zt_profiles (
  id                  INTEGER PRIMARY KEY,
  product_pk          INTEGER NOT NULL REFERENCES zt_products(id) ON DELETE CASCADE,
  name                TEXT NOT NULL COLLATE NOCASE,
  reseller            TEXT NOT NULL DEFAULT '',
  enabled             INTEGER NOT NULL DEFAULT 1,
  license_type        INTEGER NOT NULL DEFAULT 0,
  clients_allowed     INTEGER NOT NULL DEFAULT 1,
  client_lease        INTEGER NOT NULL DEFAULT 0,
  offline_lease       INTEGER NOT NULL DEFAULT 0,
  vm_lease            INTEGER NOT NULL DEFAULT 0,
  webservices         INTEGER NOT NULL DEFAULT 0,
  network_seats       INTEGER NOT NULL DEFAULT 0,
  heartbeat           INTEGER NOT NULL DEFAULT 0,
  concurrent_processes INTEGER NOT NULL DEFAULT 0,
  concurrency         INTEGER NOT NULL DEFAULT 0,
  subscription_period INTEGER NOT NULL DEFAULT 0,
  subscription_end    TEXT,
  maintenance_end     TEXT,
  features_json       TEXT NOT NULL DEFAULT '{}',  -- {CODE: {on: bool, limit?: n}} overrides of the product's features
  udf_json            TEXT NOT NULL DEFAULT '{}',  -- {NAME: value}
  sf_json             TEXT NOT NULL DEFAULT '{}',  -- {FUNCTION: {on: bool, param: string}}
  created             TEXT NOT NULL,
  modified            TEXT NOT NULL,
  UNIQUE (product_pk, name)
);

CREATE TABLE zt_license_codes (
  id                  INTEGER PRIMARY KEY,
  product_pk          INTEGER NOT NULL REFERENCES zt_products(id) ON DELETE CASCADE,
  code                TEXT NOT NULL,
  profile_id          INTEGER REFERENCES zt_profiles(id) ON DELETE SET NULL,
  company_id          INTEGER REFERENCES zt_companies(id) ON DELETE SET NULL,
  reference           TEXT NOT NULL DEFAULT '',
  master              INTEGER NOT NULL DEFAULT 0,  -- network master license (CreateNetworkMasterLicense)
  enabled             INTEGER NOT NULL DEFAULT 1,
  license_type        INTEGER NOT NULL DEFAULT 0,
  clients_allowed     INTEGER NOT NULL DEFAULT 1,
  client_lease        INTEGER NOT NULL DEFAULT 0,
  offline_lease       INTEGER NOT NULL DEFAULT 0,
  vm_lease            INTEGER NOT NULL DEFAULT 0,
  webservices         INTEGER NOT NULL DEFAULT 0,  -- acquired by GetNextLicenseCode
  network_seats       INTEGER NOT NULL DEFAULT 0,
  heartbeat           INTEGER NOT NULL DEFAULT 0,
  concurrent_processes INTEGER NOT NULL DEFAULT 0,
  concurrency         INTEGER NOT NULL DEFAULT 0,
  subscription_period INTEGER NOT NULL DEFAULT 0,
  subscription_end    TEXT,
  maintenance_end     TEXT,
  last_activated      TEXT,
  num_deactivations   INTEGER NOT NULL DEFAULT 0,
  features_json       TEXT NOT NULL DEFAULT '{}',
  udf_json            TEXT NOT NULL DEFAULT '{}',
  sf_json             TEXT NOT NULL DEFAULT '{}',
  created             TEXT NOT NULL,
  modified            TEXT NOT NULL,
  UNIQUE (product_pk, code)
);
CREATE INDEX zt_license_codes_code ON zt_license_codes (code);

CREATE TABLE zt_systems (
  id          INTEGER PRIMARY KEY,
  product_pk  INTEGER NOT NULL REFERENCES zt_products(id) ON DELETE CASCADE,
  computer_id TEXT NOT NULL,
  info_json   TEXT NOT NULL,                       -- operatingsystem, bitage, ... as the client reported them
  created     TEXT NOT NULL,
  UNIQUE (product_pk, computer_id)
);

CREATE TABLE zt_activations (
  id               INTEGER PRIMARY KEY,
  license_id       INTEGER NOT NULL REFERENCES zt_license_codes(id) ON DELETE CASCADE,
  computer_id      TEXT NOT NULL,
  username         TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL CHECK (status IN ('ACTIVATED', 'DEACTIVATED', 'RETURNED')),
  activated        TEXT NOT NULL,
  deactivated      TEXT,
  client_lease_end TEXT,
  vm_platform      TEXT NOT NULL DEFAULT '',
  vm_lease         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX zt_activations_license ON zt_activations (license_id);
CREATE INDEX zt_activations_computer ON zt_activations (computer_id);

CREATE TABLE zt_trials (
  id           INTEGER PRIMARY KEY,
  product_pk   INTEGER NOT NULL REFERENCES zt_products(id) ON DELETE CASCADE,
  computer_id  TEXT NOT NULL,
  trial_period INTEGER NOT NULL,
  created      TEXT NOT NULL,
  modified     TEXT NOT NULL,
  lease_end    TEXT NOT NULL,
  expires      TEXT NOT NULL,
  license_code TEXT,                                -- set when the trial was converted (activated with a code)
  UNIQUE (product_pk, computer_id)
);

CREATE TABLE zt_consumers (
  id           INTEGER PRIMARY KEY,
  product_pk   INTEGER NOT NULL REFERENCES zt_products(id) ON DELETE CASCADE,
  computer_id  TEXT NOT NULL,
  license_code TEXT NOT NULL DEFAULT '',
  info_json    TEXT NOT NULL,                       -- flat object of text fields
  firstname    TEXT NOT NULL DEFAULT '',
  lastname     TEXT NOT NULL DEFAULT '',
  company      TEXT NOT NULL DEFAULT '',
  email        TEXT NOT NULL DEFAULT '',
  kind         TEXT NOT NULL DEFAULT 'activations' CHECK (kind IN ('trials', 'activations')),
  created      TEXT NOT NULL
);
CREATE INDEX zt_consumers_lookup ON zt_consumers (product_pk, computer_id);

CREATE TABLE zt_groups (
  id              INTEGER PRIMARY KEY,
  customer_id     INTEGER NOT NULL REFERENCES zt_customers(id),
  name            TEXT NOT NULL COLLATE NOCASE,
  type            INTEGER NOT NULL CHECK (type IN (1, 2)),  -- 1 master, 2 standard
  master_group_id INTEGER NOT NULL DEFAULT 0,
  description     TEXT NOT NULL DEFAULT '',
  company_id      INTEGER NOT NULL DEFAULT 0,
  created         TEXT NOT NULL,
  modified        TEXT NOT NULL,
  UNIQUE (customer_id, name)
);

CREATE TABLE zt_group_users (
  id            INTEGER PRIMARY KEY,
  customer_id   INTEGER NOT NULL REFERENCES zt_customers(id),
  group_id      INTEGER NOT NULL REFERENCES zt_groups(id) ON DELETE CASCADE,
  username      TEXT NOT NULL COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  firstname     TEXT NOT NULL DEFAULT '',
  lastname      TEXT NOT NULL DEFAULT '',
  email         TEXT NOT NULL DEFAULT '',
  telephone     TEXT NOT NULL DEFAULT '',
  additional    TEXT NOT NULL DEFAULT '',
  created       TEXT NOT NULL,
  modified      TEXT NOT NULL,
  UNIQUE (customer_id, username)
);

CREATE TABLE zt_group_licenses (
  license_id INTEGER PRIMARY KEY REFERENCES zt_license_codes(id) ON DELETE CASCADE,  -- a code is in at most one group
  group_id   INTEGER NOT NULL REFERENCES zt_groups(id) ON DELETE CASCADE,
  created    TEXT NOT NULL,
  modified   TEXT NOT NULL
);

CREATE TABLE zt_notes (
  id          INTEGER PRIMARY KEY,
  license_id  INTEGER NOT NULL REFERENCES zt_license_codes(id) ON DELETE CASCADE,
  type        TEXT NOT NULL CHECK (type IN ('General', 'System')),
  description TEXT NOT NULL,
  created     TEXT NOT NULL,
  created_by  TEXT NOT NULL DEFAULT ''
);

-- Offline (certificate) activations: the client's request is opaque; its first 64 characters identify
-- the client installation, so the later deactivation request can be matched to the activation.
CREATE TABLE zt_offline (
  id          INTEGER PRIMARY KEY,
  product_pk  INTEGER NOT NULL REFERENCES zt_products(id) ON DELETE CASCADE,
  client_key  TEXT NOT NULL,
  certificate TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('ACTIVATED', 'DEACTIVATED')),
  created     TEXT NOT NULL,
  modified    TEXT NOT NULL
);
CREATE INDEX zt_offline_client ON zt_offline (product_pk, client_key);

CREATE TABLE zt_datastreamer (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES zt_customers(id),
  product_pk  INTEGER REFERENCES zt_products(id) ON DELETE SET NULL,
  event       TEXT NOT NULL,
  payload     TEXT NOT NULL,
  created     TEXT NOT NULL
);
