-- SLA clocks: one row per ticket and clock (first response, resolution).
-- A running clock has `running_since`, `due_at` and `warn_at`; a paused one
-- (waiting on the user or a vendor, or resolved awaiting confirmation) keeps
-- only the business seconds it had left in `remaining_secs`. The sweeper
-- picks rows whose `warn_at` or `due_at` passed and records `warned_at` /
-- `breached_at` in the same transaction as the alerts, so each fires once.
CREATE TABLE sla_clocks (
    ticket_id       BIGINT NOT NULL REFERENCES tickets(id),
    clock           TEXT NOT NULL,
    level           TEXT NOT NULL,
    priority        TEXT NOT NULL,
    target_secs     BIGINT NOT NULL,
    remaining_secs  BIGINT NOT NULL,
    running_since   TIMESTAMPTZ,
    due_at          TIMESTAMPTZ,
    warn_at         TIMESTAMPTZ,
    warned_at       TIMESTAMPTZ,
    breached_at     TIMESTAMPTZ,
    met_at          TIMESTAMPTZ,
    PRIMARY KEY (ticket_id, clock)
);
CREATE INDEX sla_clocks_running ON sla_clocks(due_at) WHERE due_at IS NOT NULL AND met_at IS NULL;
