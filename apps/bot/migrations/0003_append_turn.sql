-- A customer turn in one round trip. A turn appends the customer's message and what the bot answered (its
-- reply, maybe a status change) and updates the conversation's state. Sent as BEGIN, six statements and COMMIT,
-- that was eight round trips; on a busy server the socket writes and protocol parsing of those round trips were
-- the largest single cost after the model (bench:bot CPU profile). One function call does the same work, with
-- the same guarantees:
-- - the conversation row is locked first, so concurrent turns of one conversation (several server processes)
--   are ordered and seqs stay gapless;
-- - the duplicate check runs after the lock, on a fresh snapshot (READ COMMITTED gives each statement one), so
--   a retried client message id returns no rows and writes nothing;
-- - it all commits or rolls back together, as one statement does.
CREATE FUNCTION parley_append_turn(
  p_conversation uuid,
  -- The customer's message: client_message_id, sender, text, payload, intent, confidence, sentiment,
  -- sentiment_score, model_version, classify_ms; NULL to append only the events.
  p_message jsonb,
  -- What follows it, in order: [{kind, sender, text, payload}].
  p_events jsonb,
  -- The conversation's new status (NULL: unchanged), failure count and handoff reason.
  p_status text,
  p_failure_count integer,
  p_handoff_reason text
) RETURNS SETOF messages
LANGUAGE plpgsql AS $$
DECLARE
  v_seq bigint;
  v_event jsonb;
BEGIN
  SELECT last_seq INTO v_seq FROM conversations WHERE id = p_conversation FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'conversation % does not exist', p_conversation USING ERRCODE = 'no_data_found';
  END IF;
  -- NULL: answer a customer message stored earlier (by a server that stopped before answering it).
  IF p_message IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM messages WHERE conversation_id = p_conversation AND client_message_id = p_message ->> 'client_message_id') THEN
      RETURN;
    END IF;

    v_seq := v_seq + 1;
    RETURN QUERY
      INSERT INTO messages (conversation_id, seq, kind, client_message_id, sender, text, payload, intent, confidence, sentiment,
        sentiment_score, model_version, classify_ms)
      VALUES (p_conversation, v_seq, 'message', p_message ->> 'client_message_id', p_message ->> 'sender', p_message ->> 'text',
        nullif(p_message -> 'payload', 'null'::jsonb), p_message ->> 'intent', (p_message ->> 'confidence')::real,
        p_message ->> 'sentiment', (p_message ->> 'sentiment_score')::real, p_message ->> 'model_version',
        (p_message ->> 'classify_ms')::real)
      RETURNING *;
  END IF;

  FOR v_event IN SELECT value FROM jsonb_array_elements(p_events) LOOP
    v_seq := v_seq + 1;
    RETURN QUERY
      INSERT INTO messages (conversation_id, seq, kind, sender, text, payload)
      VALUES (p_conversation, v_seq, v_event ->> 'kind', v_event ->> 'sender', v_event ->> 'text', nullif(v_event -> 'payload', 'null'::jsonb))
      RETURNING *;
  END LOOP;

  UPDATE conversations
  SET last_seq = v_seq,
      updated_at = now(),
      failure_count = p_failure_count,
      status = coalesce(p_status, status),
      handoff_reason = CASE WHEN p_status IS NULL THEN handoff_reason ELSE p_handoff_reason END
  WHERE id = p_conversation;
  -- Only an operator assignment keeps an assignee (src/conversation/conversation-record.ts).
  IF p_status IS NOT NULL AND p_status <> 'assigned' THEN
    UPDATE assignments SET released_at = now() WHERE conversation_id = p_conversation AND released_at IS NULL;
  END IF;
END;
$$;
