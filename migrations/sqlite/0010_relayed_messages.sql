-- Every message escala relays between a user and staff, by the platform
-- reference of the message as written ("telegram:<chat>:<message>",
-- "discord:<channel>:<message>"), with what it was (a user's message, an
-- agent's reply, an internal note) and the copies the bot posted, so an
-- edit or a deletion of the original reaches its copies, and an edited
-- note stays internal.
CREATE TABLE relayed (
    source      TEXT PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE relay_copies (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT NOT NULL REFERENCES relayed(source),
    channel      TEXT NOT NULL,
    destination  TEXT NOT NULL,
    copy_ref     TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX relay_copies_by_source ON relay_copies(source);
CREATE INDEX relayed_by_ticket ON relayed(ticket_id);
