-- Level 2's callbacks: the number the user asked to be called on (E.164;
-- personal data, erased by /forget and by retention, NULL once the user
-- removed it), the promised window, the user's note and what became of the
-- call. The window's SLA clock is a `callback` row of sla_clocks.
CREATE TABLE callbacks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id     INTEGER NOT NULL REFERENCES tickets(id),
    phone         TEXT,
    window_start  TEXT NOT NULL,
    window_end    TEXT NOT NULL,
    note          TEXT,
    state         TEXT NOT NULL,
    outcome       TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX callbacks_of_ticket ON callbacks(ticket_id);
