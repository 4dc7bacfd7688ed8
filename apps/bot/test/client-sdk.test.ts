import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  openCustomerChat,
  ParleyApiError,
  type CustomerChat,
  type CustomerChatOptions,
  type CustomerConversationEvent,
  type VisitorTokenStorage,
  type AnswerDraft,
} from '@parley/client';
import type { ClassifyResult, IntentInfo } from '@parley/protocol';
import { createApiKey } from '../src/db/api-key-store.ts';
import { appendMessage, messagesSince, type AppendMessageInput } from '../src/db/message-store.ts';
import { apiErrorHandler, apiRouter } from '../src/http/api-router.ts';
import { GENEROUS_LIMITS, PASSWORD } from './support/api-harness.ts';
import { startHarness, type Harness } from './support/bot-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { loadReadmeExamples, until, type ReadmeExamples } from './support/readme-examples.ts';

/** What the README's runnable blocks export; the type-check below fails if the README drifts from them. */
interface ReadmeModules {
  classifyTexts(baseUrl: string, apiKey: string): Promise<ClassifyResult[]>;
  operatorOverview(
    baseUrl: string,
    email: string,
    password: string,
  ): Promise<{ operator: { email: string }; conversations: { conversationId: string }[]; bots: { id: string }[]; intents: IntentInfo[] }>;
  chatWithBot(
    baseUrl: string,
    botKey: string,
  ): Promise<{ conversationId: string; visitorToken: string; events: CustomerConversationEvent[] }>;
}

const memory = (): VisitorTokenStorage & { items: Map<string, string> } => {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
};

/** Quick reconnects, so a test's forced drop costs milliseconds. */
const FAST: CustomerChatOptions['io'] = { transports: ['websocket'], reconnectionDelay: 20, reconnectionDelayMax: 50, forceNew: true };

/** Swallows the next `count` acks the socket receives, as if the network lost them; `then` runs after each. */
function loseAcks(chat: CustomerChat, count: number, then?: () => void): void {
  const socket = chat.socket as unknown as { onack(packet: unknown): void };
  const deliver = socket.onack.bind(socket);
  let left = count;
  socket.onack = (packet) => {
    if (left <= 0) return deliver(packet);
    left--;
    if (then) setTimeout(then, 0);
  };
}

/** Records every event the chat delivers, and checks each arrives once, in seq order. */
function recorder(chat: CustomerChat) {
  const events: CustomerConversationEvent[] = [];
  chat.on('event', (event) => {
    const last = events.at(-1);
    assert.ok(!last || event.seq > last.seq, `event ${event.seq} delivered after ${last?.seq}: out of order or twice`);
    events.push(event);
  });
  const botReplies = () => events.filter((e) => e.type === 'message' && e.message.author === 'bot').length;
  return { events, botReplies };
}

// About the protocol and the SDK, not storage: one engine is enough.
forEachEngine((engine) => {
  let h: Harness;
  let examples: ReadmeExamples;
  let readme: ReadmeModules;
  let apiKey: string;
  let adminEmail: string;
  let readmeConversationId: string | undefined;
  const chats: CustomerChat[] = [];
  const open = (options: Partial<CustomerChatOptions> = {}) => {
    const chat = openCustomerChat({ baseUrl: h.base, botKey: h.publicKey, io: FAST, ...options });
    chats.push(chat);
    return chat;
  };
  const customerMessages = async (conversationId: string) =>
    (
      await h.app.ctx.db.query<{ client_message_id: string | null; text: string }>(
        `SELECT client_message_id, text FROM messages WHERE conversation_id = $1 AND sender = 'customer' ORDER BY seq`,
        [conversationId],
      )
    ).rows;
  /** Seqs of the customer-visible log, as the server stored it. */
  const storedSeqs = async (conversationId: string) =>
    (await messagesSince(h.app.ctx.db, conversationId, 0, 1_000, { customerView: true })).map((m) => m.seq);

  before(async () => {
    h = await startHarness(await engine.migrated());
    h.app.server.app.use(
      '/api/v1',
      apiRouter(h.app.ctx, { rateLimits: GENEROUS_LIMITS, corsOrigins: [], apiKeyRequestsPerSecond: 1000 }),
      apiErrorHandler(h.app.ctx),
    );
    ({ key: apiKey } = await createApiKey(h.app.ctx.db, { botId: h.botId, label: 'sdk' }));
    adminEmail = (await h.operator('admin')).operator.email;

    examples = await loadReadmeExamples('packages/client/README.md');
    assert.equal(examples.count, 3, 'the README has three runnable blocks: classify, operator, customer chat');
    readme = examples.modules as unknown as ReadmeModules;
  });
  after(async () => {
    for (const chat of chats) chat.close();
    await h.close();
    await examples.remove();
  });

  test("the README's examples type-check under the repository's strict settings", { timeout: 60_000 }, () => {
    assert.deepEqual(examples.typeErrors(), []);
  });

  test("the README's classify example classifies with an API key", async () => {
    const results = await readme.classifyTexts(h.base, apiKey);
    assert.deepEqual(
      results.map((r) => r.text),
      ['where is my order', 'I want my money back'],
    );
    assert.equal(results[0]!.intent?.label, 'track_order');
    await assert.rejects(readme.classifyTexts(h.base, 'sk_revoked_or_made_up'), (error: unknown) => {
      assert.ok(error instanceof ParleyApiError);
      assert.equal(error.status, 401);
      assert.equal(error.code, 'unauthorized');
      return true;
    });
  });

  test("the README's customer chat gets answers and resumes after a forced disconnect", { timeout: 60_000 }, async () => {
    const { conversationId, events } = await readme.chatWithBot(h.base, h.publicKey);
    readmeConversationId = conversationId;
    const seqs = events.map((e) => e.seq);
    assert.deepEqual(
      seqs,
      [...new Set(seqs)].sort((a, b) => a - b),
      'each event once, in seq order',
    );
    assert.deepEqual(
      (await customerMessages(conversationId)).map((m) => m.text),
      ['where is my order', 'cancel my order'],
      'both messages stored once, in the one conversation',
    );
    assert.equal(events.filter((e) => e.type === 'message' && e.message.author === 'bot').length, 2);
  });

  test("the README's operator example logs in, lists conversations and reads the bot's intents", async () => {
    const { operator, conversations, bots, intents } = await readme.operatorOverview(h.base, adminEmail, PASSWORD);
    assert.equal(operator.email, adminEmail);
    assert.ok(
      conversations.some((c) => c.conversationId === readmeConversationId),
      'the conversation of the chat example is in the inbox',
    );
    assert.deepEqual(
      bots.map((b) => b.id),
      [h.botId],
    );
    assert.ok(intents.some((i) => i.name === 'track_order' && i.answer !== null));
    await assert.rejects(readme.operatorOverview(h.base, adminEmail, 'wrong password'), { name: 'ParleyApiError', code: 'unauthorized' });
  });

  test(
    'the customer chat resumes after a drop without losing or repeating events, and a later visit finds the conversation',
    { timeout: 60_000 },
    async () => {
      const storage = memory();
      const chat = open({ storage });
      const seen = recorder(chat);
      const first = await chat.send('where is my order');
      await until('the first answer', () => seen.botReplies() >= 1);
      const conversationId = chat.conversationId!;
      const visitorToken = chat.visitorToken!;
      assert.deepEqual([...storage.items.values()], [visitorToken], 'the visitor token is kept');

      // The engine drops and stays down while the conversation moves on without this customer.
      chat.socket.io.reconnection(false);
      chat.socket.io.engine.close();
      await until('the drop', () => chat.state === 'reconnecting');
      const offline = [chat.send('cancel my order'), chat.send('and refund me please')];
      const { operator, token } = await h.operator('agent');
      const op = await h.operatorSocket(token);
      const taken = await op.timeout(5_000).emitWithAck('conversation:take-over', { conversationId });
      assert.ok(taken.ok);
      const said = await op
        .timeout(5_000)
        .emitWithAck('message:send', { conversationId, clientMessageId: 'op-1', text: `Hi, ${operator.displayName} here` });
      assert.ok(said.ok);
      assert.deepEqual(
        (await customerMessages(conversationId)).map((m) => m.text),
        ['where is my order'],
        'nothing sent while offline',
      );

      chat.socket.io.reconnection(true);
      chat.socket.connect();
      const acks = await Promise.all(offline);
      assert.ok(acks.every((ack) => !ack.duplicate && ack.seq > said.seq));
      const stored = await storedSeqs(conversationId);
      await until('every stored event', () => seen.events.length === stored.length);
      assert.deepEqual(
        seen.events.map((e) => e.seq),
        stored,
        'every customer-visible event, once, in order',
      );
      assert.ok(seen.events.some((e) => e.type === 'status' && e.status === 'assigned' && e.operatorName === operator.displayName));
      assert.ok(seen.events.some((e) => e.type === 'message' && e.message.author === 'operator'));
      assert.equal(chat.status, 'assigned');
      assert.equal(chat.conversationId, conversationId, 'the same conversation');
      assert.equal(chat.visitorToken, visitorToken, 'the same visitor');
      assert.deepEqual(
        (await customerMessages(conversationId)).map((m) => m.client_message_id),
        [first.clientMessageId, offline[0]!.clientMessageId, offline[1]!.clientMessageId],
        'each message stored once, under its client message id',
      );
      const visitors = await h.app.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM visitors WHERE bot_id = $1', [h.botId]);
      const before = visitors.rows[0]!.n;
      chat.close();

      // A later visit with the same storage: the same visitor, its conversation, its history from the start.
      const again = open({ storage });
      const replayed = recorder(again);
      assert.equal(await again.ready(), conversationId);
      await until('the replay', () => replayed.events.length === stored.length);
      assert.deepEqual(
        replayed.events.map((e) => e.seq),
        stored,
      );
      const after = await h.app.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM visitors WHERE bot_id = $1', [h.botId]);
      assert.equal(after.rows[0]!.n, before, 'no new visitor');
      op.disconnect();
    },
  );

  test('the customer chat pages through a replay longer than one page', { timeout: 60_000 }, async () => {
    const chat = open();
    const seen = recorder(chat);
    const conversationId = await chat.ready();
    chat.socket.io.reconnection(false);
    chat.socket.io.engine.close();
    await until('the drop', () => chat.state === 'reconnecting');
    // More than a replay page (500) logged while away.
    for (let i = 0; i < 520; i++) await appendMessage(h.app.ctx.db, { conversationId, sender: 'bot', text: `news ${i}` });
    chat.socket.io.reconnection(true);
    chat.socket.connect();
    const stored = await storedSeqs(conversationId);
    assert.ok(stored.length > 500);
    await until('the whole replay', () => seen.events.length === stored.length);
    assert.deepEqual(
      seen.events.map((e) => e.seq),
      stored,
    );
    assert.equal(chat.lastSeq, stored.at(-1));
  });

  test('a send whose ack was lost is sent again with the same client message id and stored once', { timeout: 60_000 }, async () => {
    const chat = open({ ackTimeoutMs: 500 });
    await chat.ready();
    // The ack is lost on a live connection: the chat times out and sends again.
    loseAcks(chat, 1);
    const sent = chat.send('where is my order');
    const ack = await sent;
    assert.equal(ack.duplicate, true, 'the first try got through; the second got its ack back');
    assert.equal(ack.clientMessageId, sent.clientMessageId);

    // The ack is lost with the connection: the chat sends again after the re-join.
    loseAcks(chat, 1, () => chat.socket.io.engine.close());
    const reconnected = new Promise<void>((resolve) => chat.socket.once('connect', () => resolve()));
    const second = chat.send('cancel my order');
    const secondAck = await second;
    await reconnected;
    assert.equal(secondAck.duplicate, true);
    assert.deepEqual(
      (await customerMessages(chat.conversationId!)).map((m) => m.client_message_id),
      [sent.clientMessageId, second.clientMessageId],
      'each stored once',
    );
    assert.deepEqual(chat.pending(), []);
  });

  test('a send the server refuses for good rejects with its error code and stops being retried', async () => {
    const chat = open();
    await chat.ready();
    const refused = chat.send('x'.repeat(4_001));
    await assert.rejects(refused, (error: unknown) => {
      assert.ok(error instanceof ParleyApiError);
      assert.equal(error.code, 'invalid_payload');
      assert.equal(error.status, 400);
      return true;
    });
    assert.deepEqual(chat.pending(), []);
    const fine = await chat.send('where is my order');
    assert.equal(fine.duplicate, false);
    chat.close();
    await assert.rejects(chat.send('too late'), { name: 'ParleyApiError', code: 'network' });
  });

  test('a refused handshake makes the chat unavailable and rejects what waits on it', async () => {
    const chat = open({ botKey: 'pk_no_such_bot' });
    const errors: ParleyApiError[] = [];
    chat.on('error', (error) => errors.push(error));
    const pending = chat.send('hello');
    await assert.rejects(chat.ready(), { name: 'ParleyApiError' });
    await assert.rejects(pending, { name: 'ParleyApiError' });
    assert.equal(chat.state, 'unavailable');
    assert.equal(errors.length, 1);
  });

  test('a streamed answer reaches the chat as drafts: text so far, then final with its message, or dropped', async () => {
    const chat = open({ draftStaleMs: 300 });
    const drafts: AnswerDraft[] = [];
    const order: string[] = [];
    chat.on('draft', (draft) => (drafts.push(draft), order.push(`draft ${draft.draftId} ${draft.state}`)));
    chat.on('event', (event) => order.push(`event ${event.type === 'message' ? event.message.author : event.type}`));
    const conversationId = await chat.ready();
    const ref = { id: conversationId, workspaceId: h.workspaceId, channel: 'web' };
    const stream = (draftId: string, delta: string) => h.app.ctx.publisher.answerDraft(ref, { conversationId, draftId, delta });
    const logBot = async (text: string, payload: AppendMessageInput['payload'] = {}) =>
      h.app.ctx.publisher.publish(ref, [(await appendMessage(h.app.ctx.db, { conversationId, sender: 'bot', text, payload })).message]);

    stream('a1', 'You can ');
    stream('a1', 'track it [1].');
    await until('both deltas', () => drafts.length === 2);
    assert.deepEqual(
      drafts.map((d) => [d.text, d.state]),
      [
        ['You can ', 'streaming'],
        ['You can track it [1].', 'streaming'],
      ],
    );
    assert.deepEqual(
      chat.drafts().map((d) => d.draftId),
      ['a1'],
    );
    const citations = [{ number: 1, title: 'Tracking', url: 'https://help.example.com/track', documentId: h.botId }];
    await logBot('You can track your order [1].', { draftId: 'a1', citations });
    await until('the final', () => drafts.length === 3);
    assert.equal(drafts[2]!.state, 'final');
    assert.equal(drafts[2]!.message?.text, 'You can track your order [1].');
    assert.deepEqual(drafts[2]!.message?.citations, citations);
    assert.deepEqual(order.slice(-2), ['event bot', 'draft a1 final'], 'the message first, then the draft it ends');
    assert.deepEqual(chat.drafts(), []);
    stream('a1', ' late');

    stream('a2', 'Half an answer');
    await until('a stale draft dropped', () => drafts.at(-1)?.draftId === 'a2' && drafts.at(-1)?.state === 'dropped');
    stream('a3', 'Another');
    await until('a3', () => drafts.at(-1)?.draftId === 'a3');
    await logBot('Sorry, I cannot answer that.');
    await until('a3 dropped by the next bot message', () => drafts.at(-1)?.state === 'dropped');
    assert.equal(drafts.filter((d) => d.draftId === 'a1').length, 3, 'the late delta of a finished draft started nothing');
  });
}, 'pglite');
