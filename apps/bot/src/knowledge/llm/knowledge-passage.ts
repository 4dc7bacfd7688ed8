import * as z from 'zod';

/**
 * A passage retrieval found for a question, best first: what the answering layer accepts. The text is the owner's
 * document content, so it is quoted to the model as data and never trusted as instructions.
 */
export const knowledgePassageSchema = z.object({
  documentId: z.string().min(1),
  title: z.string(),
  url: z.string().nullable(),
  text: z.string().min(1),
  score: z.number(),
});

export type KnowledgePassage = z.infer<typeof knowledgePassageSchema>;
