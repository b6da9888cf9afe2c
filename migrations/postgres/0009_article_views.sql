-- Each article shown to a user, with what became of it: solved, not
-- solved, led to a ticket, or nothing said (NULL). The user's verdict used
-- to overwrite the query's outcome ("not solved" then became "ticket"), so
-- an article shown three times and failing twice read as solved once.
CREATE TABLE article_views (
    id               BIGSERIAL PRIMARY KEY,
    query_id         BIGINT REFERENCES kb_queries(id),
    conversation_id  BIGINT REFERENCES conversations(id),
    contact_id       BIGINT NOT NULL REFERENCES contacts(id),
    article_id       TEXT NOT NULL,
    lang             TEXT NOT NULL,
    shown_at         TIMESTAMPTZ NOT NULL,
    fate             TEXT,
    decided_at       TIMESTAMPTZ
);
CREATE INDEX article_views_by_conversation ON article_views(conversation_id);
CREATE INDEX article_views_by_query ON article_views(query_id);
CREATE INDEX article_views_by_time ON article_views(shown_at);
-- Earlier verdicts become views of the query's best article; the query
-- keeps what the bot did (a verdict implies an article was answered).
INSERT INTO article_views (query_id, conversation_id, contact_id, article_id, lang, shown_at, fate, decided_at)
    SELECT id, conversation_id, contact_id, best_article, lang, created_at, outcome, created_at
    FROM kb_queries
    WHERE best_article IS NOT NULL AND contact_id IS NOT NULL AND outcome IN ('solved', 'not_solved', 'ticket');
UPDATE kb_queries SET outcome = 'answered'
    WHERE outcome IN ('solved', 'not_solved', 'ticket') AND best_article IS NOT NULL;
UPDATE kb_queries SET outcome = 'missed' WHERE outcome IN ('solved', 'not_solved', 'ticket');
