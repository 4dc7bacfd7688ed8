import { createHash } from 'node:crypto';
import { CHUNKER_VERSION } from './chunk-text.ts';

/**
 * What decides a document's stored chunks: the text, how it is split and which encoder embeds it. Equal hashes
 * mean re-indexing would store the same passages and vectors, so re-sync skips the document.
 */
export function knowledgeContentHash(content: string, mediaType: string, encoderId: string): string {
  return createHash('sha256').update(`${CHUNKER_VERSION}\n${encoderId}\n${mediaType}\n${content}`).digest('hex');
}
