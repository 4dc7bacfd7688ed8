import { detectLanguage } from '../classifier/features/script.ts';
import { hashString, seededRandom } from '../classifier/training/seeded-random.ts';
import type { Example } from '../classifier/types.ts';
import { backgroundExamples, isSmallTalk, OUT_OF_SCOPE_LABEL, SMALL_TALK_PREFIX, smallTalkExamples } from './builtin-data.ts';
import { gibberish } from './gibberish.ts';

export interface BuiltinOptions {
  /** Built-in small-talk intents, and domain examples framed by a greeting or thanks (default true). */
  smallTalk?: boolean;
  /** Out-of-scope background utterances and generated gibberish (default true). */
  background?: boolean;
  seed?: number;
}

const GIBBERISH_EXAMPLES = 200;
/** Shares of a bot's own examples also trained with a greeting before them, and with thanks after them. */
const GREETING_FRAMED = 0.12;
const THANKS_FRAMED = 0.08;
/** Share of a bot's own examples also trained next to an unrelated background sentence. */
const CONTEXT_FRAMED = 0.15;
/** Frames are short small-talk lines: "hi", "hello there", "谢谢". */
const MAX_FRAME_CHARS = 14;

/**
 * A bot's intent examples with the built-ins every bot gets: small talk, so that "hi" and "thanks" get their own
 * replies, and a background of other domains' utterances and keyboard mash labelled out of scope, so that the
 * model has seen what is not its business. Neither hides a request: a sample of the bot's examples is also
 * trained behind a greeting or before thanks ("hi, I want to cancel my order" is still cancel_order), and
 * another next to a background sentence.
 * The bot's own examples win over a built-in with the same text.
 */
export function withBuiltinIntents(examples: readonly Example[], options: BuiltinOptions = {}): Example[] {
  const seed = options.seed ?? 1;
  // Each example's augmentations are drawn from a generator of its own: adding or correcting one example then
  // changes only its own, not everyone's after it, which would move the calibration of the whole model.
  const randomFor = (example: Example, salt: string) => seededRandom(hashString(salt + example.text, seed));
  const own = new Set(examples.map((e) => e.text));
  const added: Example[] = [];
  if (options.smallTalk ?? true) {
    const talk = smallTalkExamples();
    added.push(...talk);
    const frames = (kind: string, language: 'en' | 'zh') =>
      talk.filter((e) => e.label === SMALL_TALK_PREFIX + kind && e.text.length <= MAX_FRAME_CHARS && detectLanguage(e.text) === language);
    const framesOf = {
      greeting: { en: frames('greeting', 'en'), zh: frames('greeting', 'zh') },
      thanks: { en: frames('thanks', 'en'), zh: frames('thanks', 'zh') },
    };
    for (const example of examples) {
      if (example.label === OUT_OF_SCOPE_LABEL || isSmallTalk(example.label)) continue;
      const language = detectLanguage(example.text);
      const random = randomFor(example, 'frame');
      const roll = random();
      const kind = roll < GREETING_FRAMED ? 'greeting' : roll < GREETING_FRAMED + THANKS_FRAMED ? 'thanks' : undefined;
      const choices = kind && framesOf[kind][language];
      if (!kind || !choices || choices.length === 0) continue;
      const frame = choices[Math.floor(random() * choices.length)]!.text;
      const gap = language === 'zh' ? '，' : random() < 0.5 ? ', ' : ' ';
      added.push({ text: kind === 'greeting' ? frame + gap + example.text : example.text + gap + frame, label: example.label });
    }
  }
  if (options.background ?? true) {
    const background = backgroundExamples();
    // Customers wrap requests in asides ("it's for my sister's birthday"); a sample of the bot's examples is
    // trained with an off-topic sentence around it, so that an aside does not make a request out of scope
    // (demo, realistic English answered right 88.0 → 88.3 %, wrongly 4.0 → 2.8 %).
    for (const example of examples) {
      const random = randomFor(example, 'context');
      if (example.label === OUT_OF_SCOPE_LABEL || isSmallTalk(example.label) || random() >= CONTEXT_FRAMED) continue;
      const language = detectLanguage(example.text);
      const aside = background[Math.floor(random() * background.length)]!.text;
      if (detectLanguage(aside) !== language) continue;
      const gap = language === 'zh' ? '，' : '. ';
      added.push({ text: random() < 0.5 ? aside + gap + example.text : example.text + gap + aside, label: example.label });
    }
    added.push(...background);
    added.push(...gibberish(GIBBERISH_EXAMPLES, seed).map((text) => ({ text, label: OUT_OF_SCOPE_LABEL })));
  }
  const seen = new Set(own);
  return [...examples, ...added.filter((e) => !seen.has(e.text) && seen.add(e.text))];
}

/**
 * Sentiment examples with gibberish and small talk added as what they are (neutral; thanks positive), so that
 * neither reads as an angry customer. Only for the negative/neutral/positive label set.
 */
export function withBuiltinSentiment(examples: readonly Example[], options: Pick<BuiltinOptions, 'seed'> = {}): Example[] {
  const labels = new Set(examples.map((e) => e.label));
  if (!['negative', 'neutral', 'positive'].every((l) => labels.has(l))) return [...examples];
  const added: Example[] = [
    ...gibberish(GIBBERISH_EXAMPLES / 2, (options.seed ?? 1) + 1).map((text) => ({ text, label: 'neutral' })),
    ...smallTalkExamples().map((e) => ({ text: e.text, label: e.label === `${SMALL_TALK_PREFIX}thanks` ? 'positive' : 'neutral' })),
  ];
  const seen = new Set(examples.map((e) => e.text));
  return [...examples, ...added.filter((e) => !seen.has(e.text) && seen.add(e.text))];
}
