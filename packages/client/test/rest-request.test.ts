import assert from 'node:assert/strict';
import { test } from 'node:test';
import { restOperations } from '@parley/protocol';
import { fillPath, operationUrl, queryString } from '../src/rest-request.ts';

test('fillPath encodes each parameter and leaves the rest of the path alone', () => {
  assert.equal(fillPath('/bots/:botId/intents/:intent', { botId: 'b 1', intent: 'a/b?c' }), '/bots/b%201/intents/a%2Fb%3Fc');
  assert.equal(fillPath('/classify', undefined), '/classify');
  assert.equal(fillPath('/bots/:botId', { botId: 42 }), '/bots/42');
});

test('fillPath throws on a missing, null or empty parameter: a bug in the caller, not a request to send', () => {
  assert.throws(() => fillPath('/bots/:botId', {}), /missing path parameter "botId"/);
  assert.throws(() => fillPath('/bots/:botId', { botId: null }), TypeError);
  assert.throws(() => fillPath('/bots/:botId', { botId: '' }), TypeError);
  assert.throws(() => fillPath('/bots/:botId', undefined), TypeError);
});

test('queryString leaves out absent values, repeats array keys and encodes values', () => {
  assert.equal(queryString(undefined), '');
  assert.equal(queryString({}), '');
  assert.equal(queryString({ a: undefined, b: null, c: '' }), '');
  assert.equal(queryString({ from: '2026-01-01', limit: 20, mine: true }), '?from=2026-01-01&limit=20&mine=true');
  assert.equal(queryString({ tag: ['a', 'b c'], n: 0 }), '?tag=a&tag=b+c&n=0');
  assert.equal(queryString({ q: 'a&b=c' }), '?q=a%26b%3Dc');
});

test('operationUrl builds the URL of an operation from its path, params and query', () => {
  const base = 'https://bot.example.com/api/v1';
  assert.equal(operationUrl(base, restOperations.classify, {}), `${base}/classify`);
  assert.equal(operationUrl(base, restOperations.listIntents, { params: { botId: 'b-1' } }), `${base}/bots/b-1/intents`);
  assert.equal(
    operationUrl(base, restOperations.getBotUsage, { params: { botId: 'b-1' }, query: { from: '2026-01-01', to: undefined } }),
    `${base}/bots/b-1/usage?from=2026-01-01`,
  );
  assert.throws(() => operationUrl(base, restOperations.listIntents, undefined), /botId/);
});
