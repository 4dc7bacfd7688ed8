import { restOperations, type KnowledgeCrawlSource } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { conflict, notFound } from '../../conversation/action-error.ts';
import {
  claimKnowledgeSource,
  deleteKnowledgeSource,
  findKnowledgeSource,
  insertKnowledgeSource,
  listKnowledgeSources,
  type KnowledgeCrawlSourceRecord,
} from '../../db/knowledge-source-store.ts';
import { isUuid } from '../../db/uuid.ts';
import { normalizeCrawlUrl } from '../../knowledge/sources/crawl-url.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { workspaceBot } from '../workspace-bot.ts';

/** A source as the API shows it: never the run that holds it. */
const toSourceInfo = (source: KnowledgeCrawlSourceRecord): KnowledgeCrawlSource => ({
  id: source.id,
  botId: source.botId,
  url: source.url,
  kind: source.kind,
  maxPages: source.maxPages,
  resyncEveryHours: source.resyncEveryHours,
  status: source.status,
  error: source.error,
  pagesFound: source.pagesFound,
  pagesSkipped: source.pagesSkipped,
  lastSyncedAt: source.lastSyncedAt,
  nextSyncAt: source.nextSyncAt,
  createdAt: source.createdAt,
});

/** Crawl sources: added, listed, re-crawled and deleted; crawls run in the background (ctx.crawls). */
export function knowledgeSourceRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.listKnowledgeSources, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { sources: (await listKnowledgeSources(ctx.db, bot.id)).map(toSourceInfo) } };
      },
    }),
    implement(restOperations.addKnowledgeSource, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        // The schema admits only http(s) URLs, which always normalise.
        const url = normalizeCrawlUrl(body.url)!;
        const source = await insertKnowledgeSource(ctx.db, bot.id, {
          url,
          kind: body.kind,
          maxPages: body.maxPages,
          resyncEveryHours: body.resyncEveryHours,
        });
        if (!source) throw conflict('The bot already crawls this URL');
        ctx.crawls.start(source);
        ctx.logger.info({ botId: bot.id, crawlSourceId: source.id, operatorId: operator.id, url, kind: body.kind }, 'crawl source added');
        return { status: 202, body: { source: toSourceInfo(source) } };
      },
    }),
    implement(restOperations.syncKnowledgeSource, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        if (!isUuid(params.sourceId) || !(await findKnowledgeSource(ctx.db, bot.id, params.sourceId))) throw notFound('crawl source');
        const source = await claimKnowledgeSource(ctx.db, bot.id, params.sourceId, ctx.crawls.staleMs);
        if (!source) throw conflict('A crawl of this source is already running');
        ctx.crawls.start(source);
        return { status: 202, body: { source: toSourceInfo(source) } };
      },
    }),
    implement(restOperations.deleteKnowledgeSource, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        if (!isUuid(params.sourceId) || !(await deleteKnowledgeSource(ctx.db, bot.id, params.sourceId))) throw notFound('crawl source');
        ctx.crawls.cancel(params.sourceId);
        // Its documents went with it (ON DELETE CASCADE): this process's search cache must not keep them.
        await ctx
          .knowledge()
          .then((knowledge) => knowledge.cache.invalidate(bot.id))
          .catch(() => undefined);
        ctx.logger.info({ botId: bot.id, crawlSourceId: params.sourceId, operatorId: operator.id }, 'crawl source deleted');
        return { status: 204 };
      },
    }),
  ];
}
