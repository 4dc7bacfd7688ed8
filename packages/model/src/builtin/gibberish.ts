import { seededRandom } from '../classifier/training/seeded-random.ts';

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890'];
/** Emoji that mean nothing on their own (no thumbs up, no smile: those are small talk). */
const STRAY_EMOJI = ['🐸', '🍕', '🚗', '🌵', '🎈', '🦄', '🍌', '⚽', '🎸', '🐙', '🌮', '🧦', '🪐', '🦆', '🍄', '📎'];
const CJK_COMMON =
  '的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现';

/**
 * Keyboard mash and noise ("asdkjh qwpoe", "jjjjjj", "?!?!", random CJK characters), generated so that a
 * model learns such input is nobody's intent, and not an angry customer either. Deterministic for a seed.
 */
export function gibberish(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = (chars: string) => chars[Math.floor(random() * chars.length)]!;
  const makers: Array<() => string> = [
    // Runs along one keyboard row, as a hand dragged across it.
    () =>
      words(random, () => {
        const row = KEYBOARD_ROWS[Math.floor(random() * 3)]!;
        const start = Math.floor(random() * (row.length - 3));
        return row.slice(start, start + 3 + Math.floor(random() * (row.length - start - 2)));
      }),
    // Random letters.
    () => words(random, () => Array.from({ length: 2 + Math.floor(random() * 7) }, () => pick('abcdefghijklmnopqrstuvwxyz')).join('')),
    // One key held down.
    () => pick('abcdefghjklmnopqrsuvwxyz').repeat(3 + Math.floor(random() * 8)),
    // Punctuation and digits alone.
    () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick('?!.,;:-_*#123456789')).join(''),
    // A number with nothing around it.
    () => String(Math.floor(random() * 10 ** (1 + Math.floor(random() * 9)))),
    // Stray emoji.
    () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => STRAY_EMOJI[Math.floor(random() * STRAY_EMOJI.length)]!).join(''),
    // Unrelated CJK characters.
    () => Array.from({ length: 2 + Math.floor(random() * 6) }, () => pick(CJK_COMMON)).join(''),
  ];
  return Array.from({ length: count }, () => {
    const text = makers[Math.floor(random() * makers.length)]!();
    return random() < 0.3 ? text.toUpperCase() : text;
  });
}

function words(random: () => number, word: () => string): string {
  return Array.from({ length: 1 + Math.floor(random() * 3) }, word).join(' ');
}
