-- Auto-assignment: agents who said /away (left out until /back), and per
-- level the agent round robin last gave a ticket to.
CREATE TABLE agents_away (
    agent  TEXT PRIMARY KEY,
    since  TIMESTAMPTZ NOT NULL
);
CREATE TABLE assignment_cursor (
    level       TEXT PRIMARY KEY,
    last_agent  TEXT NOT NULL
);
