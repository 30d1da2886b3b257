-- 0010: what several app servers behind one balancer must share lives in
-- the database. Staged uploads (the workbook bytes between preview and
-- apply, in chunks of at most 1 MiB so neither side holds a whole file in
-- one value), and sign-in attempts (counted in a window, so the limit
-- holds across servers and restarts). The janitor removes both when old.
-- IF NOT EXISTS, like 0003 and 0006: a database that has them migrates.
CREATE TABLE IF NOT EXISTS staged_uploads (
    id          TEXT PRIMARY KEY,
    actor       TEXT NOT NULL,
    meta        TEXT NOT NULL,
    bytes       BIGINT NOT NULL,
    created_at  {{ts}} NOT NULL
);
CREATE INDEX IF NOT EXISTS staged_uploads_created ON staged_uploads (created_at);
CREATE TABLE IF NOT EXISTS staged_chunks (
    upload_id  TEXT NOT NULL REFERENCES staged_uploads (id) ON DELETE CASCADE,
    file_idx   INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    data       {{blob}} NOT NULL,
    PRIMARY KEY (upload_id, file_idx, seq)
);
CREATE TABLE IF NOT EXISTS sign_in_attempts (
    id        {{pk}},
    username  TEXT NOT NULL,
    address   TEXT NOT NULL,
    at        {{ts}} NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_attempts_user ON sign_in_attempts (username, at);
CREATE INDEX IF NOT EXISTS sign_in_attempts_addr ON sign_in_attempts (address, at);
CREATE INDEX IF NOT EXISTS sign_in_attempts_at ON sign_in_attempts (at);
