import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textWithSources } from '../src/channels/text-with-sources.ts';

test('a knowledge answer reaches plain-text channels with its sources listed under it, numbered as cited', () => {
  const text = textWithSources('Refunds take 5 days [1]; exchanges are free [2].', [
    { number: 1, title: 'Returns', url: 'https://help.example.com/returns', documentId: 'd1' },
    { number: 2, title: 'Exchanges', documentId: 'd2' },
  ]);
  assert.equal(text, 'Refunds take 5 days [1]; exchanges are free [2].\n\n[1] Returns: https://help.example.com/returns\n[2] Exchanges');
  assert.equal(textWithSources('Hello', undefined), 'Hello');
  assert.equal(textWithSources('Hello', []), 'Hello');
});
