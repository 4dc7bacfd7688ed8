import { z } from 'zod';
import type { KnowledgePassage } from './knowledge-passage.ts';
import { splitSentences } from './sentences.ts';

export interface ExtractiveAnswer {
  /** Whole sentences of the best passage. */
  text: string;
  source: { documentId: string; chunkId: number; title: string; url: string | null };
  confidence: number;
}

/**
 * The lowest confidence (see KnowledgePassage.confidence) that gets an answer, per query language; a bot can set
 * its own (bot config `knowledge.answerThreshold`). The scale depends on how the documents are written: questions
 * matched against FAQ questions score far higher cosines than questions against help-centre prose.
 * Tuned 2026-12-03 on help-centre prose, the kind of document a bot's knowledge base holds: the demo help centre
 * (apps/bot/demo/knowledge) with the even lines of its questions.jsonl as the dev half, maximising right answers
 * minus twice the wrong ones (a wrong answer costs more than a fallback). The odd lines, held out, through the
 * extractive answer (`npm run bench:knowledge -- --quick`, demoAnswers, chunker version 2): en 12 right, 0 wrong,
 * 10 declined of 22 (17 answerable); zh 12 right, 1 wrong, 8 declined of 21 (16 answerable). On FAQ-matching data (covidfaq_deepset
 * against stackfaq as unanswerable) the same tuning gives en 0.79: a bot whose documents are question-and-answer
 * pairs should raise its threshold.
 */
export const DEFAULT_ANSWER_THRESHOLD = { en: 0.53, zh: 0.22 } as const;

export const extractiveOptionsSchema = z.object({
  threshold: z.object({ en: z.number().min(0).max(1), zh: z.number().min(0).max(1) }).default(DEFAULT_ANSWER_THRESHOLD),
  /** Longest answer in characters; whole sentences are kept up to it (at least one). */
  maxChars: z.number().int().min(40).max(4000).default(320),
});
export type ExtractiveOptions = z.input<typeof extractiveOptionsSchema>;

/**
 * The embedded answer with no LLM: the best passage, trimmed to whole sentences, with its source to cite. Null
 * when there is no passage or the best one is below the threshold: the bot should say it does not know.
 * Passages cut by the chunker can open mid-sentence; a fragment without a capital or a Chinese opening is dropped.
 */
export function extractiveAnswer(passages: readonly KnowledgePassage[], options: ExtractiveOptions = {}): ExtractiveAnswer | null {
  const { threshold, maxChars } = extractiveOptionsSchema.parse(options);
  const best = passages[0];
  if (!best || best.confidence < threshold[best.language]) return null;
  // A Markdown heading is the passage's title, not part of the answer (the source title is cited anyway).
  const sentences = splitSentences(best.text.replace(/^#{1,6}\s.*$/gm, ''));
  if (sentences.length === 0) return null;
  // The overlap can start a chunk inside a sentence: drop that fragment when whole ones follow.
  if (sentences.length > 1 && /^[a-z,;)]/.test(sentences[0]!)) sentences.shift();
  const kept: string[] = [];
  let length = 0;
  for (const sentence of sentences) {
    if (kept.length > 0 && length + sentence.length > maxChars) break;
    kept.push(sentence);
    length += sentence.length + 1;
  }
  const joiner = best.language === 'zh' ? '' : ' ';
  return {
    text: kept.join(joiner),
    source: { documentId: best.documentId, chunkId: best.chunkId, title: best.title, url: best.url },
    confidence: best.confidence,
  };
}
