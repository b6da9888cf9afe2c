-- Each stint of a ticket at a level keeps its own pair of SLA clocks: the
-- row is no longer replaced when the ticket moves on (which erased an L1
-- breach once the ticket reached L2), it is handed over and kept. At most
-- one current clock of each kind per ticket.
ALTER TABLE sla_clocks DROP CONSTRAINT sla_clocks_pkey;
ALTER TABLE sla_clocks ADD COLUMN id BIGSERIAL PRIMARY KEY;
ALTER TABLE sla_clocks ADD COLUMN handed_over_at TIMESTAMPTZ;
DROP INDEX sla_clocks_running;
CREATE INDEX sla_clocks_running ON sla_clocks(due_at)
    WHERE due_at IS NOT NULL AND met_at IS NULL AND handed_over_at IS NULL;
CREATE INDEX sla_clocks_of_ticket ON sla_clocks(ticket_id);
CREATE UNIQUE INDEX one_current_clock ON sla_clocks(ticket_id, clock) WHERE handed_over_at IS NULL;
