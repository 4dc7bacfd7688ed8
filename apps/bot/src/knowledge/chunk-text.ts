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
export const CHUNKER_VERSION = 1;

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

/** Splits a document into passages sized for the encoder, each tagged with its language. */
export async function chunkText(content: string, mediaType: string): Promise<TextChunk[]> {
  const splitter = new SentenceEndSplitter({
    chunkSize: CHUNK_SIZE,
    chunkOverlap: CHUNK_OVERLAP,
    separators: separatorsFor(mediaType),
    lengthFunction: weightedLength,
    keepSeparator: true,
  });
  const texts = await splitter.splitText(content);
  return texts
    .map((text) => text.trim())
    .filter((text) => text.length > 0)
    .map((text) => ({ text, language: detectLanguage(text) }));
}
