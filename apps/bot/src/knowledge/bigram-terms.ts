const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The terms of Chinese text: character bigrams of each CJK run (a lone character stands for itself), plus
 * lower-cased words of any other script, so 'iPhone 保修' matches both parts. Bigrams need no word segmenter
 * (PostgreSQL has no Chinese parser here: zhparser and pg_jieba are on neither engine) and are the standard
 * strong baseline for Chinese retrieval.
 */
export function bigramTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [run] of text.matchAll(CJK_RUN)) {
    const chars = [...run];
    if (chars.length === 1) terms.push(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
  }
  for (const [word] of text.replace(CJK_RUN, ' ').matchAll(WORD)) terms.push(word.toLowerCase());
  return terms;
}
