-- Message ids handed out in commit order, so that "every message after id N" is a cursor that can never
-- skip one, even with several Parley servers writing to one PostgreSQL database. An identity column
-- lets transaction A take id 100 and B take 101, B commit first, and a stream that has sent 101 skip
-- 100 for ever. Here a post takes its id by incrementing this one row inside its transaction: the row
-- lock is held until commit, so a second transaction wanting an id waits for the first to commit, and
-- ids become visible strictly in ascending order. (messages.id keeps its identity default, unused: every
-- insert names its id.)
CREATE TABLE message_ids (
    last_id BIGINT NOT NULL
);

-- Start above every id ever handed out, deleted messages' included (ids are never reused):
-- ${message_id_high_water} is the identity's high-water mark, which only the database itself knows.
INSERT INTO message_ids (last_id)
SELECT MAX(high) FROM (
    SELECT COALESCE(MAX(id), 0) AS high FROM messages
    UNION ALL
    SELECT ${message_id_high_water} AS high
) AS known;
