import { createBot, createWorkspace } from '../../src/db/bot-store.ts';
import type { Database } from '../../src/db/database.ts';
import { insertKnowledgeDocument, replaceKnowledgeChunks, type NewKnowledgeChunk } from '../../src/db/knowledge-store.ts';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts';
import { searchLatency, type SearchTiming } from './knowledge-latency.ts';

// One INSERT per document (the store writes 200 rows a statement): fewer, larger transactions fill faster.
const CHUNKS_PER_DOCUMENT = 200;

export interface ScaleResult extends SearchTiming {
  chunks: number;
  /** Seconds spent storing the copies that brought the bot to `chunks`. */
  fillSeconds: number;
  /** Resident memory of the bench process after the measurement. */
  rssMb: number;
}

export interface ScaleRun {
  results: ScaleResult[];
  /** Why a size was not measured (the engine failed or ran out of memory); absent when every size was. */
  unmeasured?: Record<string, string>;
}

/**
 * Stores copies of `pool`'s chunks (their real texts and vectors; new rows, so new ids) in documents of
 * CHUNKS_PER_DOCUMENT until the bot holds `to` chunks, through the same store functions indexing uses.
 * Nothing is embedded: scale is about storing, loading and scoring, not the encoder.
 */
async function fillBot(
  db: Database,
  botId: string,
  encoderId: string,
  pool: readonly NewKnowledgeChunk[],
  from: number,
  to: number,
): Promise<void> {
  for (let start = from; start < to; start += CHUNKS_PER_DOCUMENT) {
    const chunks = Array.from({ length: Math.min(CHUNKS_PER_DOCUMENT, to - start) }, (_, i) => pool[(start + i) % pool.length]!);
    const hash = `scale-${start}`;
    const documentId = await insertKnowledgeDocument(db, botId, {
      title: `Scale ${start}`,
      source: 'api',
      url: null,
      mediaType: 'text/plain',
      content: chunks.map((chunk) => chunk.text).join('\n\n'),
      contentHash: hash,
    });
    await db.transaction((tx) => replaceKnowledgeChunks(tx, botId, documentId, hash, encoderId, chunks));
  }
}

/**
 * Search latency on one engine at each size (ascending): one bot grown size by size, measured after each. A size
 * the engine cannot reach (an error, e.g. out of memory) is reported in `unmeasured` and ends the run.
 */
export async function scaleLatency(options: {
  kb: KnowledgeBase;
  pool: readonly NewKnowledgeChunk[];
  sizes: readonly number[];
  queries: readonly string[];
  count: number;
  log: (line: string) => void;
}): Promise<ScaleRun> {
  const { kb, pool, queries, count, log } = options;
  const db = kb.db;
  const workspaceId = await createWorkspace(db, 'bench scale');
  const botId = (await createBot(db, { workspaceId, name: 'scale', publicKey: `pk_bench_scale_${Date.now()}`, config: {} })).id;
  const results: ScaleResult[] = [];
  let held = 0;
  try {
    const sizes = [...options.sizes].sort((a, b) => a - b);
    for (const [at, size] of sizes.entries()) {
      try {
        const filling = performance.now();
        await fillBot(db, botId, kb.embeddings.encoderId, pool, held, size);
        held = size;
        const fillSeconds = Math.round((performance.now() - filling) / 100) / 10;
        log(`${db.kind}: ${size} chunks stored in ${fillSeconds} s`);
        const timing = await searchLatency(kb, botId, queries, count);
        const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
        results.push({ chunks: size, fillSeconds, rssMb, ...timing });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log(`${db.kind}: ${size} chunks not measured: ${reason}`);
        const unmeasured: Record<string, string> = { [size]: reason };
        for (const larger of sizes.slice(at + 1)) unmeasured[larger] = `not tried: ${size} chunks failed`;
        return { results, unmeasured };
      }
    }
    return { results };
  } finally {
    // The largest index holds hundreds of MB: the next engine's run should not pay for it.
    kb.cache.invalidate(botId);
  }
}
