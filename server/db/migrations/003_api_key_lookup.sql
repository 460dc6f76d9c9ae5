-- API keys are found by a digest of the key (high-entropy random tokens, server/auth.ts tokenDigest),
-- so one attempt costs one lookup and one scrypt whether the customer exists, has many keys or none.
-- Rows created before this migration have no digest; ensureDemo fills it in for the demo keys
-- (the only keys this server issues) from the data dir's demo-credentials.json.
ALTER TABLE zt_api_keys ADD COLUMN key_digest TEXT;
CREATE UNIQUE INDEX zt_api_keys_lookup ON zt_api_keys (customer_id, key_digest);
