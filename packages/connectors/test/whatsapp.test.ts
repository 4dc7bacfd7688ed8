import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChannelRequestError, ChannelSendError, createWhatsAppAdapter } from '../src/channels/index.ts';
import {
  deliver,
  toInboundRequest,
  whatsappButtonReply,
  whatsappListReply,
  whatsappSignature,
  whatsappSignedRequest,
  whatsappStatusUpdate,
  whatsappTextMessage,
  whatsappVerifyRequest,
  type FakeWhatsApp,
} from '../src/testing/index.ts';
import { FAST_OPTIONS, WHATSAPP_SECRETS } from './support/channel-fixtures.ts';
import { useChannelEndpoint } from './support/inbound-endpoint.ts';

const { appSecret, verifyToken } = WHATSAPP_SECRETS;

describe('whatsapp', () => {
  const channel = useChannelEndpoint<FakeWhatsApp>('whatsapp');

  test('the GET verification echoes hub.challenge for our verify token, 403 otherwise', async () => {
    const ok = await deliver(channel.endpoint.url, whatsappVerifyRequest(verifyToken, '1158201444'));
    assert.deepEqual([ok.status, ok.body], [200, '1158201444']);
    assert.match(ok.contentType ?? '', /^text\/plain/);
    assert.equal((await deliver(channel.endpoint.url, whatsappVerifyRequest('wrong-token'))).status, 403);
    const unsubscribe = whatsappVerifyRequest(verifyToken);
    assert.equal(
      (await deliver(channel.endpoint.url, { ...unsubscribe, query: { ...unsubscribe.query, 'hub.mode': 'unsubscribe' } })).status,
      403,
    );
  });

  test('a signed text message delivered over HTTP becomes an InboundMessage', async () => {
    const body = whatsappTextMessage({ from: '447700900123', text: 'Where is my order?', name: 'Grace', messageId: 'wamid.ABC123' });
    assert.equal((await deliver(channel.endpoint.url, whatsappSignedRequest(body, appSecret))).status, 200);
    const message = channel.endpoint.received.at(-1)!;
    assert.deepEqual(
      { ...message, sentAt: undefined },
      {
        kind: 'whatsapp',
        eventId: 'wamid.ABC123',
        userId: '447700900123',
        address: '447700900123',
        text: 'Where is my order?',
        displayName: 'Grace',
        sentAt: undefined,
      },
    );
    assert.ok(message.sentAt instanceof Date);
  });

  test('button and list replies give the id as value and the title as text', () => {
    for (const body of [whatsappButtonReply({ id: 'plan:pro', title: 'Pro' }), whatsappListReply({ id: 'plan:pro', title: 'Pro' })]) {
      const { messages } = channel.adapter.receive(toInboundRequest(whatsappSignedRequest(body, appSecret))) as {
        messages: { text: string; quickReplyValue?: string }[];
      };
      assert.equal(messages.length, 1);
      assert.equal(messages[0]!.text, 'Pro');
      assert.equal(messages[0]!.quickReplyValue, 'plan:pro');
    }
  });

  test('status callbacks and messages to another business number give no messages', () => {
    for (const body of [whatsappStatusUpdate({ status: 'read' }), whatsappTextMessage({ text: 'hi', phoneNumberId: '999' })]) {
      assert.deepEqual(channel.adapter.receive(toInboundRequest(whatsappSignedRequest(body, appSecret))), {
        type: 'messages',
        messages: [],
      });
    }
  });

  test('a forged or missing X-Hub-Signature-256 is refused with 401', async () => {
    const body = whatsappTextMessage({ text: 'forged' });
    assert.equal((await deliver(channel.endpoint.url, whatsappSignedRequest(body, 'another-app-secret'))).status, 401);
    const unsigned = whatsappSignedRequest(body, appSecret);
    assert.equal((await deliver(channel.endpoint.url, { ...unsigned, headers: { 'content-type': 'application/json' } })).status, 401);
  });

  test('a malformed, correctly signed body is a 400, never a crash', async () => {
    for (const body of ['nope', '{"entry":"x"}', '{"entry":[{"changes":[{"value":{"messages":[{"id":1}]}}]}]}']) {
      const delivery = whatsappSignedRequest({}, appSecret);
      const signed = { ...delivery, body, headers: { ...delivery.headers, 'x-hub-signature-256': whatsappSignature(body, appSecret) } };
      assert.equal((await deliver(channel.endpoint.url, signed)).status, 400, body);
    }
    assert.deepEqual(channel.endpoint.crashes, []);
  });

  test('text goes out as a text message with Bearer auth', async () => {
    const receipt = await channel.adapter.send({ id: 'm1', address: '447700900123', text: 'On its way' });
    assert.equal(receipt.providerMessageId, channel.fake.sent.at(-1)!.providerMessageId);
    const request = channel.fake.requests.at(-1)!;
    assert.equal(request.path, `/v21.0/${channel.fake.phoneNumberId}/messages`);
    assert.equal(request.headers.authorization, `Bearer ${WHATSAPP_SECRETS.accessToken}`);
    assert.deepEqual(request.body, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '447700900123',
      type: 'text',
      text: { body: 'On its way' },
    });
  });

  test('up to three short quick replies are reply buttons', async () => {
    await channel.adapter.send({
      id: 'm2',
      address: '447700900123',
      text: 'Happy?',
      quickReplies: [
        { label: 'Yes', value: 'yes' },
        { label: 'No', value: 'no' },
      ],
    });
    assert.deepEqual(channel.fake.requests.at(-1)!.body, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '447700900123',
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Happy?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
            { type: 'reply', reply: { id: 'no', title: 'No' } },
          ],
        },
      },
    });
  });

  test('more than three, or labels over 20 characters, become a list of at most 10 rows', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ label: `Option ${i + 1}`, value: `opt-${i + 1}` }));
    await channel.adapter.send({ id: 'm3', address: '447700900123', text: 'Pick a topic', quickReplies: many });
    const sent = channel.fake.sent.at(-1)!;
    assert.equal(sent.buttons.length, 10);
    assert.deepEqual(sent.buttons[0], { label: 'Option 1', value: 'opt-1' });
    const interactive = (channel.fake.requests.at(-1)!.body as { interactive: { type: string; action: { button: string } } }).interactive;
    assert.equal(interactive.type, 'list');
    assert.equal(interactive.action.button, 'Options');

    const long = 'I would like to speak to a person please';
    await channel.adapter.send({ id: 'm4', address: '447700900123', text: 'Or?', quickReplies: [{ label: long, value: 'human' }] });
    const rows = (channel.fake.requests.at(-1)!.body as { interactive: { action: { sections: { rows: object[] }[] } } }).interactive.action
      .sections[0]!.rows;
    assert.deepEqual(rows, [{ id: 'human', title: 'I would like to speak t…', description: long }]);
  });

  test('an expired token (Graph code 190) is permanent; a throughput limit (130429) is retried', async () => {
    const wrong = createWhatsAppAdapter(
      {
        settings: { apiBase: channel.fake.apiBase, phoneNumberId: channel.fake.phoneNumberId },
        secrets: { ...WHATSAPP_SECRETS, accessToken: 'EAAG-expired' },
      },
      FAST_OPTIONS,
    );
    const error = await wrong.send({ id: 'm5', address: '1', text: 'x' }).catch((e: unknown) => e);
    assert.ok(error instanceof ChannelSendError && error.permanent && error.status === 401);
    assert.match(error.message, /#190/);
    assert.ok(!error.message.includes('EAAG-expired'));
    channel.fake.failNext(2, 'rate_limit');
    assert.equal((await channel.adapter.send({ id: 'm6', address: '1', text: 'x' })).attempts, 3);
  });

  test('a GET without hub.challenge is malformed', () => {
    const delivery = whatsappVerifyRequest(verifyToken);
    const { 'hub.challenge': _challenge, ...query } = delivery.query;
    assert.throws(
      () => channel.adapter.receive(toInboundRequest({ ...delivery, query })),
      (e: unknown) => e instanceof ChannelRequestError && e.status === 400,
    );
  });
});
