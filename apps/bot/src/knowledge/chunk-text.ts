import { detectLanguage } from '@parley/model';
import { RecursiveCharacterTextSplitter, type SupportedTextSplitterLanguage } from '@langchain/textsplitters';
import type { ChunkLanguage } from '../db/knowledge-store.ts';

export interface TextChunk {
  text: string;
  language: ChunkLanguage;
}

/**
 * USE-lite keeps 128 wordpieces. English runs about 4-5 characters a wordpiece, so 400 characters (~90 pieces)
 * stays well under with room for long words. The overlap (a quarter) is long enough to repeat a whole sentence across a cut.
 */
export const CHUNK_SIZE = 400;
export const CHUNK_OVERLAP = 100;

/** Bumped when chunking changes, so re-sync re-indexes documents whose content did not change. */
export const CHUNKER_VERSION = 2;

// A Han character carries about a word: counting it double gives ~200-character Chinese chunks, which read as a
// passage (Chinese is matched on bigrams, not by USE-lite, so the token limit does not bind there).
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const weightedLength = (text: string): number => text.length + (text.match(CJK)?.length ?? 0);

/** Chinese clause and sentence ends, tried before a space or a bare character cut. */
const CHINESE_SEPARATORS = ['。', '！', '？', '；', '，', '、'];

function separatorsFor(mediaType: string): string[] {
  const language: SupportedTextSplitterLanguage | undefined = /markdown/i.test(mediaType)
    ? 'markdown'
    : /html/i.test(mediaType)
      ? 'html'
      : undefined;
  const base = language ? RecursiveCharacterTextSplitter.getSeparatorsForLanguage(language) : ['\n\n', '\n', '. ', '? ', '! '];
  // The library's lists end in ' ' then '' (cut anywhere): Chinese punctuation goes just before those.
  const tail = base.filter((separator) => separator === ' ' || separator === '');
  const head = base.filter((separator) => separator !== ' ' && separator !== '');
  return [...head, ...CHINESE_SEPARATORS, ...(tail.length > 0 ? tail : [' ', ''])];
}

/** Punctuation that ends a sentence or clause: it stays with the text before it. */
const ENDINGS = new Set(['. ', '? ', '! ', ...CHINESE_SEPARATORS]);

/**
 * The library keeps a separator at the start of the piece after it: right for Markdown headings and HTML tags,
 * wrong for a full stop, which would open the next chunk. Sentence ends are kept at the end instead.
 */
class SentenceEndSplitter extends RecursiveCharacterTextSplitter {
  protected override splitOnSeparator(text: string, separator: string): string[] {
    if (!ENDINGS.has(separator)) return super.splitOnSeparator(text, separator);
    const escaped = separator.replace(/[.?!]/g, '\\$&');
    return text.split(new RegExp(`(?<=${escaped})`)).filter((piece) => piece !== '');
  }
}

/** A Markdown heading line; `#` inside a fenced code block is not one. */
const HEADING = /^#{1,6}\s+\S/;
const FENCE = /^\s*(```|~~~)/;

interface Section {
  /** The heading line the section opens with, as written; null for text before the first heading. */
  heading: string | null;
  body: string;
}

/** A Markdown document cut at its headings: each heading with the text up to the next one. */
function markdownSections(content: string): Section[] {
  const sections: Section[] = [];
  let current: Section = { heading: null, body: '' };
  let fenced = false;
  for (const line of content.split('\n')) {
    if (FENCE.test(line)) fenced = !fenced;
    if (!fenced && HEADING.test(line)) {
      sections.push(current);
      current = { heading: line.trim(), body: '' };
    } else current.body += `${line}\n`;
  }
  sections.push(current);
  return sections.filter((section) => section.body.trim().length > 0);
}

const splitterOf = (mediaType: string, chunkSize: number) =>
  new SentenceEndSplitter({
    chunkSize,
    chunkOverlap: Math.min(CHUNK_OVERLAP, Math.floor(chunkSize / 4)),
    separators: separatorsFor(mediaType),
    lengthFunction: weightedLength,
    keepSeparator: true,
  });

/** Room left in a chunk for text after its section's heading; never below half a chunk. */
const bodySize = (heading: string | null): number => Math.max(CHUNK_SIZE / 2, CHUNK_SIZE - (heading ? weightedLength(heading) + 1 : 0));

/**
 * Splits a document into passages sized for the encoder, each tagged with its language. Markdown (HTML arrives
 * converted to it) is cut at its headings first, and every chunk of a section opens with the section's heading:
 * a passage cut from a long section keeps what it is about ("## How long the warranty lasts"), which dense
 * retrieval reads and the extractive answer drops, and no chunk is a lone heading that matches a question
 * well but has nothing to quote.
 */
export async function chunkText(content: string, mediaType: string): Promise<TextChunk[]> {
  const sections = /markdown|html/i.test(mediaType) ? markdownSections(content) : [{ heading: null, body: content }];
  const texts: string[] = [];
  for (const { heading, body } of sections) {
    for (const piece of await splitterOf(mediaType, bodySize(heading)).splitText(body)) {
      const trimmed = piece.trim();
      if (trimmed.length > 0) texts.push(heading ? `${heading}\n${trimmed}` : trimmed);
    }
  }
  return texts.map((text) => ({ text, language: detectLanguage(text) }));
}
