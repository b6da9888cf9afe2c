-- Which platform topic/thread is a ticket's staff space, so staff messages
-- find their topic and messages typed in a topic find their ticket.
CREATE TABLE staff_threads (
    ticket_id   BIGINT NOT NULL REFERENCES tickets(id),
    channel     TEXT NOT NULL,
    thread_ref  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ticket_id, channel),
    UNIQUE (channel, thread_ref)
);
