-- SOLO shows a customer password again in Add's output to users with the View Password permission, or when the
-- customer did not choose it (seed, Add: Password). The hash cannot be shown, so the password is also kept sealed
-- (server/auth.ts SecretBox: AES-256-GCM under the data dir's server secret). Older rows have none and stay hidden.
ALTER TABLE solo_customers ADD COLUMN password_sealed TEXT;
