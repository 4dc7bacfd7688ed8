import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countOf } from '../src/analytics/count-label.ts';

describe('countOf', () => {
  it('says one thing in the singular', () => {
    assert.equal(countOf(1, 'conversation'), '1 conversation');
  });

  it('says none and many in the plural', () => {
    assert.equal(countOf(0, 'message'), '0 messages');
    assert.equal(countOf(2, 'message'), '2 messages');
  });

  it('takes an irregular plural', () => {
    assert.equal(countOf(3, 'reply', 'replies'), '3 replies');
    assert.equal(countOf(1, 'reply', 'replies'), '1 reply');
  });
});
