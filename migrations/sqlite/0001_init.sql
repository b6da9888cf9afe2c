-- escala schema, SQLite flavour. Times are RFC 3339 UTC text.

CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    channel       TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    chat_id       TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    lang          TEXT,
    dialogue      TEXT NOT NULL DEFAULT '{"step":"idle"}',
    blocked       INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (channel, external_id)
);

CREATE TABLE conversations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id),
    lang        TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    outcome     TEXT,
    ended_at    TEXT
);
CREATE INDEX conversations_by_contact ON conversations(contact_id);

CREATE TABLE tickets (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id         INTEGER NOT NULL REFERENCES contacts(id),
    conversation_id    INTEGER REFERENCES conversations(id),
    channel            TEXT NOT NULL,
    lang               TEXT NOT NULL,
    level              TEXT NOT NULL,
    priority           TEXT NOT NULL,
    state              TEXT NOT NULL,
    assignee           TEXT,
    subject            TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    first_response_at  TEXT,
    resolved_at        TEXT,
    closed_at          TEXT,
    csat               INTEGER,
    vendor             TEXT,
    vendor_reference   TEXT,
    version            INTEGER NOT NULL
);
-- One open ticket per user and channel (a contact is per channel).
CREATE UNIQUE INDEX one_open_ticket_per_contact ON tickets(contact_id) WHERE state <> 'closed';
CREATE INDEX tickets_by_state ON tickets(state);

CREATE TABLE messages (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id  INTEGER REFERENCES conversations(id),
    ticket_id        INTEGER REFERENCES tickets(id),
    author           TEXT NOT NULL,
    author_name      TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX messages_by_conversation ON messages(conversation_id);
CREATE INDEX messages_by_ticket ON messages(ticket_id);

CREATE TABLE ticket_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL
);
CREATE INDEX ticket_events_by_ticket ON ticket_events(ticket_id);

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    channel      TEXT NOT NULL,
    destination  TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    sent_at      TEXT,
    dead         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox(channel, destination, id) WHERE sent_at IS NULL AND dead = 0;

CREATE TABLE processed_inbound (
    channel       TEXT NOT NULL,
    key           TEXT NOT NULL,
    processed_at  TEXT NOT NULL,
    PRIMARY KEY (channel, key)
);

CREATE TABLE timers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id  INTEGER REFERENCES tickets(id),
    kind       TEXT NOT NULL,
    due_at     TEXT NOT NULL,
    payload    TEXT NOT NULL DEFAULT '{}',
    fired_at   TEXT
);
CREATE INDEX timers_due ON timers(due_at) WHERE fired_at IS NULL;

CREATE TABLE kb_queries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id       INTEGER REFERENCES contacts(id),
    conversation_id  INTEGER REFERENCES conversations(id),
    text             TEXT NOT NULL,
    lang             TEXT NOT NULL,
    best_article     TEXT,
    confidence       REAL NOT NULL,
    outcome          TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX kb_queries_by_outcome ON kb_queries(outcome);

-- Every write transaction starts by touching this row, so SQLite takes the
-- write lock at BEGIN time (waiting on busy_timeout) instead of failing a
-- read-to-write upgrade when another process wrote meanwhile.
CREATE TABLE write_gate (n INTEGER NOT NULL);
INSERT INTO write_gate (n) VALUES (0);
