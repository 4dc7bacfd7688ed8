import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChannelRequestError, ChannelSendError, createSlackAdapter } from '../src/channels/index.ts';
import {
  deliver,
  FAKE_SLACK_BOT_USER,
  slackBlockAction,
  slackEventRequest,
  slackInteractionRequest,
  slackMessageEvent,
  slackSignedRequest,
  slackUrlVerification,
  toInboundRequest,
  unixSeconds,
  type FakeSlack,
} from '../src/testing/index.ts';
import { FAST_OPTIONS, SLACK_SECRETS } from './support/channel-fixtures.ts';
import { useChannelEndpoint } from './support/inbound-endpoint.ts';

const { signingSecret } = SLACK_SECRETS;

describe('slack', () => {
  const channel = useChannelEndpoint<FakeSlack>('slack');

  test('a signed message event delivered over HTTP becomes an InboundMessage', async () => {
    const event = slackMessageEvent({ text: 'Hi, I need help', user: 'U123', channel: 'D456', eventId: 'Ev0001' });
    const response = await deliver(channel.endpoint.url, slackEventRequest(event, signingSecret));
    assert.equal(response.status, 200);
    const message = channel.endpoint.received.at(-1)!;
    assert.equal(message.kind, 'slack');
    assert.equal(message.eventId, 'Ev0001');
    assert.equal(message.userId, 'U123');
    assert.equal(message.address, 'D456');
    assert.equal(message.text, 'Hi, I need help');
    assert.ok(message.sentAt instanceof Date);
  });

  test('url_verification is answered with the challenge', async () => {
    const response = await deliver(
      channel.endpoint.url,
      slackEventRequest(slackUrlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'), signingSecret),
    );
    assert.equal(response.status, 200);
    assert.match(response.contentType ?? '', /^text\/plain/);
    assert.equal(response.body, '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
  });

  test('bot messages, edits and the app’s own posts give no messages', () => {
    for (const event of [
      slackMessageEvent({ text: 'our reply', botId: 'B0FAKE' }),
      slackMessageEvent({ text: 'edited', subtype: 'message_changed' }),
      slackMessageEvent({ text: 'as the bot user', user: FAKE_SLACK_BOT_USER }),
    ]) {
      assert.deepEqual(channel.adapter.receive(toInboundRequest(slackEventRequest(event, signingSecret))), {
        type: 'messages',
        messages: [],
      });
    }
  });

  test('a button press arrives form-encoded and gives the value and label', async () => {
    const payload = slackBlockAction({ value: 'plan:pro', label: 'Pro', user: 'U123', channel: 'D456', actionTs: '1700000001.000200' });
    const response = await deliver(channel.endpoint.url, slackInteractionRequest(payload, signingSecret));
    assert.equal(response.status, 200);
    const message = channel.endpoint.received.at(-1)!;
    assert.deepEqual(
      { ...message, sentAt: undefined },
      {
        kind: 'slack',
        eventId: 'U123:parley_quick_reply_0:1700000001.000200',
        userId: 'U123',
        address: 'D456',
        text: 'Pro',
        quickReplyValue: 'plan:pro',
        displayName: 'ada',
        sentAt: undefined,
      },
    );
  });

  test('a forged signature is refused with 401', async () => {
    const delivery = slackEventRequest(slackMessageEvent({ text: 'forged' }), 'not-the-signing-secret');
    assert.equal((await deliver(channel.endpoint.url, delivery)).status, 401);
    const tampered = slackEventRequest(slackMessageEvent({ text: 'original' }), signingSecret);
    assert.equal((await deliver(channel.endpoint.url, { ...tampered, body: tampered.body.replace('original', 'tampered') })).status, 401);
  });

  test('a timestamp more than five minutes away is refused as expired', () => {
    const old = slackEventRequest(slackMessageEvent({ text: 'replayed' }), signingSecret, unixSeconds() - 301);
    assert.throws(
      () => channel.adapter.receive(toInboundRequest(old)),
      (e: unknown) => e instanceof ChannelRequestError && e.status === 401 && e.code === 'expired',
    );
    const now = new Date(Date.now() + 10 * 60_000);
    const fresh = slackEventRequest(slackMessageEvent({ text: 'later' }), signingSecret, unixSeconds(now));
    assert.equal((channel.adapter.receive(toInboundRequest(fresh), now) as { messages: unknown[] }).messages.length, 1);
  });

  test('a malformed, correctly signed body is a 400, never a crash', async () => {
    for (const body of ['{oops', '{"type":"event_callback"}', '"str"']) {
      assert.equal((await deliver(channel.endpoint.url, slackSignedRequest(body, signingSecret))).status, 400, body);
    }
    const noPayload = slackSignedRequest('foo=bar', signingSecret, undefined, 'application/x-www-form-urlencoded');
    assert.equal((await deliver(channel.endpoint.url, noPayload)).status, 400);
    assert.deepEqual(channel.endpoint.crashes, []);
  });

  test('chat.postMessage carries text, a section and an actions block of buttons', async () => {
    const receipt = await channel.adapter.send({
      id: 'm1',
      address: 'D456',
      text: 'Which plan?',
      quickReplies: [
        { label: 'Basic', value: 'plan:basic' },
        { label: 'Pro', value: 'plan:pro' },
      ],
    });
    assert.equal(receipt.attempts, 1);
    assert.equal(receipt.providerMessageId, channel.fake.sent.at(-1)!.providerMessageId);
    const request = channel.fake.requests.at(-1)!;
    assert.equal(request.path, '/api/chat.postMessage');
    assert.equal(request.headers.authorization, `Bearer ${SLACK_SECRETS.botToken}`);
    assert.deepEqual(request.body, {
      channel: 'D456',
      text: 'Which plan?',
      blocks: [
        { type: 'section', text: { type: 'plain_text', text: 'Which plan?' } },
        {
          type: 'actions',
          block_id: 'parley_quick_replies',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Basic' }, value: 'plan:basic', action_id: 'parley_quick_reply_0' },
            { type: 'button', text: { type: 'plain_text', text: 'Pro' }, value: 'plan:pro', action_id: 'parley_quick_reply_1' },
          ],
        },
      ],
    });
    await channel.adapter.send({ id: 'm2', address: 'D456', text: 'Plain' });
    assert.deepEqual(channel.fake.requests.at(-1)!.body, { channel: 'D456', text: 'Plain' });
  });

  test('a wrong bot token is invalid_auth: permanent, tried once', async () => {
    const wrong = createSlackAdapter(
      { settings: { apiBase: channel.fake.apiBase }, secrets: { ...SLACK_SECRETS, botToken: 'xoxb-wrong' } },
      FAST_OPTIONS,
    );
    const before = channel.fake.requests.length;
    const error = await wrong.send({ id: 'm3', address: 'D456', text: 'x' }).catch((e: unknown) => e);
    assert.ok(error instanceof ChannelSendError && error.permanent);
    assert.match(error.message, /invalid_auth/);
    assert.ok(!error.message.includes('xoxb-wrong'));
    assert.equal(channel.fake.requests.length - before, 1);
  });
});
