-- Each stint of a ticket at a level keeps its own pair of SLA clocks: the
-- row is no longer replaced when the ticket moves on (which erased an L1
-- breach once the ticket reached L2), it is handed over and kept. At most
-- one current clock of each kind per ticket.
CREATE TABLE sla_clocks_by_stint (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id       INTEGER NOT NULL REFERENCES tickets(id),
    clock           TEXT NOT NULL,
    level           TEXT NOT NULL,
    priority        TEXT NOT NULL,
    target_secs     INTEGER NOT NULL,
    remaining_secs  INTEGER NOT NULL,
    running_since   TEXT,
    due_at          TEXT,
    warn_at         TEXT,
    warned_at       TEXT,
    breached_at     TEXT,
    met_at          TEXT,
    unreadable      TEXT,
    handed_over_at  TEXT
);
INSERT INTO sla_clocks_by_stint (ticket_id, clock, level, priority, target_secs, remaining_secs, running_since,
                                 due_at, warn_at, warned_at, breached_at, met_at, unreadable)
    SELECT ticket_id, clock, level, priority, target_secs, remaining_secs, running_since,
           due_at, warn_at, warned_at, breached_at, met_at, unreadable
    FROM sla_clocks ORDER BY ticket_id, clock;
DROP TABLE sla_clocks;
ALTER TABLE sla_clocks_by_stint RENAME TO sla_clocks;
CREATE INDEX sla_clocks_of_ticket ON sla_clocks(ticket_id);
CREATE INDEX sla_clocks_running ON sla_clocks(due_at)
    WHERE due_at IS NOT NULL AND met_at IS NULL AND handed_over_at IS NULL;
CREATE UNIQUE INDEX one_current_clock ON sla_clocks(ticket_id, clock) WHERE handed_over_at IS NULL;
