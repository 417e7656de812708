-- Browsers that signed in to an account before, known by the hash of a
-- long-lived cookie (the "device cookie" scheme OWASP describes for login
-- throttling): their failed logins are counted per browser, apart from the
-- failures of unknown browsers, so nobody who knows a colleague's email can
-- lock the colleague out of their own browser. `server::accounts::attempts`.
-- Kept in step with migrations/sqlite/0011_known_devices.sql.
CREATE TABLE known_devices (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX known_devices_email ON known_devices (email, created_at);

-- The known browser a failure came from; NULL: an unknown one.
ALTER TABLE login_failures ADD COLUMN device_hash TEXT;
CREATE INDEX login_failures_device ON login_failures (device_hash, failed_at);
