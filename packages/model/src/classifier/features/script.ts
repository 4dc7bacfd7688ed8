import type { Language } from '../types.ts';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const LETTER = /\p{L}/gu;

/**
 * The feature path for a message: 'zh' when at least a third of its letters are CJK. USE-lite has no CJK
 * vocabulary (such text collapses to one vector), so those messages need character n-gram heads.
 */
export function detectLanguage(text: string): Language {
  const cjk = text.match(CJK)?.length ?? 0;
  if (cjk === 0) return 'en';
  const letters = text.match(LETTER)?.length ?? 0;
  return cjk * 3 >= letters ? 'zh' : 'en';
}
