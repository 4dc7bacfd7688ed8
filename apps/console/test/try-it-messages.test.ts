import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decidesDifferently, MAX_TRY_IT_MESSAGES, tryItMessages } from '../src/models/try-it-messages.ts';

describe('tryItMessages', () => {
  it('takes one message per line, trimmed, skipping blank lines (Windows line ends too)', () => {
    assert.deepEqual(tryItMessages('  where is my order \r\n\n   \ncancel it\n'), {
      messages: ['where is my order', 'cancel it'],
      dropped: 0,
    });
  });

  it('keeps the first 20 and counts the rest', () => {
    const text = Array.from({ length: MAX_TRY_IT_MESSAGES + 3 }, (_, i) => `message ${i}`).join('\n');
    const { messages, dropped } = tryItMessages(text);
    assert.equal(messages.length, MAX_TRY_IT_MESSAGES);
    assert.equal(messages.at(-1), `message ${MAX_TRY_IT_MESSAGES - 1}`);
    assert.equal(dropped, 3);
  });

  it('has nothing to send for an empty box', () => {
    assert.deepEqual(tryItMessages(' \n \n'), { messages: [], dropped: 0 });
  });
});

describe('decidesDifferently', () => {
  it('compares the decision and the intent answered', () => {
    assert.equal(decidesDifferently({ decision: 'answer', intent: 'a' }, { decision: 'answer', intent: 'a' }), false);
    assert.equal(decidesDifferently({ decision: 'answer', intent: 'a' }, { decision: 'answer', intent: 'b' }), true);
    assert.equal(decidesDifferently({ decision: 'answer', intent: 'a' }, { decision: 'fallback', intent: null }), true);
    assert.equal(decidesDifferently({ decision: 'fallback', intent: null }, { decision: 'fallback', intent: null }), false);
  });
});
