-- A ticket's tags: from the articles the user tried and the rules that
-- matched when it opened, then as staff edit them (/tag add|remove).
-- Filterable (`escala tickets list --tag`).
CREATE TABLE ticket_tags (
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    tag        TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ticket_tags_by_tag ON ticket_tags(tag);
