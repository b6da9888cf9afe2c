-- Incidents are described by files in kb/incidents/; the database keeps
-- what the files cannot: which revisions were already announced (so each
-- update is broadcast once, whichever instance sees it first), who asked to
-- hear about an incident, and which tickets are resolved with it.
CREATE TABLE incident_revisions (
    incident_id  TEXT NOT NULL,
    revision     TEXT NOT NULL,
    status       TEXT NOT NULL,
    seen_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (incident_id, revision)
);
CREATE TABLE incident_subscriptions (
    incident_id  TEXT NOT NULL,
    contact_id   BIGINT NOT NULL REFERENCES contacts(id),
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (incident_id, contact_id)
);
CREATE TABLE incident_tickets (
    incident_id  TEXT NOT NULL,
    ticket_id    BIGINT NOT NULL REFERENCES tickets(id),
    linked_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (incident_id, ticket_id)
);
