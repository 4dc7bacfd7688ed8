-- The conversation log, sessions and read watermarks.
--
-- Every logged event of a conversation (message, status change, internal note, label correction) takes the next
-- seq of the one per-conversation counter, so a reconnecting client resumes everything from one number. They all
-- live in `messages`, told apart by `kind`; customers are shown only kinds 'message' and 'status'.

ALTER TABLE messages ADD COLUMN kind text NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'status', 'note', 'correction'));
-- Who may author what: notes and corrections are an operator's; the bot only ever posts messages.
ALTER TABLE messages ADD CONSTRAINT messages_kind_sender CHECK (
  (kind = 'message')
  OR (kind = 'status' AND sender IN ('customer', 'operator', 'system'))
  OR (kind IN ('note', 'correction') AND sender = 'operator' AND operator_id IS NOT NULL)
);
-- Replay for customers skips the operator-only kinds.
CREATE INDEX messages_customer_visible_idx ON messages (conversation_id, seq) WHERE kind IN ('message', 'status');

-- Notes move into the log (kind = 'note'), so they get a seq and replay to operators with everything else.
-- The view keeps the "notes of a conversation" question one SELECT away.
DROP TABLE notes;
CREATE VIEW notes AS
  SELECT id, conversation_id, operator_id, text, created_at FROM messages WHERE kind = 'note';

-- How far each side has read: the customer (operator/bot messages) and the agents (customer messages).
ALTER TABLE conversations ADD COLUMN customer_read_seq bigint NOT NULL DEFAULT 0 CHECK (customer_read_seq >= 0);
ALTER TABLE conversations ADD COLUMN agent_read_seq bigint NOT NULL DEFAULT 0 CHECK (agent_read_seq >= 0);
-- Why the conversation is waiting, while it is.
ALTER TABLE conversations ADD COLUMN handoff_reason text NULL;

-- Operator login sessions: the bearer token or cookie value is stored only as its sha256.
CREATE TABLE operator_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  operator_id uuid NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX operator_sessions_operator_idx ON operator_sessions (operator_id);
