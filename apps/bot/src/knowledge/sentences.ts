/**
 * A text's sentences, with English and Chinese ends (. ! ? 。！？ and their closing quotes). Intl.Segmenter
 * follows Unicode's sentence rules, so abbreviations-with-spaces and CJK punctuation need no hand-written regex.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

export function splitSentences(text: string): string[] {
  return [...segmenter.segment(text)].map((part) => part.segment.trim()).filter((sentence) => sentence.length > 0);
}
