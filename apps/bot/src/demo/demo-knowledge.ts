import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { KnowledgeDocumentInput } from '../knowledge/knowledge-document-input.ts';
import { DEMO_DATA_DIR } from './demo-data.ts';

/** The demo shop's help centre (demo/knowledge/README.md): one folder of Markdown articles per language. */
export const DEMO_KNOWLEDGE_DIR = path.join(DEMO_DATA_DIR, 'knowledge');

/** An article: its `# Title` line, and its `Source:` line as the link citations show. */
function demoArticle(markdown: string, file: string): KnowledgeDocumentInput {
  const title = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? path.basename(file, '.md');
  const source = /^Source:\s*(\S+)\s*$/m.exec(markdown);
  // The link is the document's url, cited with every answer; left in the text it would be quoted as an answer.
  const content = source ? markdown.replace(source[0], '') : markdown;
  return { title, source: 'api', url: source?.[1] ?? null, mediaType: 'text/markdown', content };
}

async function demoArticles(dir: string): Promise<KnowledgeDocumentInput[]> {
  // Demo data without a knowledge folder (PARLEY_DEMO_DATA_DIR pointing at other data) has no knowledge base.
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const languages = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const articles = [];
  for (const language of languages.sort()) {
    const folder = path.join(dir, language);
    for (const file of (await readdir(folder)).filter((name) => name.endsWith('.md')).sort())
      articles.push(demoArticle(await readFile(path.join(folder, file), 'utf8'), file));
  }
  return articles;
}

/**
 * Indexes the demo bot's help centre, on every start: sync re-embeds only articles whose text changed, so after
 * the first start this costs a hash per article. Failures are logged, never fatal: the bot then answers as it
 * would without a knowledge base.
 */
export async function ensureDemoKnowledge(
  knowledge: KnowledgeBase,
  botId: string,
  logger: Logger,
  dir = DEMO_KNOWLEDGE_DIR,
): Promise<void> {
  const started = performance.now();
  const outcomes = await knowledge.sync(botId, await demoArticles(dir));
  const failed = outcomes.filter((outcome) => !outcome.ok);
  for (const outcome of failed) logger.error({ outcome }, 'a demo knowledge article failed to index');
  const indexed = outcomes.filter((outcome) => outcome.status === 'indexed').length;
  logger.info(
    { articles: outcomes.length, indexed, failed: failed.length, ms: Math.round(performance.now() - started) },
    'demo knowledge base ready',
  );
}
