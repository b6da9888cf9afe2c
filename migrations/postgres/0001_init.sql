-- escala schema, PostgreSQL flavour: the same tables as the SQLite flavour,
-- with native types. Times are TIMESTAMPTZ (microseconds, compared as time,
-- not as text); JSON payloads are JSONB so they can be queried in reports.
-- No write_gate table: PostgreSQL takes row locks, not a database lock.

CREATE TABLE contacts (
    id            BIGSERIAL PRIMARY KEY,
    channel       TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    chat_id       TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    lang          TEXT,
    dialogue      TEXT NOT NULL DEFAULT '{"step":"idle"}',
    blocked       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (channel, external_id)
);

CREATE TABLE conversations (
    id          BIGSERIAL PRIMARY KEY,
    contact_id  BIGINT NOT NULL REFERENCES contacts(id),
    lang        TEXT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    outcome     TEXT,
    ended_at    TIMESTAMPTZ
);
CREATE INDEX conversations_by_contact ON conversations(contact_id);

CREATE TABLE tickets (
    id                 BIGSERIAL PRIMARY KEY,
    contact_id         BIGINT NOT NULL REFERENCES contacts(id),
    conversation_id    BIGINT REFERENCES conversations(id),
    channel            TEXT NOT NULL,
    lang               TEXT NOT NULL,
    level              TEXT NOT NULL,
    priority           TEXT NOT NULL,
    state              TEXT NOT NULL,
    assignee           TEXT,
    subject            TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    first_response_at  TIMESTAMPTZ,
    resolved_at        TIMESTAMPTZ,
    closed_at          TIMESTAMPTZ,
    csat               BIGINT,
    vendor             TEXT,
    vendor_reference   TEXT,
    version            BIGINT NOT NULL
);
-- One open ticket per user and channel (a contact is per channel).
CREATE UNIQUE INDEX one_open_ticket_per_contact ON tickets(contact_id) WHERE state <> 'closed';
CREATE INDEX tickets_by_state ON tickets(state);

CREATE TABLE messages (
    id               BIGSERIAL PRIMARY KEY,
    conversation_id  BIGINT REFERENCES conversations(id),
    ticket_id        BIGINT REFERENCES tickets(id),
    author           TEXT NOT NULL,
    author_name      TEXT NOT NULL,
    body             TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX messages_by_conversation ON messages(conversation_id);
CREATE INDEX messages_by_ticket ON messages(ticket_id);

CREATE TABLE ticket_events (
    id          BIGSERIAL PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets(id),
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    payload     JSONB NOT NULL
);
CREATE INDEX ticket_events_by_ticket ON ticket_events(ticket_id);

CREATE TABLE outbox (
    id           BIGSERIAL PRIMARY KEY,
    channel      TEXT NOT NULL,
    destination  TEXT NOT NULL,
    payload      JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    due_at       TIMESTAMPTZ NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    last_error   TEXT,
    sent_at      TIMESTAMPTZ,
    dead         BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX outbox_pending ON outbox(channel, destination, id) WHERE sent_at IS NULL AND NOT dead;

CREATE TABLE processed_inbound (
    channel       TEXT NOT NULL,
    key           TEXT NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (channel, key)
);

CREATE TABLE timers (
    id         BIGSERIAL PRIMARY KEY,
    ticket_id  BIGINT REFERENCES tickets(id),
    kind       TEXT NOT NULL,
    due_at     TIMESTAMPTZ NOT NULL,
    payload    JSONB NOT NULL DEFAULT '{}',
    fired_at   TIMESTAMPTZ
);
CREATE INDEX timers_due ON timers(due_at) WHERE fired_at IS NULL;

CREATE TABLE kb_queries (
    id               BIGSERIAL PRIMARY KEY,
    contact_id       BIGINT REFERENCES contacts(id),
    conversation_id  BIGINT REFERENCES conversations(id),
    text             TEXT NOT NULL,
    lang             TEXT NOT NULL,
    best_article     TEXT,
    confidence       DOUBLE PRECISION NOT NULL,
    outcome          TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX kb_queries_by_outcome ON kb_queries(outcome);
