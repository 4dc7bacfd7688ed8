/**
 * Text the model must read but never obey (a customer's question, a document's passages) goes inside tagged
 * blocks. If the text itself held a closing tag, it could end its block early and continue as if it were the
 * prompt's own words, so any of our tag names inside the data loses its opening bracket.
 */
export const DATA_TAGS = ['passage', 'question'] as const;

export type DataTag = (typeof DATA_TAGS)[number];

// "<", the full-width "＜" and the small "﹤" all read as a bracket to a model; spaces and case do not matter to it.
const TAG_LOOKALIKE = new RegExp(`[<＜﹤](?=\\s*/?\\s*(?:${DATA_TAGS.join('|')})\\b)`, 'giu');

/** The text with every opening of one of our tags defused ("</passage>" becomes "‹/passage>"). */
export const neutraliseTags = (text: string): string => text.replace(TAG_LOOKALIKE, '‹');

/** The text as one quoted block; attributes are ours (numbers), never the data's. */
export function quotedBlock(tag: DataTag, text: string, attributes: Record<string, number> = {}): string {
  const attributeText = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join('');
  return `<${tag}${attributeText}>\n${neutraliseTags(text)}\n</${tag}>`;
}
