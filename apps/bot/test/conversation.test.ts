import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ackResultSchemas, serverEventSchemas, type CustomerConversationEvent, type OperatorConversationEvent } from '@parley/protocol';
import { startHarness, type CustomerClient, type Harness } from './support/bot-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { EventLog, quiet } from './support/events.ts';

const customerEventSchema = serverEventSchemas['/customer']['conversation:event'];
const operatorEventSchema = serverEventSchemas['/operator']['conversation:event'];

let counter = 0;
const nextId = () => `c-${process.pid}-${++counter}`;

/** A customer in a fresh conversation, recording what it receives (each event checked against the protocol). */
async function openChat(h: Harness, visitorToken?: string) {
  const { socket, visitorToken: token } = await h.customer(visitorToken ? { visitorToken } : {});
  const events = new EventLog<CustomerConversationEvent>(socket, 'conversation:event');
  socket.on('conversation:event', (event) => customerEventSchema.parse(event));
  const joined = ackResultSchemas['/customer']['conversation:join'].parse(
    await socket.timeout(5_000).emitWithAck('conversation:join', { lastSeq: 0 }),
  );
  assert.ok(joined.ok, JSON.stringify(joined));
  return { socket, events, visitorToken: token, conversationId: joined.conversationId, joined };
}

async function say(socket: CustomerClient, conversationId: string, text: string, clientMessageId = nextId()) {
  const ack = ackResultSchemas['/customer']['message:send'].parse(
    await socket.timeout(5_000).emitWithAck('message:send', { conversationId, clientMessageId, text }),
  );
  assert.ok(ack.ok, JSON.stringify(ack));
  return ack;
}

const botMessageAfter = (seq: number) => (e: CustomerConversationEvent) =>
  e.type === 'message' && e.message.author === 'bot' && e.seq > seq;

forEachEngine((engine) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(await engine.migrated());
  });
  after(() => h.close());

  test('a new visitor gets a token, a conversation, and an answer with quick replies for a clear intent', async () => {
    const chat = await openChat(h);
    assert.match(chat.visitorToken, /^[\w-]{40,}$/);
    assert.equal(chat.joined.status, 'bot');
    assert.deepEqual(chat.joined.events, []);
    const ack = await say(chat.socket, chat.conversationId, 'where is my order, has it shipped?');
    assert.equal(ack.seq, 1);
    assert.equal(ack.duplicate, false);
    const reply = await chat.events.waitFor(botMessageAfter(1));
    assert.ok(reply.type === 'message' && reply.message.author === 'bot');
    assert.equal(reply.message.text, 'You can track your order under My orders.');
    assert.deepEqual(
      reply.message.quickReplies?.map((q) => q.value),
      ['cancel_order', 'human_agent'],
    );
    // The customer's own message is echoed with its client id, so the widget can match its optimistic copy.
    const echo = await chat.events.waitFor((e) => e.seq === 1);
    assert.ok(echo.type === 'message' && echo.message.author === 'customer' && echo.message.clientMessageId);

    const { rows } = await h.app.ctx.db.query<{ intent: string; model_version: string; classify_ms: number }>(
      `SELECT intent, model_version, classify_ms FROM messages WHERE conversation_id = $1 AND sender = 'customer'`,
      [chat.conversationId],
    );
    assert.equal(rows[0]!.intent, 'track_order');
    assert.equal(rows[0]!.model_version, h.modelVersion);
    assert.ok(rows[0]!.classify_ms >= 0 && rows[0]!.classify_ms < 5_000);
  });

  test('a retried send is acked with the original seq and answered once', async () => {
    const chat = await openChat(h);
    const first = await say(chat.socket, chat.conversationId, 'cancel my order please', 'retry-1');
    await chat.events.waitFor(botMessageAfter(first.seq));
    const again = await say(chat.socket, chat.conversationId, 'cancel my order please', 'retry-1');
    assert.deepEqual({ id: again.id, seq: again.seq, duplicate: again.duplicate }, { id: first.id, seq: first.seq, duplicate: true });
    await quiet(200);
    const { rows } = await h.app.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [
      chat.conversationId,
    ]);
    const all = await h.app.ctx.db.query('SELECT seq, kind, sender, text FROM messages WHERE conversation_id = $1 ORDER BY seq', [
      chat.conversationId,
    ]);
    assert.equal(rows[0]!.n, 2, `one customer message and one reply: ${JSON.stringify(all.rows)}`);
  });

  test('a quick-reply press is answered as its intent; a value the bot never offered is refused', async () => {
    const chat = await openChat(h);
    await say(chat.socket, chat.conversationId, 'track my package');
    const offer = await chat.events.waitFor(botMessageAfter(1));
    assert.ok(offer.type === 'message');
    const pressed = await chat.socket.timeout(5_000).emitWithAck('quick-reply:send', {
      conversationId: chat.conversationId,
      clientMessageId: nextId(),
      messageId: offer.message.id,
      value: 'cancel_order',
    });
    assert.ok(pressed.ok);
    const answer = await chat.events.waitFor(botMessageAfter(pressed.seq));
    assert.ok(answer.type === 'message' && answer.message.text.startsWith('To cancel'));
    const echo = await chat.events.waitFor((e) => e.seq === pressed.seq);
    assert.ok(echo.type === 'message' && echo.message.author === 'customer');
    assert.equal(echo.message.text, 'Cancel it', 'the button label is what the customer said');

    const forged = await chat.socket.timeout(5_000).emitWithAck('quick-reply:send', {
      conversationId: chat.conversationId,
      clientMessageId: nextId(),
      messageId: offer.message.id,
      value: 'get_refund',
    });
    assert.equal(forged.ok, false);
    assert.ok(!forged.ok && forged.error.code === 'invalid_payload');
  });

  test('asking for a person hands off: waiting status, operators notified with intent and sentiment, bot then only reassures', async () => {
    const { token } = await h.operator();
    const op = await h.operatorSocket(token);
    const handoffs = new EventLog<{ conversation: { conversationId: string; intent: unknown; sentiment: unknown }; reason: string }>(
      op,
      'handoff:requested',
    );
    const chat = await openChat(h);
    await say(chat.socket, chat.conversationId, 'this is useless, I want to talk to a human');
    const status = await chat.events.waitFor((e) => e.type === 'status');
    assert.ok(status.type === 'status' && status.status === 'waiting');
    const notice = await handoffs.waitFor((n) => n.conversation.conversationId === chat.conversationId);
    assert.equal(notice.reason, 'customer_request');
    assert.ok(notice.conversation.intent, 'the inbox row carries the intent so far');
    assert.ok(notice.conversation.sentiment);

    const next = await say(chat.socket, chat.conversationId, 'hello?');
    const reassurance = await chat.events.waitFor(botMessageAfter(next.seq));
    assert.ok(reassurance.type === 'message' && /team will be with you/.test(reassurance.message.text));
  });

  test('strongly negative sentiment hands off even without asking', async () => {
    const chat = await openChat(h);
    await say(chat.socket, chat.conversationId, 'I am furious, this is the worst company ever, completely unacceptable');
    const status = await chat.events.waitFor((e) => e.type === 'status');
    assert.ok(status.type === 'status' && status.status === 'waiting');
    const { rows } = await h.app.ctx.db.query<{ handoff_reason: string }>('SELECT handoff_reason FROM conversations WHERE id = $1', [
      chat.conversationId,
    ]);
    assert.equal(rows[0]!.handoff_reason, 'negative_sentiment');
  });

  test('an operator takes over (bot muted), replies, adds a hidden note, corrects a label, and hands back', async () => {
    const { operator, token } = await h.operator();
    const op = await h.operatorSocket(token);
    const opEvents = new EventLog<OperatorConversationEvent>(op, 'conversation:event');
    op.on('conversation:event', (event) => operatorEventSchema.parse(event));
    const chat = await openChat(h);
    const first = await say(chat.socket, chat.conversationId, 'where is my parcel');
    await chat.events.waitFor(botMessageAfter(first.seq));

    const watched = await op.timeout(5_000).emitWithAck('conversation:watch', { conversationId: chat.conversationId, lastSeq: 0 });
    assert.ok(watched.ok);
    const classified = watched.events.find((e: OperatorConversationEvent) => e.type === 'message' && e.message.author === 'customer');
    assert.ok(classified?.type === 'message' && classified.message.author === 'customer');
    assert.equal(classified.message.classification?.intent?.label, 'track_order');
    assert.ok(classified.message.classification?.sentiment);

    const taken = await op.timeout(5_000).emitWithAck('conversation:take-over', { conversationId: chat.conversationId });
    assert.ok(taken.ok && taken.conversation.status === 'assigned' && taken.conversation.assignee?.id === operator.id);
    const joinedNotice = await chat.events.waitFor((e) => e.type === 'status' && e.status === 'assigned');
    assert.ok(joinedNotice.type === 'status' && joinedNotice.operatorName === operator.displayName);

    const muted = await say(chat.socket, chat.conversationId, 'cancel my order');
    await opEvents.waitFor((e) => e.seq === muted.seq);
    await quiet(300);
    assert.equal(chat.events.items.filter(botMessageAfter(muted.seq)).length, 0, 'the bot stays quiet while an operator has it');

    const sent = await op
      .timeout(5_000)
      .emitWithAck('message:send', { conversationId: chat.conversationId, clientMessageId: nextId(), text: 'Hi, Ann here. Done!' });
    assert.ok(sent.ok);
    const fromOperator = await chat.events.waitFor((e) => e.seq === sent.seq);
    assert.ok(fromOperator.type === 'message' && fromOperator.message.author === 'operator');
    assert.equal(fromOperator.message.operatorName, operator.displayName);

    const note = await op
      .timeout(5_000)
      .emitWithAck('note:add', { conversationId: chat.conversationId, clientMessageId: nextId(), text: 'VIP customer' });
    assert.ok(note.ok);
    await opEvents.waitFor((e) => e.type === 'note' && e.seq === note.seq);

    const correction = await op.timeout(5_000).emitWithAck('message:correct', {
      conversationId: chat.conversationId,
      messageId: muted.id,
      kind: 'intent',
      label: 'get_refund',
    });
    assert.ok(correction.ok);
    const audit = await h.app.ctx.db.query<{ from_label: string; to_label: string; operator_id: string }>(
      'SELECT from_label, to_label, operator_id FROM label_corrections WHERE message_id = $1',
      [muted.id],
    );
    assert.deepEqual(audit.rows, [{ from_label: 'cancel_order', to_label: 'get_refund', operator_id: operator.id }]);
    const example = await h.app.ctx.db.query('SELECT text, label FROM training_examples WHERE message_id = $1', [muted.id]);
    assert.deepEqual(example.rows, [{ text: 'cancel my order', label: 'get_refund' }]);

    const back = await op.timeout(5_000).emitWithAck('conversation:hand-back', { conversationId: chat.conversationId });
    assert.ok(back.ok && back.conversation.status === 'bot');
    const answered = await say(chat.socket, chat.conversationId, 'I want a refund');
    await chat.events.waitFor(botMessageAfter(answered.seq));
    // Notes and corrections never reach the customer.
    assert.ok(chat.events.items.every((e) => e.seq !== note.seq && e.seq !== correction.seq));
  });

  test('a second agent cannot take a conversation another agent holds; an admin can', async () => {
    const first = await h.operator();
    const second = await h.operator();
    const admin = await h.operator('admin');
    const chat = await openChat(h);
    await say(chat.socket, chat.conversationId, 'track my order');
    const [a, b, c] = await Promise.all([h.operatorSocket(first.token), h.operatorSocket(second.token), h.operatorSocket(admin.token)]);
    assert.ok((await a.timeout(5_000).emitWithAck('conversation:take-over', { conversationId: chat.conversationId })).ok);
    const refused = await b.timeout(5_000).emitWithAck('conversation:take-over', { conversationId: chat.conversationId });
    assert.ok(!refused.ok && refused.error.code === 'conflict');
    const stepIn = await c.timeout(5_000).emitWithAck('conversation:take-over', { conversationId: chat.conversationId });
    assert.ok(stepIn.ok && stepIn.conversation.assignee?.id === admin.operator.id);
  });

  test('a visitor sees only its own conversations, and reconnecting with its token resumes from the last seq', async () => {
    const chat = await openChat(h);
    await say(chat.socket, chat.conversationId, 'change my shipping address');
    await chat.events.waitFor(botMessageAfter(1));
    chat.socket.disconnect();

    const stranger = await openChat(h);
    const peek = await stranger.socket.timeout(5_000).emitWithAck('conversation:join', { conversationId: chat.conversationId, lastSeq: 0 });
    assert.ok(!peek.ok && peek.error.code === 'not_found');
    const post = await stranger.socket
      .timeout(5_000)
      .emitWithAck('message:send', { conversationId: chat.conversationId, clientMessageId: nextId(), text: 'hi' });
    assert.ok(!post.ok && post.error.code === 'not_found');

    const back = await h.customer({ visitorToken: chat.visitorToken });
    const resumed = await back.socket.timeout(5_000).emitWithAck('conversation:join', { lastSeq: 1 });
    assert.ok(resumed.ok);
    assert.equal(resumed.conversationId, chat.conversationId, 'without an id the visitor gets its open conversation back');
    assert.deepEqual(
      resumed.events.map((e: CustomerConversationEvent) => e.seq),
      [2],
    );
  });

  test('bad credentials and disallowed origins are refused at the handshake', async () => {
    await assert.rejects(
      h.customer({ botKey: 'pk_nope' }),
      (error: Error & { data?: { code: string } }) => error.data?.code === 'unauthorized',
    );
    await assert.rejects(
      h.operatorSocket('ps_forged'),
      (error: Error & { data?: { code: string } }) => error.data?.code === 'unauthorized',
    );
    // An unknown token is not an error: the server makes a new visitor and sends its token.
    const fresh = await h.customer({ visitorToken: 'not-a-real-token', expectSession: true });
    assert.notEqual(fresh.visitorToken, 'not-a-real-token');
    await assert.rejects(
      h.customer({ visitorToken: 'bad token with spaces' }),
      (error: Error & { data?: { code: string } }) => error.data?.code === 'invalid_payload',
    );
  });

  test('read receipts and typing indicators cross between customer and operator', async () => {
    const { token } = await h.operator();
    const op = await h.operatorSocket(token);
    const chat = await openChat(h);
    const sent = await say(chat.socket, chat.conversationId, 'where is my order');
    assert.ok((await op.timeout(5_000).emitWithAck('conversation:watch', { conversationId: chat.conversationId, lastSeq: 0 })).ok);
    const opReads = new EventLog<{ upToSeq: number }>(op, 'read');
    const opTyping = new EventLog<{ isTyping: boolean; operator: unknown }>(op, 'typing');
    const customerReads = new EventLog<{ upToSeq: number }>(chat.socket, 'read');
    const customerTyping = new EventLog<{ author: string; isTyping: boolean }>(chat.socket, 'typing');
    await chat.events.waitFor(botMessageAfter(sent.seq));

    chat.socket.emit('read', { conversationId: chat.conversationId, upToSeq: 2 });
    assert.equal((await opReads.waitFor(() => true)).upToSeq, 2);
    op.emit('read', { conversationId: chat.conversationId, upToSeq: 1 });
    assert.equal((await customerReads.waitFor(() => true)).upToSeq, 1);
    chat.socket.emit('typing', { conversationId: chat.conversationId, isTyping: true });
    assert.deepEqual(await opTyping.waitFor(() => true), { conversationId: chat.conversationId, operator: null, isTyping: true });
    op.emit('typing', { conversationId: chat.conversationId, isTyping: true });
    assert.equal((await customerTyping.waitFor(() => true)).author, 'operator');

    const rejoin = await chat.socket.timeout(5_000).emitWithAck('conversation:join', { conversationId: chat.conversationId, lastSeq: 2 });
    assert.ok(rejoin.ok && rejoin.readUpToSeq === 1, "the agents' read watermark comes with join");
  });

  test('the inbox lists and live-updates conversations by status', async () => {
    const { token } = await h.operator();
    const op = await h.operatorSocket(token);
    const waitingOnly = await op.timeout(5_000).emitWithAck('inbox:subscribe', { statuses: ['waiting'] });
    assert.ok(waitingOnly.ok && waitingOnly.conversations.every((c: { status: string }) => c.status === 'waiting'));
    const updates = new EventLog<{ conversation: { conversationId: string; status: string } }>(op, 'inbox:update');
    const chat = await openChat(h);
    const handoff = await chat.socket.timeout(5_000).emitWithAck('handoff:request', { conversationId: chat.conversationId });
    assert.ok(handoff.ok && handoff.status === 'waiting');
    await updates.waitFor((u) => u.conversation.conversationId === chat.conversationId && u.conversation.status === 'waiting');
  });

  test('an inbox row names the customer and quotes their latest words, not the bot’s reply', async () => {
    const { token } = await h.operator();
    const op = await h.operatorSocket(token);
    const updates = new EventLog<unknown>(op, 'inbox:update');
    assert.ok((await op.timeout(5_000).emitWithAck('inbox:subscribe', { statuses: ['bot'] })).ok);
    const chat = await openChat(h);
    const ack = await say(chat.socket, chat.conversationId, 'where is my order, has it shipped?');
    const reply = await chat.events.waitFor(botMessageAfter(ack.seq));
    assert.ok(reply.type === 'message');
    const isRowAfterReply = (u: unknown) => {
      const { conversation } = serverEventSchemas['/operator']['inbox:update'].parse(u);
      return conversation.conversationId === chat.conversationId && conversation.preview === reply.message.text;
    };
    const { conversation } = serverEventSchemas['/operator']['inbox:update'].parse(await updates.waitFor(isRowAfterReply));
    assert.equal(conversation.customerPreview, 'where is my order, has it shipped?');
    assert.equal(conversation.customer?.channel, 'web');
    assert.equal(conversation.customer?.name, null, 'widget visitors are anonymous');
    assert.ok(conversation.customer?.visitorId);
  });

  test('a new model version swaps in while sockets stay connected', async () => {
    const chat = await openChat(h);
    const { tinyModelDir } = await import('./support/tiny-model.ts');
    const { addModelVersion, promoteModelVersion } = await import('../src/db/model-version-store.ts');
    const tiny = await tinyModelDir();
    const version = `${h.modelVersion}-next`;
    await addModelVersion(h.app.ctx.db, { botId: h.botId, version, artifactDir: tiny.dir });
    const sends = Array.from({ length: 10 }, (_, i) => say(chat.socket, chat.conversationId, `where is my order number ${i}`));
    await promoteModelVersion(h.app.ctx.db, { botId: h.botId, version });
    await h.app.ctx.models.activate(h.botId, version, tiny.dir);
    await Promise.all(sends);
    const after = await say(chat.socket, chat.conversationId, 'cancel my order');
    assert.ok(chat.socket.connected);
    const { rows } = await h.app.ctx.db.query<{ model_version: string }>('SELECT model_version FROM messages WHERE id = $1', [after.id]);
    assert.equal(rows[0]!.model_version, version);
  });
});
