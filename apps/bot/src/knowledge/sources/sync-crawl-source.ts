import type { ClaimedCrawlSource } from '../../db/knowledge-source-store.ts';
import { listCrawledDocuments } from '../../db/knowledge-store.ts';
import type { KnowledgeBase } from '../knowledge-base.ts';
import { crawl, type CrawlOptions } from './crawl.ts';

export interface SyncCounts {
  pagesFound: number;
  pagesSkipped: number;
  /** Pages whose content changed (or that are new): re-embedded. */
  indexed: number;
  unchanged: number;
  /** Documents of the source whose pages are gone. */
  removed: number;
}

/**
 * One crawl of a source into its bot's knowledge base: every page fetched is indexed as the document of its URL
 * (unchanged content is not re-embedded), and the source's documents whose pages are gone are removed. A page
 * that only failed for now (a timeout, a server error) keeps its document. Throws when the crawl itself fails
 * (CrawlFailed: the start could not be read), leaving the documents as they were.
 */
export async function syncCrawlSource(
  knowledge: KnowledgeBase,
  source: ClaimedCrawlSource,
  options: CrawlOptions = {},
): Promise<SyncCounts> {
  const result = await crawl({ url: source.url, kind: source.kind, maxPages: source.maxPages }, options);
  const counts: SyncCounts = { pagesFound: 0, pagesSkipped: result.skipped.length, indexed: 0, unchanged: 0, removed: 0 };
  const keep = new Set(result.skipped.filter((page) => page.transient).map((page) => page.url));
  for (const page of result.pages) {
    options.signal?.throwIfAborted();
    const outcome = await knowledge.index(source.botId, {
      title: page.title,
      source: 'url',
      url: page.url,
      mediaType: page.mediaType,
      content: page.content,
      crawlSourceId: source.id,
    });
    keep.add(page.url);
    if (outcome.status === 'indexed') counts.indexed++;
    else if (outcome.status === 'unchanged') counts.unchanged++;
    // A page the pipeline refused before storing it (e.g. an over-long URL) was not really found.
    if (outcome.ok || outcome.documentId !== null) counts.pagesFound++;
    else counts.pagesSkipped++;
  }
  for (const document of await listCrawledDocuments(knowledge.db, source.botId, source.id)) {
    if (document.url !== null && keep.has(document.url)) continue;
    options.signal?.throwIfAborted();
    if (await knowledge.remove(source.botId, document.id)) counts.removed++;
  }
  return counts;
}
