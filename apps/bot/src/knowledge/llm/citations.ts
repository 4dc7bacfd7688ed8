import { httpLinkOrNull } from './http-link.ts';
import type { AnswerPassage } from './answer-passage.ts';

/** A passage the answer cites, numbered as the prompt numbered it (from 1). */
export interface Citation {
  number: number;
  documentId: string;
  title: string;
  /** Only http(s) links survive; anything else is dropped to null. */
  url: string | null;
}

// [1], [1, 3], [1,2] and the full-width brackets Chinese replies often use: 【1】, ［2］.
const CITATION_GROUP = /[[［【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]］】]/g;

/** The passage numbers a reply cites, in order of first mention; numbers no passage carries are ignored. */
export function citedPassageNumbers(reply: string, passageCount: number): number[] {
  const cited = new Set<number>();
  for (const [, group] of reply.matchAll(CITATION_GROUP)) {
    for (const digits of group!.split(/[^\d]+/)) {
      const number = Number(digits);
      if (Number.isInteger(number) && number >= 1 && number <= passageCount) cited.add(number);
    }
  }
  return [...cited];
}

/** The cited passages' sources, for the links shown under an answer. */
export function citationsFor(numbers: number[], passages: AnswerPassage[]): Citation[] {
  return numbers.flatMap((number) => {
    const passage = passages[number - 1];
    if (!passage) return [];
    return [{ number, documentId: passage.documentId, title: passage.title, url: httpLinkOrNull(passage.url) }];
  });
}
