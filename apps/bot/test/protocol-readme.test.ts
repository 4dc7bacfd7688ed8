import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CustomerConversationEvent } from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import ts from 'typescript';
import { startHarness, type Harness } from './support/bot-harness.ts';
import { forEachEngine } from './support/engines.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const README = path.join(repoRoot, 'packages/protocol/README.md');

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

/** The README's ```ts blocks that follow a `<!-- runnable … -->` marker, so prose-only sketches may stay untested. */
function runnableBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/<!-- runnable\b[^>]*-->\s*```ts\n([\s\S]*?)\n```/g)].map((match) => match[1]!);
}

async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// About the protocol, not storage: one engine is enough.
forEachEngine((engine) => {
  let h: Harness;
  let dir: string;
  let openChat: OpenChat;

  before(async () => {
    h = await startHarness(await engine.migrated());
    const blocks = runnableBlocks(readFileSync(README, 'utf8'));
    assert.equal(blocks.length, 1, 'the README has one runnable block: the customer client');
    // A module of its own outside the tree; the node_modules link resolves its imports as the README's reader would.
    dir = mkdtempSync(path.join(os.tmpdir(), 'parley-protocol-readme-'));
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(path.join(dir, 'customer-client.ts'), blocks[0]!);
    ({ openChat } = (await import(pathToFileURL(path.join(dir, 'customer-client.ts')).href)) as { openChat: OpenChat });
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("the README's customer client type-checks under the repository's strict settings", { timeout: 60_000 }, () => {
    const base = ts.readConfigFile(path.join(repoRoot, 'tsconfig.base.json'), (file) => ts.sys.readFile(file));
    const { options } = ts.parseJsonConfigFileContent(base.config, ts.sys, dir);
    const program = ts.createProgram([path.join(dir, 'customer-client.ts')], options);
    const where = (d: ts.Diagnostic) =>
      d.file && d.start !== undefined ? `line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => where(d) + ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(diagnostics, []);
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
}, 'pglite');
