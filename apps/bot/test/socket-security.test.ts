import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from './support/bot-harness.ts';
import { forEachEngine } from './support/engines.ts';

type Refusal = Error & { data?: { code: string; retryAfterMs?: number } };
const refusedWith = (code: string) => (error: Refusal) => error.data?.code === code;

forEachEngine((engine) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(await engine.migrated(), {
      withModel: false,
      allowedOrigins: ['https://shop.example.com'],
      rateLimits: { connectionsPerIpPerMinute: 12, eventsPerSocketPer10s: 5, requestsPerIpPerMinute: 600 },
    });
  });
  after(() => h.close());

  test('a bot with an origin allowlist accepts its sites and refuses others', async () => {
    await h.customer({ origin: 'https://shop.example.com' });
    await h.customer({ origin: 'https://SHOP.example.com:443' });
    await assert.rejects(h.customer({ origin: 'https://evil.example.net' }), refusedWith('unauthorized'));
    await assert.rejects(h.customer({ origin: 'https://shop.example.com.evil.net' }), refusedWith('unauthorized'));
  });

  test('without a model the bot still answers, with its fallback, and the message is stored unclassified', async () => {
    const { socket } = await h.customer();
    const joined = await socket.timeout(5_000).emitWithAck('conversation:join', { lastSeq: 0 });
    assert.ok(joined.ok);
    const reply = new Promise<{ type: string; message?: { author: string; text: string } }>((resolve) =>
      socket.on('conversation:event', (e) => e.type === 'message' && e.message.author === 'bot' && resolve(e)),
    );
    const ack = await socket
      .timeout(5_000)
      .emitWithAck('message:send', { conversationId: joined.conversationId, clientMessageId: 'x1', text: 'hello' });
    assert.ok(ack.ok);
    assert.match((await reply).message!.text, /didn't get that/);
  });

  test('a socket over its event budget is told to slow down, with a retry delay, and stays connected', async () => {
    const { socket } = await h.customer();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => socket.timeout(5_000).emitWithAck('conversation:join', { lastSeq: 0 })),
    );
    const limited = answers.filter((a) => !a.ok && a.error.code === 'rate_limited');
    assert.equal(limited.length, 3, 'five events pass, the rest are refused');
    assert.ok(limited.every((a) => !a.ok && (a.error.retryAfterMs ?? 0) > 0));
    assert.ok(socket.connected);
  });

  test('new connections from one address past the per-minute limit are refused', async () => {
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => h.customer({ expectSession: false })));
    const refused = results.filter((r) => r.status === 'rejected');
    assert.ok(refused.length > 0, 'the limit of 12 per minute was already partly used by earlier tests, so some must be refused');
    assert.ok(refused.every((r) => refusedWith('rate_limited')(r.reason as Refusal)));
  });
});
