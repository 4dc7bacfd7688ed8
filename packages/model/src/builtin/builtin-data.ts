import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Example, Language } from '../classifier/types.ts';

/** packages/model/data: the built-in small talk and background sets (their READMEs name sources and licenses). */
const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** The label every background utterance carries: the out-of-scope label train() recognises. */
export const OUT_OF_SCOPE_LABEL = 'oos';
/** Small-talk intents are named `smalltalk.<kind>`. */
export const SMALL_TALK_PREFIX = 'smalltalk.';
export const SMALL_TALK_KINDS = ['greeting', 'thanks', 'goodbye', 'are_you_a_bot', 'ok'] as const;

export const isSmallTalk = (label: string): boolean => label.startsWith(SMALL_TALK_PREFIX);

function readLines(file: string): Array<Example & { lang?: Language }> {
  return readFileSync(DATA_DIR + file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Example & { lang?: Language });
}

const cached = <T>(load: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= load());
};

/** Greetings, thanks, goodbyes, "are you a bot" and "ok", in English and Chinese, labelled `smalltalk.<kind>`. */
export const smallTalkExamples = cached((): Example[] => readLines('smalltalk/examples.jsonl').map(({ text, label }) => ({ text, label })));

/** The default reply to each small-talk intent, per language. */
export const smallTalkReplies = cached(
  (): Record<Language, Record<string, string>> =>
    JSON.parse(readFileSync(DATA_DIR + 'smalltalk/replies.json', 'utf8')) as Record<Language, Record<string, string>>,
);

/**
 * General utterances from other domains, labelled out of scope: CLINC150's domains that no shop or service bot
 * owns (CC BY 3.0) and Parley's own English and Chinese sentences.
 */
export const backgroundExamples = cached((): Example[] =>
  ['background/clinc150.en.jsonl', 'background/general.en.jsonl', 'background/general.zh.jsonl'].flatMap((file) =>
    readLines(file).map(({ text }) => ({ text, label: OUT_OF_SCOPE_LABEL })),
  ),
);

/** Held apart from backgroundExamples(): how often a model answers what it should not (the gate's probe). */
export const backgroundProbe = cached((): Example[] =>
  ['background/clinc150-probe.en.jsonl', 'background/general-probe.zh.jsonl'].flatMap((file) =>
    readLines(file).map(({ text }) => ({ text, label: OUT_OF_SCOPE_LABEL })),
  ),
);
