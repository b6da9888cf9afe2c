-- Retention prunes old rows in small batches at every sweep; these indexes
-- let it find them without reading whole tables.
CREATE INDEX outbox_sent ON outbox(sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_dead ON outbox(due_at) WHERE dead;
CREATE INDEX processed_inbound_by_age ON processed_inbound(processed_at);
CREATE INDEX kb_queries_by_age ON kb_queries(created_at);
CREATE INDEX conversations_by_end ON conversations(ended_at) WHERE ended_at IS NOT NULL;
CREATE INDEX tickets_by_conversation ON tickets(conversation_id);
