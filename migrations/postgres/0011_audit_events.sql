-- Who did what among staff and admins outside a ticket's own history
-- (ticket_events has that): blocking users, incident changes, doctor
-- runs. One row per action, written in the action's transaction where
-- there is one. Retention never prunes it.
CREATE TABLE audit_events (
    id       BIGSERIAL PRIMARY KEY,
    at       TIMESTAMPTZ NOT NULL,
    actor    TEXT NOT NULL,
    channel  TEXT NOT NULL,
    action   TEXT NOT NULL,
    payload  TEXT NOT NULL
);
CREATE INDEX audit_events_by_time ON audit_events(at);
