import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ackResultSchemas,
  botLlmChangeSchema,
  serverEventSchemas,
  type AnswerDraftEvent,
  type CustomerConversationEvent,
} from '@parley/protocol';
import type { Queryable } from '../src/db/database.ts';
import { startHarness, TEST_BOT_CONFIG, type CustomerClient, type Harness } from './support/bot-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { EventLog } from './support/events.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './support/fake-openai-server.ts';
import { KNOWLEDGE_DOCS } from './support/knowledge-corpus.ts';

const customerEventSchema = serverEventSchemas['/customer']['conversation:event'];
const draftSchema = serverEventSchemas['/customer']['answer:draft'];

let counter = 0;
const nextId = () => `k-${process.pid}-${++counter}`;

async function openChat(h: Harness) {
  const { socket } = await h.customer();
  const events = new EventLog<CustomerConversationEvent>(socket, 'conversation:event');
  const drafts: AnswerDraftEvent[] = [];
  socket.on('conversation:event', (event) => customerEventSchema.parse(event));
  socket.on('answer:draft', (event) => drafts.push(draftSchema.parse(event)));
  const joined = ackResultSchemas['/customer']['conversation:join'].parse(
    await socket.timeout(5_000).emitWithAck('conversation:join', { lastSeq: 0 }),
  );
  assert.ok(joined.ok, JSON.stringify(joined));
  return { socket, events, drafts, conversationId: joined.conversationId };
}

async function say(socket: CustomerClient, conversationId: string, text: string, clientMessageId = nextId()) {
  const ack = ackResultSchemas['/customer']['message:send'].parse(
    await socket.timeout(15_000).emitWithAck('message:send', { conversationId, clientMessageId, text }),
  );
  assert.ok(ack.ok, JSON.stringify(ack));
  return ack;
}

async function countMessages(db: Queryable, conversationId: string, sender: 'customer' | 'bot'): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND sender = $2 AND kind = 'message'`,
    [conversationId, sender],
  );
  return rows[0]!.n;
}

const botMessageAfter = (seq: number) => (e: CustomerConversationEvent) =>
  e.type === 'message' && e.message.author === 'bot' && e.seq > seq;

async function botReply(chat: Awaited<ReturnType<typeof openChat>>, text: string) {
  const ack = await say(chat.socket, chat.conversationId, text);
  const event = await chat.events.waitFor(botMessageAfter(ack.seq));
  assert.equal(event.type, 'message');
  return event.type === 'message' ? event.message : assert.fail();
}

forEachEngine((engine) => {
  let h: Harness;
  let llm: FakeOpenAiServer;
  const documentIds: Record<string, string> = {};
  before(async () => {
    // No model: every message is a fallback turn, which is what the knowledge base may answer. The tiny corpus
    // is sparser than a help centre, so the bot sets its own, lower, thresholds (a per-bot setting).
    h = await startHarness(await engine.migrated(), {
      withModel: false,
      config: { ...TEST_BOT_CONFIG, knowledge: { answerThreshold: { en: 0.45, zh: 0.15 } } },
    });
    const knowledge = await h.app.ctx.knowledge();
    for (const [key, doc] of Object.entries(KNOWLEDGE_DOCS)) documentIds[key] = (await knowledge.index(h.botId, doc)).documentId!;
    llm = await startFakeOpenAiServer();
  });
  after(async () => {
    await h.close();
    await llm.close();
  });

  test('a message no intent answers gets the best passage, cited, instead of the fallback; the stored message replays with it', async () => {
    const chat = await openChat(h);
    const reply = await botReply(chat, 'how long until I get my money back?');
    assert.equal(reply.author, 'bot');
    assert.match(reply.text, /Refunds go back to the original payment method within 5 business days/);
    assert.ok(reply.author === 'bot');
    assert.deepEqual(reply.citations, [
      { number: 1, title: 'Returns and refunds', url: 'https://help.example.com/returns', documentId: documentIds['returns'] },
    ]);
    assert.equal(reply.draftId, undefined);
    assert.deepEqual(chat.drafts, []);

    // A second visitor socket joining from 0 replays the stored answer with its citations.
    const replay = ackResultSchemas['/customer']['conversation:join'].parse(
      await chat.socket.timeout(5_000).emitWithAck('conversation:join', { conversationId: chat.conversationId, lastSeq: 0 }),
    );
    assert.ok(replay.ok);
    const stored = replay.events.find((e) => e.type === 'message' && e.message.author === 'bot');
    assert.ok(stored?.type === 'message' && stored.message.author === 'bot');
    assert.equal(stored.message.citations?.[0]?.title, 'Returns and refunds');
  });

  test('a Chinese question is answered from the Chinese article, whole sentences only', async () => {
    const chat = await openChat(h);
    const reply = await botReply(chat, '退款多久能到账？');
    assert.ok(reply.author === 'bot');
    assert.equal(reply.citations?.[0]?.documentId, documentIds['zhReturns']);
    assert.equal(reply.citations?.[0]?.url, undefined);
    assert.match(reply.text, /。$/);
  });

  test('what the knowledge base does not cover still gets the fallback, with no citations', async () => {
    const chat = await openChat(h);
    const reply = await botReply(chat, 'what is the capital of Mongolia');
    assert.ok(reply.author === 'bot');
    assert.match(reply.text, /rephrase/);
    assert.equal(reply.citations, undefined);
  });

  test('with a language model, the answer streams as drafts, then arrives once, cited, under the same draft id', async () => {
    await h.app.ctx.llm.save(h.botId, botLlmChangeSchema.parse({ baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: 'gpt-4o-mini' }));
    try {
      llm.script({
        reply: 'answer',
        tokens: ['Refunds reach ', 'your card within ', '5 business days [1].'],
        usage: { promptTokens: 420, completionTokens: 12 },
        tokenDelayMs: 20,
      });
      const chat = await openChat(h);
      const reply = await botReply(chat, 'how long until I get my money back?');
      assert.ok(reply.author === 'bot');
      assert.equal(reply.text, 'Refunds reach your card within 5 business days [1].');
      assert.equal(reply.citations?.[0]?.documentId, documentIds['returns']);
      assert.ok(reply.draftId);
      assert.deepEqual(
        chat.drafts.map((d) => d.delta),
        ['Refunds reach ', 'your card within ', '5 business days [1].'],
      );
      assert.ok(chat.drafts.every((d) => d.draftId === reply.draftId && d.conversationId === chat.conversationId));
      // The question left for the provider with the passages quoted as data.
      const prompt = llm
        .onlyRequest()
        .messages.map((m) => m.content)
        .join('\n');
      assert.match(prompt, /Refunds go back to the original payment method/);
      assert.equal(await countMessages(h.app.ctx.db, chat.conversationId, 'bot'), 1);
    } finally {
      llm.requests.length = 0;
    }
  });

  test('a provider failure falls back to the extractive answer: one reply, nothing lost', async () => {
    try {
      llm.script({ reply: 'error', status: 500, message: 'upstream exploded' }, { reply: 'error', status: 500, message: 'still down' });
      const chat = await openChat(h);
      const reply = await botReply(chat, 'how long until I get my money back?');
      assert.ok(reply.author === 'bot');
      assert.match(reply.text, /Refunds go back to the original payment method/);
      assert.equal(reply.draftId, undefined);
      assert.equal(await countMessages(h.app.ctx.db, chat.conversationId, 'customer'), 1);
      assert.equal(await countMessages(h.app.ctx.db, chat.conversationId, 'bot'), 1);
    } finally {
      await h.app.ctx.llm.remove(h.botId);
      llm.requests.length = 0;
    }
  });
});
