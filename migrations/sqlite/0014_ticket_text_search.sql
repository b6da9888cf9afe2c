-- Full-text search over what a ticket holds (`escala tickets list --text`,
-- `/find`): its subject and every message of it and of the conversation
-- that opened it, in an FTS5 table kept by triggers. A message's row is
-- keyed by the message's id, a subject's by minus the ticket's id, so an
-- edit or an erasure (`/forget`, retention) replaces exactly its row.
CREATE VIRTUAL TABLE ticket_text USING fts5(ticket_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2');

INSERT INTO ticket_text (rowid, ticket_id, body) SELECT -id, id, subject FROM tickets;
INSERT INTO ticket_text (rowid, ticket_id, body)
    SELECT m.id, t.id, m.body FROM messages m JOIN tickets t
        ON t.id = m.ticket_id OR (m.ticket_id IS NULL AND t.conversation_id = m.conversation_id);

CREATE TRIGGER ticket_text_ticket_opened AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_text (rowid, ticket_id, body) VALUES (-NEW.id, NEW.id, NEW.subject);
    INSERT INTO ticket_text (rowid, ticket_id, body)
        SELECT m.id, NEW.id, m.body FROM messages m
        WHERE m.ticket_id IS NULL AND m.conversation_id = NEW.conversation_id;
END;
CREATE TRIGGER ticket_text_subject_changed AFTER UPDATE OF subject ON tickets BEGIN
    DELETE FROM ticket_text WHERE rowid = -OLD.id;
    INSERT INTO ticket_text (rowid, ticket_id, body) VALUES (-NEW.id, NEW.id, NEW.subject);
END;
CREATE TRIGGER ticket_text_message_added AFTER INSERT ON messages WHEN NEW.ticket_id IS NOT NULL BEGIN
    INSERT INTO ticket_text (rowid, ticket_id, body) VALUES (NEW.id, NEW.ticket_id, NEW.body);
END;
CREATE TRIGGER ticket_text_message_changed AFTER UPDATE OF body ON messages BEGIN
    DELETE FROM ticket_text WHERE rowid = OLD.id;
    INSERT INTO ticket_text (rowid, ticket_id, body)
        SELECT NEW.id, t.id, NEW.body FROM tickets t
        WHERE t.id = NEW.ticket_id OR (NEW.ticket_id IS NULL AND t.conversation_id = NEW.conversation_id)
        LIMIT 1;
END;
CREATE TRIGGER ticket_text_message_removed AFTER DELETE ON messages BEGIN
    DELETE FROM ticket_text WHERE rowid = OLD.id;
END;
