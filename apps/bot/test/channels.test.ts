import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  deliver,
  slackBlockAction,
  slackEventRequest,
  slackInteractionRequest,
  slackMessageEvent,
  slackUrlVerification,
  startFakeSlack,
  startFakeTelegram,
  startFakeWebhookReceiver,
  startFakeWhatsApp,
  telegramCallbackUpdate,
  telegramDelivery,
  telegramTextUpdate,
  unixSeconds,
  webhookSignedRequest,
  whatsappSignedRequest,
  whatsappStatusUpdate,
  whatsappTextMessage,
  whatsappVerifyRequest,
  type FakeProvider,
  type FakeSlack,
  type FakeTelegram,
  type FakeWebhookReceiver,
  type FakeWhatsApp,
} from '@parley/connectors/testing';
import { apiErrorHandler, apiRouter } from '../src/http/api-router.ts';
import { takeOver, sendAsOperator } from '../src/conversation/operator-actions.ts';
import { findConversationRecord } from '../src/db/conversation-record-store.ts';
import { startHarness, type Harness } from './support/bot-harness.ts';
import { GENEROUS_LIMITS } from './support/api-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { memoryLogger } from './support/logger.ts';
import { quiet } from './support/events.ts';

const TRACK_ANSWER = 'You can track your order under My orders.';
const CANCEL_ANSWER = 'To cancel, open the order and press Cancel.';
const TELEGRAM_SECRET_TOKEN = 'tg_webhook_secret_0123456789';
const SLACK_SIGNING_SECRET = 'slack-signing-secret-abcdef0123456789';
const WHATSAPP_APP_SECRET = 'meta-app-secret-0123456789abcdef';
const WHATSAPP_VERIFY_TOKEN = 'verify-me-0123456789';
const WEBHOOK_SECRET = 'webhook-secret-0123456789abcdef';
const PUBLIC_URL = 'https://bots.example.com';

/** Polls until `check` holds (deliveries happen after the provider got its 200, in the background). */
async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 8_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await quiet(20);
  }
}

forEachEngine((engine) => {
  let h: Harness;
  let admin: string;
  let agent: string;
  const logs = memoryLogger();
  let telegram: FakeTelegram;
  let slack: FakeSlack;
  let whatsapp: FakeWhatsApp;
  let receiver: FakeWebhookReceiver;
  const fakes: FakeProvider[] = [];

  before(async () => {
    h = await startHarness(await engine.migrated(), {
      logger: logs.logger,
      channelAdapterOptions: { timeoutMs: 2_000, retry: { retries: 3, minTimeoutMs: 10, maxTimeoutMs: 50, maxRetryAfterMs: 50 } },
    });
    h.app.server.app.use('/api/v1', apiRouter(h.app.ctx, { rateLimits: GENEROUS_LIMITS, corsOrigins: [] }), apiErrorHandler(h.app.ctx));
    // The same API on a server that knows its public URL (PARLEY_PUBLIC_URL).
    h.app.server.app.use(
      '/public/api/v1',
      apiRouter(h.app.ctx, { rateLimits: GENEROUS_LIMITS, corsOrigins: [], publicUrl: PUBLIC_URL }),
      apiErrorHandler(h.app.ctx),
    );
    admin = (await h.operator('admin')).token;
    agent = (await h.operator('agent')).token;
    telegram = await startFakeTelegram();
    slack = await startFakeSlack();
    whatsapp = await startFakeWhatsApp();
    receiver = await startFakeWebhookReceiver({ secret: WEBHOOK_SECRET });
    fakes.push(telegram, slack, whatsapp, receiver);
  });
  after(async () => {
    await h.app.channels.idle();
    for (const fake of fakes) await fake.close();
    await h.close();
  });

  const api = async (method: string, path: string, body?: unknown, token = admin, prefix = '') => {
    const response = await fetch(`${h.base}${prefix}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: text ? (JSON.parse(text) as Record<string, any>) : undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  const connect = async (kind: string, settings: Record<string, unknown>, secrets: Record<string, string>) => {
    const created = await api('POST', `/bots/${h.botId}/channels`, { kind, name: `${kind} test`, settings, secrets });
    assert.equal(created.status, 201, created.text);
    return { id: created.json!.channel.id as string, url: `${h.base}${created.json!.channel.webhookPath}`, response: created };
  };
  const telegramChannel = () =>
    connect('telegram', { apiBase: telegram.apiBase }, { botToken: telegram.botToken, secretToken: TELEGRAM_SECRET_TOKEN });

  const customerMessages = async (channelId: string) =>
    (
      await h.app.ctx.db.query<{ text: string; conversation_id: string; payload: unknown }>(
        `SELECT m.text, m.conversation_id, m.payload FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.channel_id = $1 AND m.sender = 'customer' ORDER BY m.created_at, m.seq`,
        [channelId],
      )
    ).rows;

  test('admin API: connect, list and read a channel without ever returning a secret; agents may not', async () => {
    const { id, response } = await telegramChannel();
    assert.ok(!response.text.includes(telegram.botToken) && !response.text.includes(TELEGRAM_SECRET_TOKEN));
    assert.deepEqual(response.json!.channel.secretsSet, ['botToken', 'secretToken']);
    assert.equal(response.json!.channel.webhookPath, `/channels/${id}`);
    const listed = await api('GET', `/bots/${h.botId}/channels`);
    assert.equal(listed.status, 200);
    assert.ok(listed.json!.channels.some((c: { id: string }) => c.id === id));
    const one = await api('GET', `/bots/${h.botId}/channels/${id}`);
    for (const secret of [telegram.botToken, TELEGRAM_SECRET_TOKEN]) assert.ok(!listed.text.includes(secret) && !one.text.includes(secret));
    assert.equal((await api('GET', `/bots/${h.botId}/channels`, undefined, agent)).status, 403);
    assert.equal((await api('POST', `/bots/${h.botId}/channels`, { kind: 'slack', secrets: {} }, agent)).status, 403);
  });

  test('with a public URL, a new Telegram channel registers its webhook (and says so when Telegram refuses)', async () => {
    const body = {
      kind: 'telegram',
      settings: { apiBase: telegram.apiBase },
      secrets: { botToken: telegram.botToken, secretToken: TELEGRAM_SECRET_TOKEN },
    };
    const created = await api('POST', `/bots/${h.botId}/channels`, body, admin, '/public');
    assert.equal(created.status, 201, created.text);
    const { id, webhookUrl } = created.json!.channel as { id: string; webhookUrl: string };
    assert.equal(webhookUrl, `${PUBLIC_URL}/channels/${id}`);
    assert.equal(created.json!.webhookRegistered, true);
    assert.deepEqual(telegram.webhook, { url: webhookUrl, secretToken: TELEGRAM_SECRET_TOKEN });
    telegram.failNext(1, 'unauthorized');
    const refused = await api('POST', `/bots/${h.botId}/channels`, body, admin, '/public');
    assert.equal(refused.status, 201);
    assert.equal(refused.json!.webhookRegistered, false);
    assert.equal(
      (await api('POST', `/bots/${h.botId}/channels`, body)).json!.webhookRegistered,
      undefined,
      'no public URL: nothing registered',
    );
  });

  test('secrets are encrypted at rest: the stored row holds no token', async () => {
    const { id } = await telegramChannel();
    const { rows } = await h.app.ctx.db.query<{ secrets: string }>('SELECT secrets::text AS secrets FROM channels WHERE id = $1', [id]);
    assert.ok(!rows[0]!.secrets.includes(telegram.botToken) && !rows[0]!.secrets.includes(TELEGRAM_SECRET_TOKEN));
    assert.match(rows[0]!.secrets, /"v": ?1/);
  });

  test('admin API: an invalid configuration is refused naming the field, never echoing the value', async () => {
    const bad = await api('POST', `/bots/${h.botId}/channels`, {
      kind: 'telegram',
      settings: {},
      secrets: { botToken: 'not a token with spaces', secretToken: 'has spaces too' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.json!.error.code, 'invalid_payload');
    assert.match(bad.json!.error.message, /botToken/);
    assert.ok(!bad.text.includes('not a token with spaces'));
    const unknownKind = await api('POST', `/bots/${h.botId}/channels`, { kind: 'fax', secrets: {} });
    assert.equal(unknownKind.status, 400);
  });

  test('Telegram: a message is answered through sendMessage with the quick replies as an inline keyboard', async () => {
    const { id, url } = await telegramChannel();
    const sentBefore = telegram.sent.length;
    const response = await deliver(
      url,
      telegramDelivery(telegramTextUpdate({ text: 'where is my order, has it shipped?', chatId: 4242 }), TELEGRAM_SECRET_TOKEN),
    );
    assert.equal(response.status, 200);
    const reply = await eventually(() => telegram.sent[sentBefore], 'the Telegram reply');
    assert.equal(reply.address, '4242');
    assert.equal(reply.text, TRACK_ANSWER);
    assert.deepEqual(
      reply.buttons.map((b) => b.value),
      ['cancel_order', 'human_agent'],
    );

    // Pressing a button: the press is credited to the bot message that offered it, and the spinner is stopped.
    const press = telegramCallbackUpdate({ data: 'cancel_order', chatId: 4242, queryId: 'cbq-1', buttons: reply.buttons });
    assert.equal((await deliver(url, telegramDelivery(press, TELEGRAM_SECRET_TOKEN))).status, 200);
    const second = await eventually(() => telegram.sent[sentBefore + 1], 'the reply to the button');
    assert.equal(second.text, CANCEL_ANSWER);
    await eventually(() => telegram.answeredCallbacks.includes('cbq-1'), 'answerCallbackQuery');
    const stored = await customerMessages(id);
    assert.equal(stored.length, 2);
    assert.equal(stored[0]!.conversation_id, stored[1]!.conversation_id, 'one conversation per chat');
    assert.equal((stored[1]!.payload as { quickReply?: { value: string } }).quickReply?.value, 'cancel_order');
    const conversation = await findConversationRecord(h.app.ctx.db, stored[0]!.conversation_id);
    assert.equal(conversation?.channel, 'telegram');
  });

  test('Telegram: a wrong or missing secret token is refused and nothing is stored', async () => {
    const { id, url } = await telegramChannel();
    const update = telegramTextUpdate({ text: 'forged hello' });
    assert.equal((await deliver(url, telegramDelivery(update, 'not-the-secret'))).status, 401);
    const unsigned = telegramDelivery(update, TELEGRAM_SECRET_TOKEN);
    delete unsigned.headers['x-telegram-bot-api-secret-token'];
    assert.equal((await deliver(url, unsigned)).status, 401);
    const { rows } = await h.app.ctx.db.query('SELECT 1 FROM channel_events WHERE channel_id = $1', [id]);
    assert.equal(rows.length, 0);
    assert.equal((await deliver(`${h.base}/channels/00000000-0000-0000-0000-000000000000`, unsigned)).status, 404);
  });

  test('a replayed or concurrently redelivered event is processed once', async () => {
    const { id, url } = await telegramChannel();
    const sentBefore = telegram.sent.length;
    const delivery = telegramDelivery(telegramTextUpdate({ text: 'I want to cancel my order', chatId: 5151 }), TELEGRAM_SECRET_TOKEN);
    const responses = await Promise.all([deliver(url, delivery), deliver(url, delivery), deliver(url, delivery)]);
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 200, 200],
    );
    await eventually(() => telegram.sent.length > sentBefore, 'the reply');
    assert.equal((await deliver(url, delivery)).status, 200);
    await h.app.channels.idle();
    await quiet(100);
    assert.equal((await customerMessages(id)).length, 1);
    assert.equal(telegram.sent.length, sentBefore + 1);
  });

  test('Slack: url_verification, a signed DM answered with buttons, bot echoes ignored, expired and forged signatures refused', async () => {
    const { id, url } = await connect(
      'slack',
      { apiBase: slack.apiBase },
      { botToken: slack.botToken, signingSecret: SLACK_SIGNING_SECRET },
    );
    const challenge = await deliver(
      url,
      slackEventRequest(slackUrlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'), SLACK_SIGNING_SECRET),
    );
    assert.equal(challenge.status, 200);
    assert.match(challenge.body, /3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P/);

    const sentBefore = slack.sent.length;
    assert.equal(
      (await deliver(url, slackEventRequest(slackMessageEvent({ text: 'where is my order?', channel: 'D0ADA' }), SLACK_SIGNING_SECRET)))
        .status,
      200,
    );
    const reply = await eventually(() => slack.sent[sentBefore], 'the Slack reply');
    assert.equal(reply.address, 'D0ADA');
    assert.equal(reply.text, TRACK_ANSWER);
    assert.deepEqual(
      reply.buttons.map((b) => b.value),
      ['cancel_order', 'human_agent'],
    );
    const click = await deliver(
      url,
      slackInteractionRequest(slackBlockAction({ value: 'cancel_order', label: 'Cancel it', channel: 'D0ADA' }), SLACK_SIGNING_SECRET),
    );
    assert.ok(click.status === 200, click.body);
    await eventually(() => slack.sent[sentBefore + 1]?.text === CANCEL_ANSWER, 'the reply to the button click');

    // The bot's own message comes back as an event: it must not be answered.
    await deliver(
      url,
      slackEventRequest(slackMessageEvent({ text: TRACK_ANSWER, channel: 'D0ADA', botId: 'B0PARLEY' }), SLACK_SIGNING_SECRET),
    );
    const old = slackEventRequest(slackMessageEvent({ text: 'replayed later' }), SLACK_SIGNING_SECRET, unixSeconds() - 6 * 60);
    assert.equal((await deliver(url, old)).status, 401);
    const forged = slackEventRequest(slackMessageEvent({ text: 'forged' }), 'another-signing-secret');
    assert.equal((await deliver(url, forged)).status, 401);
    await h.app.channels.idle();
    assert.equal((await customerMessages(id)).length, 2);
    assert.equal(slack.sent.length, sentBefore + 2);
  });

  test('WhatsApp: GET verify handshake, a signed message answered, status callbacks ignored, forged signatures refused', async () => {
    const { id, url } = await connect(
      'whatsapp',
      { apiBase: whatsapp.apiBase, phoneNumberId: whatsapp.phoneNumberId },
      { accessToken: whatsapp.accessToken, appSecret: WHATSAPP_APP_SECRET, verifyToken: WHATSAPP_VERIFY_TOKEN },
    );
    const verify = whatsappVerifyRequest(WHATSAPP_VERIFY_TOKEN, '1158201444');
    const handshake = await deliver(url, verify);
    assert.equal(handshake.status, 200);
    assert.equal(handshake.body, '1158201444');
    assert.equal((await deliver(url, whatsappVerifyRequest('wrong-token'))).status, 403);

    const sentBefore = whatsapp.sent.length;
    const message = whatsappTextMessage({ text: 'where is my order?', from: '15550001111' });
    assert.equal((await deliver(url, whatsappSignedRequest(message, WHATSAPP_APP_SECRET))).status, 200);
    const reply = await eventually(() => whatsapp.sent[sentBefore], 'the WhatsApp reply');
    assert.equal(reply.address, '15550001111');
    assert.equal(reply.text, TRACK_ANSWER);
    assert.equal(reply.buttons.length, 2);
    assert.equal((await deliver(url, whatsappSignedRequest(whatsappStatusUpdate({ status: 'read' }), WHATSAPP_APP_SECRET))).status, 200);
    assert.equal((await deliver(url, whatsappSignedRequest(message, 'forged-app-secret'))).status, 401);
    await h.app.channels.idle();
    assert.equal((await customerMessages(id)).length, 1);
  });

  test('webhook: signed inbound API, signed outbound POSTs with Idempotency-Key, a 429 retried and a malformed body refused', async () => {
    const { id, url } = await connect('webhook', { url: receiver.url }, { secret: WEBHOOK_SECRET });
    const sentBefore = receiver.sent.length;
    receiver.failNext(1, 'rate_limit', { retryAfterSeconds: 0 });
    const event = { eventId: 'evt-1', userId: 'user-77', text: 'where is my order?' };
    assert.equal((await deliver(url, webhookSignedRequest(event, WEBHOOK_SECRET))).status, 200);
    const reply = await eventually(() => receiver.sent[sentBefore], 'the webhook delivery');
    assert.equal(reply.address, 'user-77');
    assert.equal(reply.text, TRACK_ANSWER);
    // The receiver records before it answers; the delivery row is written once its answer is back.
    const rows = await eventually(async () => {
      const { rows } = await h.app.ctx.db.query<{ status: string; attempts: number; message_id: string }>(
        'SELECT status, attempts, message_id FROM channel_deliveries WHERE channel_id = $1',
        [id],
      );
      return rows.length > 0 && rows;
    }, 'the delivery row');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, 'sent');
    assert.equal(rows[0]!.attempts, 2, 'the 429 was retried once');
    assert.equal(reply.providerMessageId, rows[0]!.message_id, 'Idempotency-Key is the message id');

    const stale = webhookSignedRequest({ eventId: 'evt-2', userId: 'user-77', text: 'hi' }, WEBHOOK_SECRET, unixSeconds() - 3600);
    assert.equal((await deliver(url, stale)).status, 401);
    const malformed = await deliver(url, webhookSignedRequest('{"eventId": 5, ', WEBHOOK_SECRET));
    assert.equal(malformed.status, 400);
    assert.equal((await fetch(`${h.base}/healthz`)).status, 200, 'the server is still up');
  });

  test('a permanent delivery failure is recorded and does not block the next reply', async () => {
    const { id, url } = await connect('webhook', { url: receiver.url }, { secret: WEBHOOK_SECRET });
    const sentBefore = receiver.sent.length;
    receiver.failNext(1, 'unauthorized');
    await deliver(url, webhookSignedRequest({ eventId: 'perm-1', userId: 'user-88', text: 'where is my order?' }, WEBHOOK_SECRET));
    const failed = await eventually(async () => {
      const { rows } = await h.app.ctx.db.query<{ status: string; error: string }>(
        `SELECT status, error FROM channel_deliveries WHERE channel_id = $1 AND status = 'failed'`,
        [id],
      );
      return rows[0];
    }, 'the failed delivery row');
    assert.ok(!failed.error.includes(WEBHOOK_SECRET));
    await deliver(url, webhookSignedRequest({ eventId: 'perm-2', userId: 'user-88', text: 'I want to cancel my order' }, WEBHOOK_SECRET));
    const next = await eventually(() => receiver.sent.slice(sentBefore).find((m) => m.address === 'user-88'), 'the next reply');
    assert.equal(next.text, CANCEL_ANSWER);
  });

  test('an operator who takes over a Telegram conversation reaches the customer on Telegram', async () => {
    const { id, url } = await telegramChannel();
    await deliver(url, telegramDelivery(telegramTextUpdate({ text: 'where is my order', chatId: 6060 }), TELEGRAM_SECRET_TOKEN));
    const [first] = await eventually(async () => {
      const rows = await customerMessages(id);
      return rows.length > 0 && rows;
    }, 'the stored message');
    const { operator } = await h.operator('agent');
    const record = (await findConversationRecord(h.app.ctx.db, first!.conversation_id))!;
    await takeOver(h.app.ctx, operator, record.id);
    await sendAsOperator(h.app.ctx, operator, { conversationId: record.id, clientMessageId: 'op-1', text: 'Hi, Anna here. Let me check.' });
    const reply = await eventually(
      () => telegram.sent.find((m) => m.text === 'Hi, Anna here. Let me check.'),
      'the operator reply on Telegram',
    );
    assert.equal(reply.address, '6060');
  });

  test('after a crash: stored events are processed and undelivered replies sent on resume, already-sent ones never again', async () => {
    const { id } = await telegramChannel();
    const db = h.app.ctx.db;
    // What a process that died right after answering the provider leaves behind: a pending event.
    const message = { kind: 'telegram', eventId: 'crash-1', userId: '7070', address: '7070', text: 'where is my order?' };
    await db.query(`INSERT INTO channel_events (channel_id, event_id, message) VALUES ($1, 'crash-1', $2)`, [id, JSON.stringify(message)]);
    const sentBefore = telegram.sent.length;
    await h.app.channels.resume();
    await h.app.channels.idle();
    const reply = await eventually(() => telegram.sent.slice(sentBefore).find((m) => m.address === '7070'), 'the reply after resume');
    assert.equal(reply.text, TRACK_ANSWER);
    const { rows } = await db.query<{ status: string }>(`SELECT status FROM channel_events WHERE channel_id = $1`, [id]);
    assert.deepEqual(
      rows.map((r) => r.status),
      ['done'],
    );
    // A delivery watermark left behind (the process died after sending, before moving it): the recorded
    // delivery is not repeated.
    const [stored] = await customerMessages(id);
    await db.query('UPDATE conversations SET delivered_seq = 0 WHERE id = $1', [stored!.conversation_id]);
    const count = telegram.sent.length;
    await h.app.channels.resume();
    await h.app.channels.idle();
    assert.equal(telegram.sent.length, count);
    const { rows: progress } = await db.query<{ delivered_seq: number; last_seq: number }>(
      'SELECT delivered_seq, last_seq FROM conversations WHERE id = $1',
      [stored!.conversation_id],
    );
    assert.equal(progress[0]!.delivered_seq, progress[0]!.last_seq);
  });

  test('secret rotation: the old Telegram secret token stops working at once; a removed channel stops answering', async () => {
    const { id, url } = await telegramChannel();
    const update = () => telegramTextUpdate({ text: 'hello there', chatId: 8080 });
    const rotated = await api('PATCH', `/bots/${h.botId}/channels/${id}`, { secrets: { secretToken: 'rotated_secret_token' } });
    assert.equal(rotated.status, 200, rotated.text);
    assert.ok(!rotated.text.includes('rotated_secret_token'));
    assert.equal((await deliver(url, telegramDelivery(update(), TELEGRAM_SECRET_TOKEN))).status, 401);
    assert.equal((await deliver(url, telegramDelivery(update(), 'rotated_secret_token'))).status, 200);
    await h.app.channels.idle();
    // It has a customer now, so removing disables it and wipes its secrets instead of deleting its history.
    assert.equal((await api('DELETE', `/bots/${h.botId}/channels/${id}`)).status, 204);
    const after = await api('GET', `/bots/${h.botId}/channels/${id}`);
    assert.equal(after.json!.channel.enabled, false);
    assert.deepEqual(after.json!.channel.secretsSet, []);
    assert.equal((await deliver(url, telegramDelivery(update(), 'rotated_secret_token'))).status, 404);
    // One nobody wrote through is deleted outright.
    const unused = await telegramChannel();
    assert.equal((await api('DELETE', `/bots/${h.botId}/channels/${unused.id}`)).status, 204);
    assert.equal((await api('GET', `/bots/${h.botId}/channels/${unused.id}`)).status, 404);
  });

  test('no secret of any channel ever reached a log line', () => {
    const logged = JSON.stringify(logs.records);
    assert.ok(logs.records.length > 0, 'something was logged');
    for (const secret of [
      telegram.botToken,
      TELEGRAM_SECRET_TOKEN,
      'rotated_secret_token',
      slack.botToken,
      SLACK_SIGNING_SECRET,
      whatsapp.accessToken,
      WHATSAPP_APP_SECRET,
      WHATSAPP_VERIFY_TOKEN,
      WEBHOOK_SECRET,
    ])
      assert.ok(!logged.includes(secret), `a secret was logged: ${secret.slice(0, 4)}…`);
  });
});
