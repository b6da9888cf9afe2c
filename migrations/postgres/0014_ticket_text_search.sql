-- Full-text search over what a ticket holds (`escala tickets list --text`,
-- `/find`): its subject and every message of it and of the conversation
-- that opened it, through expression indexes on the 'simple' text search
-- configuration (no stemming: the KB speaks four languages). An edit or an
-- erasure changes the row, and so the index, at once.
CREATE INDEX messages_text_search ON messages USING GIN (to_tsvector('simple', body));
CREATE INDEX tickets_subject_search ON tickets USING GIN (to_tsvector('simple', subject));
