import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChannelRequestError } from '../src/channels/index.ts';
import {
  deliver,
  telegramCallbackUpdate,
  telegramDelivery,
  telegramTextUpdate,
  toInboundRequest,
  type FakeTelegram,
} from '../src/testing/index.ts';
import { startChannel, TELEGRAM_SECRETS } from './support/channel-fixtures.ts';
import { useChannelEndpoint } from './support/inbound-endpoint.ts';

describe('telegram', () => {
  const channel = useChannelEndpoint<FakeTelegram>('telegram');

  test('a text message delivered over HTTP becomes an InboundMessage', async () => {
    const update = telegramTextUpdate({ text: 'Hello there', chatId: 555, firstName: 'Ada', updateId: 9001 });
    const response = await deliver(channel.endpoint.url, telegramDelivery(update, TELEGRAM_SECRETS.secretToken));
    assert.equal(response.status, 200);
    const message = channel.endpoint.received.at(-1)!;
    assert.deepEqual(
      { ...message, sentAt: undefined },
      {
        kind: 'telegram',
        eventId: '9001',
        userId: '555',
        address: '555',
        text: 'Hello there',
        displayName: 'Ada',
        sentAt: undefined,
      },
    );
    assert.ok(message.sentAt instanceof Date);
  });

  test('a press on an inline button gives its label, its value and the callback to confirm', async () => {
    const update = telegramCallbackUpdate({
      data: 'plan:pro',
      buttons: [
        { label: 'Basic', value: 'plan:basic' },
        { label: 'Pro', value: 'plan:pro' },
      ],
      queryId: 'cbq-1',
      chatId: 555,
    });
    const { messages } = channel.adapter.receive(toInboundRequest(telegramDelivery(update, TELEGRAM_SECRETS.secretToken))) as {
      messages: unknown[];
    };
    assert.deepEqual(messages, [
      {
        kind: 'telegram',
        eventId: String((update as { update_id: number }).update_id),
        userId: '555',
        address: '555',
        text: 'Pro',
        quickReplyValue: 'plan:pro',
        displayName: 'Ada',
        confirmation: 'cbq-1',
      },
    ]);
    await channel.adapter.confirm!(messages[0] as never);
    assert.deepEqual(channel.fake.answeredCallbacks, ['cbq-1']);
  });

  test('other update types give no messages', () => {
    const delivery = telegramDelivery(
      { update_id: 77, edited_message: { message_id: 1, chat: { id: 1 }, date: 1, text: 'x' } },
      TELEGRAM_SECRETS.secretToken,
    );
    assert.deepEqual(channel.adapter.receive(toInboundRequest(delivery)), { type: 'messages', messages: [] });
  });

  test('a wrong or missing secret token is refused with 401', async () => {
    const update = telegramTextUpdate({ text: 'forged' });
    assert.equal((await deliver(channel.endpoint.url, telegramDelivery(update, 'not-the-secret'))).status, 401);
    const unsigned = { ...telegramDelivery(update, 'x'), headers: { 'content-type': 'application/json' } };
    assert.throws(
      () => channel.adapter.receive(toInboundRequest(unsigned)),
      (e: unknown) => e instanceof ChannelRequestError && e.code === 'bad_signature',
    );
  });

  test('a malformed body is a 400, never a crash', async () => {
    for (const body of ['{not json', '{"update_id":"nope"}', '[]', '']) {
      const response = await deliver(channel.endpoint.url, { ...telegramDelivery({}, TELEGRAM_SECRETS.secretToken), body });
      assert.equal(response.status, 400, body);
    }
    assert.deepEqual(channel.endpoint.crashes, []);
  });

  test('sendMessage carries the text and one inline button per row', async () => {
    const receipt = await channel.adapter.send({
      id: 'm1',
      address: '555',
      text: 'Which plan?',
      quickReplies: [
        { label: 'Basic', value: 'plan:basic' },
        { label: 'Pro', value: 'plan:pro' },
      ],
    });
    assert.deepEqual(receipt, { providerMessageId: channel.fake.sent.at(-1)!.providerMessageId, attempts: 1 });
    const request = channel.fake.requests.at(-1)!;
    assert.equal(request.path, `/bot${TELEGRAM_SECRETS.botToken}/sendMessage`);
    assert.deepEqual(request.body, {
      chat_id: '555',
      text: 'Which plan?',
      reply_markup: { inline_keyboard: [[{ text: 'Basic', callback_data: 'plan:basic' }], [{ text: 'Pro', callback_data: 'plan:pro' }]] },
    });
  });

  test('a quick reply whose value exceeds 64 bytes is left out; plain text has no keyboard', async () => {
    await channel.adapter.send({
      id: 'm2',
      address: '555',
      text: 'Pick',
      quickReplies: [
        { label: 'Long', value: 'é'.repeat(33) },
        { label: 'Ok', value: 'ok' },
      ],
    });
    assert.deepEqual(channel.fake.sent.at(-1)!.buttons, [{ label: 'Ok', value: 'ok' }]);
    await channel.adapter.send({ id: 'm3', address: '555', text: 'Just text' });
    assert.deepEqual(channel.fake.requests.at(-1)!.body, { chat_id: '555', text: 'Just text' });
  });

  test('registerWebhook calls setWebhook with the secret token', async () => {
    await channel.adapter.registerWebhook!('https://bot.example.com/channels/telegram/abc');
    assert.deepEqual(channel.fake.webhook, {
      url: 'https://bot.example.com/channels/telegram/abc',
      secretToken: TELEGRAM_SECRETS.secretToken,
    });
  });

  test('the bot token in the URL never reaches an error message, even on a network error', async () => {
    const closed = await startChannel('telegram');
    await closed.fake.close();
    const error = await closed.adapter.send({ id: 'x', address: '1', text: 'x' }).catch((e: unknown) => e);
    assert.ok(error instanceof Error);
    assert.ok(!error.message.includes(TELEGRAM_SECRETS.botToken), error.message);
    assert.ok(!String(error.stack).includes(TELEGRAM_SECRETS.botToken));
  });
});
