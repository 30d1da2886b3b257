-- 0004: an import batch is owned by the user who made it, by id, not by
-- the actor's name (a user named "cli" or "demo" must not own the CLI's or
-- the demo's batches). NULL for batches of the system actors (CLI, demo).
-- No REFERENCES: users are disabled, never deleted, and SQLite cannot drop a
-- column a foreign key names (the upgrade test rebuilds the old schema).
ALTER TABLE import_batches ADD COLUMN user_id BIGINT;

-- Batches made through the web before this migration: their actor was a
-- user's name. The system actors' names are left unowned.
UPDATE import_batches SET user_id = (SELECT users.id FROM users WHERE users.username = import_batches.actor)
WHERE actor NOT IN ('cli', 'demo', 'serve');

-- A city official's list of its own batches.
CREATE INDEX import_batches_user ON import_batches (user_id, id);
