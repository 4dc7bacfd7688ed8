import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { ChannelRequestError } from '../src/channels/index.ts';
import { deliver, toInboundRequest, unixSeconds, webhookSignedRequest, type FakeWebhookReceiver } from '../src/testing/index.ts';
import { WEBHOOK_SECRETS } from './support/channel-fixtures.ts';
import { useChannelEndpoint } from './support/inbound-endpoint.ts';

const { secret } = WEBHOOK_SECRETS;

describe('generic webhook', () => {
  const channel = useChannelEndpoint<FakeWebhookReceiver>('webhook');

  test('a signed event delivered over HTTP becomes an InboundMessage', async () => {
    const response = await deliver(
      channel.endpoint.url,
      webhookSignedRequest({ eventId: 'evt-1', userId: 'customer-42', text: 'Hello', displayName: 'Ada' }, secret),
    );
    assert.equal(response.status, 200);
    assert.deepEqual(channel.endpoint.received.at(-1), {
      kind: 'webhook',
      eventId: 'evt-1',
      userId: 'customer-42',
      address: 'customer-42',
      text: 'Hello',
      displayName: 'Ada',
    });
  });

  test('a quick-reply value alone is accepted, its value standing in for the text', () => {
    const { messages } = channel.adapter.receive(
      toInboundRequest(webhookSignedRequest({ eventId: 'evt-2', userId: 'u', quickReplyValue: 'yes' }, secret)),
    ) as {
      messages: unknown[];
    };
    assert.deepEqual(messages, [{ kind: 'webhook', eventId: 'evt-2', userId: 'u', address: 'u', text: 'yes', quickReplyValue: 'yes' }]);
  });

  test('a forged signature is refused with 401, and so is a tampered body', async () => {
    assert.equal(
      (await deliver(channel.endpoint.url, webhookSignedRequest({ eventId: 'e', userId: 'u', text: 'x' }, 'some-other-secret-1234')))
        .status,
      401,
    );
    const signed = webhookSignedRequest({ eventId: 'e', userId: 'u', text: 'original' }, secret);
    assert.equal((await deliver(channel.endpoint.url, { ...signed, body: signed.body.replace('original', 'tampered') })).status, 401);
    assert.equal((await deliver(channel.endpoint.url, { ...signed, headers: { 'content-type': 'application/json' } })).status, 401);
  });

  test('a timestamp more than five minutes old is refused as expired', () => {
    const old = webhookSignedRequest({ eventId: 'e', userId: 'u', text: 'x' }, secret, unixSeconds() - 600);
    assert.throws(
      () => channel.adapter.receive(toInboundRequest(old)),
      (e: unknown) => e instanceof ChannelRequestError && e.code === 'expired',
    );
  });

  test('a malformed or incomplete body is a 400, never a crash', async () => {
    for (const body of ['{', '{"eventId":"e","userId":"u"}', '{"eventId":"","userId":"u","text":"x"}', 'null']) {
      assert.equal((await deliver(channel.endpoint.url, webhookSignedRequest(body, secret))).status, 400, body);
    }
    assert.deepEqual(channel.endpoint.crashes, []);
  });

  test('replies are POSTed signed, with the idempotency key and the quick replies', async () => {
    const quickReplies = [{ label: 'Yes', value: 'yes' }];
    const receipt = await channel.adapter.send({ id: 'reply-1', address: 'customer-42', text: 'Anything else?', quickReplies });
    assert.deepEqual(receipt, { attempts: 1 });
    const request = channel.fake.requests.at(-1)!;
    assert.equal(request.headers['idempotency-key'], 'reply-1');
    const body = request.body as Record<string, unknown>;
    assert.deepEqual(
      { ...body, sentAt: undefined },
      { id: 'reply-1', address: 'customer-42', text: 'Anything else?', quickReplies, sentAt: undefined },
    );
    assert.ok(!Number.isNaN(Date.parse(String(body.sentAt))));
    // Checked here against the documented scheme itself, not only by the channel.fake.
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers['x-parley-signature']))!;
    assert.equal(v1, createHmac('sha256', secret).update(`${t}.${request.rawBody}`).digest('hex'));
    assert.deepEqual(channel.fake.sent.at(-1), {
      address: 'customer-42',
      text: 'Anything else?',
      buttons: quickReplies,
      providerMessageId: 'reply-1',
    });
  });

  test('a retried delivery keeps its idempotency key and body, re-signed', async () => {
    channel.fake.failNext(1, 'server_error');
    await channel.adapter.send({ id: 'reply-2', address: 'customer-42', text: 'Retried' });
    const [first, second] = channel.fake.requests.slice(-2);
    assert.equal(first!.headers['idempotency-key'], 'reply-2');
    assert.equal(second!.headers['idempotency-key'], 'reply-2');
    assert.equal(first!.rawBody, second!.rawBody);
    assert.equal(channel.fake.sent.filter((m) => m.text === 'Retried').length, 1);
  });
});
