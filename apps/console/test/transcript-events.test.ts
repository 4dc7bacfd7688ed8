import type { OperatorConversationEvent } from '@parley/protocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  confirmsModel,
  correctionsByMessage,
  mergeEvents,
  modelChangesByMessage,
  modelLabelsByMessage,
} from '../src/inbox/transcript-events.ts';

const CONVERSATION = 'c1';
const ANNA = { id: 'op1', name: 'Anna' };

const note = (seq: number, text = `note ${seq}`): OperatorConversationEvent => ({
  type: 'note',
  conversationId: CONVERSATION,
  seq,
  at: 1_000 + seq,
  note: { id: `n${seq}`, clientMessageId: `m${seq}`, author: ANNA, text },
});

const correction = (
  seq: number,
  messageId: string,
  kind: 'intent' | 'new_intent' | 'sentiment',
  label: string,
): OperatorConversationEvent => ({
  type: 'correction',
  conversationId: CONVERSATION,
  seq,
  at: 1_000 + seq,
  messageId,
  kind,
  label,
  by: ANNA,
});

const seqs = (events: OperatorConversationEvent[]) => events.map(({ seq }) => seq);

describe('mergeEvents', () => {
  it('puts incoming events in seq order among the current ones', () => {
    assert.deepEqual(seqs(mergeEvents([note(1), note(4)], [note(3), note(2), note(5)])), [1, 2, 3, 4, 5]);
  });

  it('keeps the event it already holds when a replay repeats a seq', () => {
    const merged = mergeEvents([note(1, 'held'), note(2)], [note(2, 'replayed'), note(3)]);
    assert.deepEqual(seqs(merged), [1, 2, 3]);
    assert.deepEqual(
      merged.map((event) => event.type === 'note' && event.note.text),
      ['held', 'note 2', 'note 3'],
    );
  });

  it('de-duplicates within one incoming batch', () => {
    assert.deepEqual(seqs(mergeEvents([], [note(2), note(1), note(2, 'again')])), [1, 2]);
  });

  it('returns the same array when nothing is new, so React can skip the render', () => {
    const current = [note(1), note(2)];
    assert.equal(mergeEvents(current, [note(2), note(1)]), current);
    assert.equal(mergeEvents(current, []), current);
  });

  it('does not change the array it was given', () => {
    const current = [note(2)];
    mergeEvents(current, [note(1)]);
    assert.deepEqual(seqs(current), [2]);
  });
});

describe('correctionsByMessage', () => {
  it('keeps the latest correction of each kind per message, new intents counting as intents', () => {
    const corrections = correctionsByMessage([
      note(1),
      correction(2, 'msg-a', 'intent', 'billing'),
      correction(3, 'msg-a', 'sentiment', 'negative'),
      correction(4, 'msg-b', 'new_intent', 'refund_status'),
      correction(5, 'msg-a', 'intent', 'shipping'),
    ]);
    assert.deepEqual(
      [...corrections],
      [
        ['msg-a', { intent: 'shipping', sentiment: 'negative' }],
        ['msg-b', { intent: 'refund_status' }],
      ],
    );
  });

  it('is empty without corrections', () => {
    assert.equal(correctionsByMessage([note(1), note(2)]).size, 0);
  });
});

describe('confirmsModel', () => {
  const customerMessage = (seq: number, id: string, intent: string | null, sentiment: string | null): OperatorConversationEvent => ({
    type: 'message',
    conversationId: CONVERSATION,
    seq,
    at: 1_000 + seq,
    message: {
      id,
      author: 'customer',
      text: `message ${seq}`,
      classification: {
        intent: intent === null ? null : { label: intent, confidence: 0.4, outOfScope: true, top: [{ label: intent, confidence: 0.4 }] },
        sentiment: sentiment === null ? null : { label: sentiment, score: 0.8 },
        modelVersion: 'v1',
        latencyMs: 3,
      },
    },
  });
  const events = [customerMessage(1, 'msg-a', 'track_order', 'neutral'), customerMessage(2, 'msg-b', null, 'negative')];
  const labels = modelLabelsByMessage(events);
  const confirms = (event: OperatorConversationEvent) => event.type === 'correction' && confirmsModel(labels, event);

  it('is a confirmation when the label is the one the model gave, per kind', () => {
    assert.deepEqual(
      [...labels],
      [
        ['msg-a', { intent: 'track_order', sentiment: 'neutral' }],
        ['msg-b', { sentiment: 'negative' }],
      ],
    );
    assert.equal(confirms(correction(3, 'msg-a', 'intent', 'track_order')), true);
    assert.equal(confirms(correction(4, 'msg-a', 'sentiment', 'neutral')), true);
    assert.equal(confirms(correction(5, 'msg-b', 'sentiment', 'negative')), true);
  });

  it('is a correction when the label differs, the model gave none, or the message is not in the transcript', () => {
    assert.equal(confirms(correction(3, 'msg-a', 'intent', 'get_refund')), false);
    assert.equal(confirms(correction(4, 'msg-a', 'sentiment', 'track_order')), false);
    assert.equal(confirms(correction(5, 'msg-b', 'intent', 'track_order')), false);
    assert.equal(confirms(correction(6, 'msg-z', 'intent', 'track_order')), false);
  });

  it('a new intent is never a confirmation', () => {
    assert.equal(confirms(correction(3, 'msg-a', 'new_intent', 'track_order')), false);
  });
});

describe('modelChangesByMessage', () => {
  const classified = (seq: number, modelVersion: string): OperatorConversationEvent => ({
    type: 'message',
    conversationId: CONVERSATION,
    seq,
    at: 1_000 + seq,
    message: {
      id: `msg-${seq}`,
      author: 'customer',
      text: `message ${seq}`,
      classification: { intent: null, sentiment: null, modelVersion, latencyMs: 3 },
    },
  });

  it('marks the first classified message and each one whose model differs from the one before', () => {
    const events = [classified(1, 'v1'), note(2), classified(3, 'v1'), classified(4, 'v2'), classified(5, 'v2'), classified(6, 'v1')];
    assert.deepEqual([...modelChangesByMessage(events)], ['msg-1', 'msg-4', 'msg-6']);
  });
});
