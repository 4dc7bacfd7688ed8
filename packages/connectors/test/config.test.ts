import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelConfigSchema, createChannelAdapter, SECRET_FIELDS } from '../src/channels/index.ts';
import { parseRetryAfter } from '../src/channels/retry-after.ts';

test('defaults fill each provider’s API base', () => {
  const telegram = channelConfigSchema.parse({ kind: 'telegram', settings: {}, secrets: { botToken: '1:abc', secretToken: 'tok' } });
  assert.deepEqual(telegram.settings, { apiBase: 'https://api.telegram.org' });
  const slack = channelConfigSchema.parse({ kind: 'slack', settings: {}, secrets: { botToken: 'xoxb-1', signingSecret: 's' } });
  assert.deepEqual(slack.settings, { apiBase: 'https://slack.com/api' });
  const whatsapp = channelConfigSchema.parse({
    kind: 'whatsapp',
    settings: { phoneNumberId: '1' },
    secrets: { accessToken: 'a', appSecret: 'b', verifyToken: 'c' },
  });
  assert.deepEqual(whatsapp.settings, { phoneNumberId: '1', apiBase: 'https://graph.facebook.com/v21.0' });
  for (const config of [telegram, slack, whatsapp]) assert.equal(createChannelAdapter(config).kind, config.kind);
});

test('invalid configs are refused', () => {
  const invalid = [
    { kind: 'telegram', settings: {}, secrets: { botToken: 'no-colon', secretToken: 'tok' } },
    { kind: 'telegram', settings: {}, secrets: { botToken: '1:abc', secretToken: 'has space' } },
    { kind: 'telegram', settings: {}, secrets: { botToken: '1:abc', secretToken: 'x'.repeat(257) } },
    { kind: 'webhook', settings: { url: 'https://example.com/hook' }, secrets: { secret: 'too-short' } },
    { kind: 'webhook', settings: { url: 'ftp://example.com' }, secrets: { secret: 'x'.repeat(16) } },
    { kind: 'whatsapp', settings: {}, secrets: { accessToken: 'a', appSecret: 'b', verifyToken: 'c' } },
    { kind: 'sms', settings: {}, secrets: {} },
  ];
  for (const config of invalid) assert.equal(channelConfigSchema.safeParse(config).success, false, JSON.stringify(config));
});

test('SECRET_FIELDS lists each kind’s secrets', () => {
  assert.deepEqual(SECRET_FIELDS, {
    telegram: ['botToken', 'secretToken'],
    slack: ['botToken', 'signingSecret'],
    whatsapp: ['accessToken', 'appSecret', 'verifyToken'],
    webhook: ['secret'],
  });
});

test('Retry-After reads delay-seconds and HTTP dates', () => {
  assert.equal(parseRetryAfter('3'), 3000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(null), undefined);
});
