import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const SHARED_DATA = process.env.PARLEY_SHARED_DATA ?? '/work/shared/data';
const DEMO_KNOWLEDGE = fileURLToPath(new URL('../../demo/knowledge/', import.meta.url));

export interface BenchDocument {
  key: string;
  title: string;
  content: string;
  mediaType: string;
}

export interface BenchQuery {
  text: string;
  /** Keys of the documents that answer it; empty: it should not be answered. */
  relevant: string[];
}

export interface RetrievalSet {
  name: string;
  docs: BenchDocument[];
  test: BenchQuery[];
  dev: BenchQuery[];
}

const docLine = z.object({ id: z.string(), title: z.string(), text: z.string() });
const queryLine = z.object({ text: z.string().min(1), relevant: z.array(z.string()).min(1) });

const readJsonl = <T>(file: string, schema: z.ZodType<T>): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => schema.parse(JSON.parse(line)));

export const sharedSetExists = (name: string): boolean => existsSync(path.join(SHARED_DATA, name, 'docs.jsonl'));

/**
 * A shared set (see its README). Documents are indexed as "title, blank line, text": a knowledge base page has
 * its title on top, and every method sees the same text.
 */
export function readSharedSet(name: string): RetrievalSet {
  const dir = path.join(SHARED_DATA, name);
  const docs = readJsonl(path.join(dir, 'docs.jsonl'), docLine).map((doc) => ({
    key: doc.id,
    // A few CMRC passages have no article title.
    title: doc.title.trim() || doc.id,
    content: `${doc.title}\n\n${doc.text}`,
    mediaType: 'text/plain',
  }));
  const queries = (file: string) => readJsonl(path.join(dir, file), queryLine).map(({ text, relevant }) => ({ text, relevant }));
  return { name, docs, test: queries('queries_test.jsonl'), dev: queries('queries_dev.jsonl') };
}

/** Lines of a shared classification set (text only), as questions a knowledge base cannot answer. */
export function readUnanswerable(name: string, file: string, count: number): BenchQuery[] {
  const line = z.object({ text: z.string().min(1) });
  return readJsonl(path.join(SHARED_DATA, name, file), line)
    .slice(0, count)
    .map(({ text }) => ({ text, relevant: [] }));
}

const demoQuestion = z.object({ question: z.string(), answerable: z.boolean(), document: z.string().nullish() });

/** The repository's demo help centre (apps/bot/demo/knowledge), for the quick run: no shared data needed. */
export function readDemoSet(): RetrievalSet | null {
  const questions = path.join(DEMO_KNOWLEDGE, 'questions.jsonl');
  if (!existsSync(questions)) return null;
  const docs = ['en', 'zh'].flatMap((language) =>
    readdirSync(path.join(DEMO_KNOWLEDGE, language))
      .filter((file) => file.endsWith('.md'))
      .map((file) => {
        const content = readFileSync(path.join(DEMO_KNOWLEDGE, language, file), 'utf8');
        return { key: `${language}/${file}`, title: /^#\s+(.+)$/m.exec(content)?.[1] ?? file, content, mediaType: 'text/markdown' };
      }),
  );
  const all = readJsonl(questions, demoQuestion).map((q) => ({
    text: q.question,
    relevant: q.answerable && q.document ? [q.document] : [],
  }));
  return { name: 'demo', docs, test: all.filter((q) => q.relevant.length > 0), dev: all };
}
