-- The outbox queries are written once for SQLite and PostgreSQL and test
-- `NOT dead`; a partial index serves a query only when the query names its
-- condition the same way, so the index is restated in that form.
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox(channel, destination, id) WHERE sent_at IS NULL AND NOT dead;
