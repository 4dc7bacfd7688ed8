import { hashString, seededRandom } from './seeded-random.ts';

const LATIN_WORD = /[a-z]{4,}/gi;
const PUNCTUATION = /[\p{P}\p{S}]/gu;
const CJK_CHAR = /\p{Script=Han}/u;

/**
 * A noisy copy of a text, as people type into a chat box: lower case, no punctuation, a typo (a letter swapped,
 * dropped or doubled), a word or a character left out. Training data is usually cleaner than traffic, so
 * held-out scores on clean text overstate confidence; scoring noisy copies of held-out examples gives the
 * calibration and thresholds something closer to what customers send. Deterministic per text and seed.
 */
export function perturb(text: string, seed: number): string {
  const random = seededRandom(hashString(text, seed));
  let out = text;
  if (random() < 0.6) out = out.toLowerCase();
  if (random() < 0.5) out = out.replace(PUNCTUATION, '').replace(/\s+/g, ' ').trim();
  const typos = 1 + Math.floor(random() * 2);
  for (let t = 0; t < typos; t++) out = typo(out, random);
  if (random() < 0.3) out = dropOne(out, random);
  return out.length > 0 ? out : text;
}

function typo(text: string, random: () => number): string {
  const words = [...text.matchAll(LATIN_WORD)];
  if (words.length === 0) return text;
  const word = words[Math.floor(random() * words.length)]!;
  const at = 1 + Math.floor(random() * (word[0].length - 2));
  const chars = [...word[0]];
  const kind = random();
  if (kind < 0.4) [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
  else if (kind < 0.7) chars.splice(at, 1);
  else chars.splice(at, 0, chars[at]!);
  return text.slice(0, word.index) + chars.join('') + text.slice(word.index! + word[0].length);
}

/** Leaves out one word of four or more, or one of a CJK text's characters. */
function dropOne(text: string, random: () => number): string {
  const words = text.split(' ');
  if (words.length >= 4) {
    words.splice(Math.floor(random() * words.length), 1);
    return words.join(' ');
  }
  const chars = [...text];
  const cjk = chars.flatMap((c, i) => (CJK_CHAR.test(c) ? [i] : []));
  if (cjk.length < 4) return text;
  chars.splice(cjk[Math.floor(random() * cjk.length)]!, 1);
  return chars.join('');
}
