import type { OperatorConversationEvent } from '@parley/protocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latestCustomerText, suggestedReply } from '../src/copilot/suggested-reply.ts';

const message = (seq: number, author: 'customer' | 'bot', text: string): OperatorConversationEvent =>
  author === 'customer'
    ? { type: 'message', conversationId: 'c1', seq, at: seq, message: { id: `m${seq}`, author, text, classification: null } }
    : { type: 'message', conversationId: 'c1', seq, at: seq, message: { id: `m${seq}`, author, text } };

describe('the copilot’s suggested reply', () => {
  it('asks about the customer’s latest message, not the bot’s reply', () => {
    const events = [
      message(1, 'customer', 'hi'),
      message(2, 'bot', 'hello'),
      message(3, 'customer', 'how do returns work?'),
      message(4, 'bot', 'sorry?'),
    ];
    assert.equal(latestCustomerText(events), 'how do returns work?');
    assert.equal(latestCustomerText([message(1, 'bot', 'welcome')]), null);
    assert.equal(latestCustomerText([]), null);
  });

  it('puts the answer first and its sources under it, one line each', () => {
    const reply = suggestedReply({
      answer: {
        text: 'Returns are free within 30 days [1].',
        mode: 'extractive',
        citations: [{ number: 1, title: 'Returns policy', url: 'https://shop.test/returns', documentId: 'd1' }],
      },
    });
    assert.equal(reply, 'Returns are free within 30 days [1].\n\n[1] Returns policy — https://shop.test/returns');
  });

  it('is the answer alone without sources, and nothing when the knowledge base does not answer', () => {
    assert.equal(suggestedReply({ answer: { text: 'Yes.', mode: 'llm', citations: [] } }), 'Yes.');
    assert.equal(suggestedReply({ answer: null }), null);
  });
});
