import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Encoder } from '@parley/model';
import type { Logger } from 'pino';
import { createBot, createWorkspace } from '../../src/db/bot-store.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { ensureDemoKnowledge } from '../../src/demo/demo-knowledge.ts';
import type { BotConfig } from '../../src/engine/bot-config.ts';
import type { KnowledgeAnswer } from '../../src/engine/decide.ts';
import { extractiveAnswer } from '../../src/knowledge/extractive-answer.ts';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts';

export interface DemoKnowledgeBase {
  /** The knowledge hook of runBehaviour: the extractive answer a bot with this config gives (no LLM). */
  answer: (config: BotConfig) => (text: string) => Promise<KnowledgeAnswer | undefined>;
  /** Stored document id → its file in demo/knowledge (`en/shipping.md`), the questions' `document`. */
  fileOf: ReadonlyMap<string, string>;
  close: () => Promise<void>;
}

/** `https://help.parley.example/en/shipping` (an article's Source line) → `en/shipping.md`. */
const fileOfUrl = (url: string | null): string | undefined => {
  const match = url && /\/(en|zh)\/([^/]+)$/.exec(new URL(url).pathname);
  return match ? `${match[1]}/${match[2]}.md` : undefined;
};

/**
 * The demo bot's help centre, indexed as `npm start` indexes it (ensureDemoKnowledge) into a throwaway PGlite.
 * Answers as answerFromKnowledge does for a bot without a language model: retrieval, then the extractive answer
 * at the bot's per-language thresholds, citing its passage's document.
 */
export async function openDemoKnowledgeBase(encoder: Encoder, logger: Logger): Promise<DemoKnowledgeBase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-answers-'));
  const db = await openDatabase({ dataDir, logger });
  try {
    const kb = new KnowledgeBase(db, encoder);
    const workspaceId = await createWorkspace(db, 'bench');
    const { id: botId } = await createBot(db, { workspaceId, name: 'demo', publicKey: `pk_bench_answers_${Date.now()}`, config: {} });
    await ensureDemoKnowledge(kb, botId, logger);
    const documents = await kb.list(botId);
    const unindexed = documents.filter((d) => d.status !== 'indexed').map((d) => d.title);
    if (documents.length === 0 || unindexed.length > 0)
      throw new Error(`the demo help centre (apps/bot/demo/knowledge) did not index: ${unindexed.join(', ') || 'no document at all'}`);
    const fileOf = new Map(documents.flatMap((d) => (fileOfUrl(d.url) ? [[d.id, fileOfUrl(d.url)!] as const] : [])));
    const answer = (config: BotConfig) => async (text: string) => {
      const found = extractiveAnswer(await kb.search(botId, text), { threshold: config.knowledge.answerThreshold });
      if (!found) return undefined;
      const { documentId, title, url } = found.source;
      return { text: found.text, citations: [{ number: 1, documentId, title, ...(url ? { url } : {}) }] };
    };
    return {
      answer,
      fileOf,
      close: async () => {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
