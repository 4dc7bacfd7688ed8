import * as z from 'zod';
import type { KnowledgePassage } from '../knowledge-passage.ts';

/**
 * What the answering layer reads of a retrieved passage (search's KnowledgePassage passes as it is), best first.
 * The text is the owner's document content, so it is quoted to the model as data and never trusted as instructions.
 */
export type AnswerPassage = Pick<KnowledgePassage, 'documentId' | 'title' | 'url' | 'text' | 'score'>;

export const answerPassageSchema = z.object({
  documentId: z.string().min(1),
  title: z.string(),
  url: z.string().nullable(),
  text: z.string().min(1),
  score: z.number(),
}) satisfies z.ZodType<AnswerPassage>;
