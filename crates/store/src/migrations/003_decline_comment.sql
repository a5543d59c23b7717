-- Schema 3: the comment sent with a declined invitation; {reason} stands
-- for the rule's message.

ALTER TABLE settings ADD COLUMN decline_comment TEXT NOT NULL
    DEFAULT 'Sorry, I can''t make this one: {reason}. (Deepblock keeps my focus time.)';
