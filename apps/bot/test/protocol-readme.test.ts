import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CustomerConversationEvent } from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { appendMessage, messagesSince } from '../src/db/message-store.ts';
import { startHarness, type Harness } from './support/bot-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { loadReadmeExamples, until, type ReadmeExamples } from './support/readme-examples.ts';

/** The shape the README's customer client promises; the test fails to compile if the README drifts from it. */
interface ReadmeChat {
  socket: Socket;
  events: Map<number, CustomerConversationEvent>;
  unacked: Map<string, string>;
  readonly conversationId: string | undefined;
  send(text: string): string;
}
type OpenChat = (
  origin: string,
  botKey: string,
  store: { getItem(key: string): string | null; setItem(key: string, value: string): void },
) => ReadmeChat;

// About the protocol, not storage: one engine is enough.
forEachEngine((engine) => {
  let h: Harness;
  let examples: ReadmeExamples;
  let openChat: OpenChat;

  before(async () => {
    h = await startHarness(await engine.migrated());
    examples = await loadReadmeExamples('packages/protocol/README.md');
    assert.equal(examples.count, 1, 'the README has one runnable block: the customer client');
    ({ openChat } = examples.modules as { openChat: OpenChat });
  });
  after(async () => {
    await h.close();
    await examples.remove();
  });

  test("the README's customer client type-checks under the repository's strict settings", { timeout: 60_000 }, () => {
    assert.deepEqual(examples.typeErrors(), []);
  });

  test("the README's customer client keeps its visitor and conversation across an automatic reconnect", { timeout: 60_000 }, async () => {
    const saved = new Map<string, string>();
    const store = { getItem: (key: string) => saved.get(key) ?? null, setItem: (key: string, value: string) => void saved.set(key, value) };
    const chat = openChat(h.base, h.publicKey, store);
    try {
      await until('the first join', () => chat.conversationId !== undefined && saved.size === 1);
      const [visitorToken] = [...saved.values()];
      const conversationId = chat.conversationId!;
      const botReplies = () => [...chat.events.values()].filter((e) => e.type === 'message' && e.message.author === 'bot').length;

      chat.send('where is my order');
      await until('the first reply', () => chat.unacked.size === 0 && botReplies() >= 1);

      // A network drop: socket.io-client reconnects on its own, re-running the auth callback.
      let reconnected = false;
      chat.socket.once('connect', () => (reconnected = true));
      chat.socket.io.engine.close();
      // Sent while disconnected: delivered after the re-join, once.
      const resent = chat.send('cancel my order');
      await until('the reconnect and the second reply', () => reconnected && chat.unacked.size === 0 && botReplies() >= 2);

      assert.equal(chat.conversationId, conversationId, 'the same conversation after the reconnect');
      assert.deepEqual([...saved.values()], [visitorToken], 'no new visitor token');
      const visitors = await h.app.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM visitors WHERE bot_id = $1', [h.botId]);
      assert.equal(visitors.rows[0]!.n, 1, 'the reconnect made no second visitor');
      const rows = await h.app.ctx.db.query<{ client_message_id: string | null }>(
        `SELECT client_message_id FROM messages WHERE conversation_id = $1 AND sender = 'customer' ORDER BY seq`,
        [conversationId],
      );
      assert.equal(rows.rows.length, 2, 'both messages in the one conversation');
      assert.equal(rows.rows[1]!.client_message_id, resent);
      const seqs = [...chat.events.keys()].sort((a, b) => a - b);
      assert.deepEqual(
        seqs,
        Array.from({ length: seqs.length }, (_, i) => i + 1),
        'every event in hand, none missing',
      );
    } finally {
      chat.socket.disconnect();
    }
  });

  test("the README's customer client pages through a long replay even when a live event overtakes it", { timeout: 60_000 }, async () => {
    const saved = new Map<string, string>();
    const store = { getItem: (key: string) => saved.get(key) ?? null, setItem: (key: string, value: string) => void saved.set(key, value) };
    const chat = openChat(h.base, h.publicKey, store);
    const { token } = await h.operator('agent');
    const op = await h.operatorSocket(token);
    try {
      await until('the first join', () => chat.conversationId !== undefined);
      const conversationId = chat.conversationId!;
      chat.send('where is my order');
      await until('the first send', () => chat.unacked.size === 0);

      // Offline while an operator takes over and more than a replay page (500) is logged.
      chat.socket.io.reconnection(false);
      chat.socket.io.engine.close();
      await until('the drop', () => !chat.socket.connected);
      assert.ok((await op.timeout(5_000).emitWithAck('conversation:take-over', { conversationId })).ok);
      for (let i = 0; i < 520; i++) await appendMessage(h.app.ctx.db, { conversationId, sender: 'bot', text: `news ${i}` });

      // The operator speaks right after the reconnect: the live event reaches the client after the server has
      // subscribed it, before it has handled the first page's ack (held here so the race always goes that way).
      let operatorSeq: number | undefined;
      let lastPage = false;
      const joins: number[] = [];
      // `socket.timeout(ms)` sets a flag and returns the socket itself, so the README's joins all come through here.
      const emitWithAck = chat.socket.emitWithAck.bind(chat.socket) as (event: string, ...args: unknown[]) => Promise<unknown>;
      (chat.socket as unknown as { emitWithAck: typeof emitWithAck }).emitWithAck = async (event, ...args) => {
        if (event !== 'conversation:join') return emitWithAck(event, ...args);
        joins.push((args[0] as { lastSeq: number }).lastSeq);
        const ack = (await emitWithAck(event, ...args)) as { ok: boolean; hasMore?: boolean };
        if (ack.ok && !ack.hasMore) lastPage = true;
        if (operatorSeq === undefined) {
          const said = await op
            .timeout(5_000)
            .emitWithAck('message:send', { conversationId, clientMessageId: 'op-live', text: 'Hi, I am here now' });
          assert.ok(said.ok);
          operatorSeq = said.seq;
          await until('the live operator message', () => chat.events.has(said.seq));
        }
        return ack;
      };
      chat.socket.io.reconnection(true);
      chat.socket.connect();

      await until('the last page of the replay', () => lastPage);
      const stored = (await messagesSince(h.app.ctx.db, conversationId, 0, 1_000, { customerView: true })).map((m) => m.seq);
      assert.ok(stored.length > 520 && stored.at(-1) === operatorSeq);
      assert.deepEqual(
        [...chat.events.keys()].sort((a, b) => a - b),
        stored,
        'every event in hand once, none skipped',
      );
      assert.ok(joins.length >= 2, 'the replay took more than one page');
      assert.ok(
        joins.every((seq) => seq < operatorSeq!),
        'no page was asked for after the live event',
      );
      const news = [...chat.events.entries()]
        .sort(([a], [b]) => a - b)
        .flatMap(([, e]) => (e.type === 'message' && e.message.text.startsWith('news ') ? [e.message.text] : []));
      assert.deepEqual(
        news,
        Array.from({ length: 520 }, (_, i) => `news ${i}`),
      );
    } finally {
      chat.socket.disconnect();
      op.disconnect();
    }
  });
}, 'pglite');
