import type { OperatorConversationEvent } from '@parley/protocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendDraft, NO_DRAFTS, settleDrafts } from '../src/inbox/answer-drafts.ts';

const botMessage = (seq: number, draftId?: string): OperatorConversationEvent => ({
  type: 'message',
  conversationId: 'c1',
  seq,
  at: seq,
  message: { id: `m${seq}`, author: 'bot', text: 'Returns are free.', ...(draftId ? { draftId } : {}) },
});

const texts = (drafts: typeof NO_DRAFTS) => drafts.open.map(({ draftId, text }) => [draftId, text]);

describe('answers being written', () => {
  it('grows a draft piece by piece and keeps drafts apart', () => {
    let drafts = appendDraft(NO_DRAFTS, { draftId: 'a', delta: 'Returns ' }, 4);
    drafts = appendDraft(drafts, { draftId: 'b', delta: 'Other' }, 4);
    drafts = appendDraft(drafts, { draftId: 'a', delta: 'are free.' }, 4);
    assert.deepEqual(texts(drafts), [
      ['a', 'Returns are free.'],
      ['b', 'Other'],
    ]);
  });

  it('is replaced by its logged message, and a late delta does not bring it back', () => {
    let drafts = appendDraft(NO_DRAFTS, { draftId: 'a', delta: 'Returns' }, 4);
    drafts = settleDrafts(drafts, botMessage(5, 'a'));
    assert.deepEqual(texts(drafts), []);
    assert.deepEqual(texts(appendDraft(drafts, { draftId: 'a', delta: ' late' }, 5)), []);
  });

  it('ends when another bot message is logged after it began, but not for a replayed older one', () => {
    const drafts = appendDraft(NO_DRAFTS, { draftId: 'a', delta: 'Returns' }, 4);
    assert.equal(settleDrafts(drafts, botMessage(3)), drafts);
    assert.deepEqual(texts(settleDrafts(drafts, botMessage(5))), []);
  });

  it('stays through other events', () => {
    const drafts = appendDraft(NO_DRAFTS, { draftId: 'a', delta: 'Returns' }, 4);
    const customer: OperatorConversationEvent = {
      type: 'message',
      conversationId: 'c1',
      seq: 6,
      at: 6,
      message: { id: 'm6', author: 'customer', text: 'ok', classification: null },
    };
    assert.equal(settleDrafts(drafts, customer), drafts);
  });
});
