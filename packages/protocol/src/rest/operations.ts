import { classifyOperations } from './classify.ts';
import { authOperations } from './auth.ts';
import { operatorOperations } from './operators.ts';
import { botOperations } from './bots.ts';
import { usageOperations } from './usage.ts';
import { channelOperations } from './channels.ts';
import { previewOperations } from './preview.ts';
import { conversationOperations } from './conversations.ts';
import { conversationTextOperations } from './conversation-texts.ts';
import { domainOperations } from './domain.ts';
import { reviewOperations } from './review.ts';
import { modelOperations } from './models.ts';
import { analyticsOperations } from './analytics.ts';
import { openApiOperations } from './openapi.ts';
import { knowledgeOperations } from './knowledge.ts';
import { llmOperations } from './llm.ts';

/**
 * Every operation of the REST API under /api/v1, by operationId: the server mounts exactly these, and clients are
 * typed from them.
 */
export const restOperations = {
  ...classifyOperations,
  ...authOperations,
  ...operatorOperations,
  ...botOperations,
  ...usageOperations,
  ...channelOperations,
  ...previewOperations,
  ...conversationOperations,
  ...conversationTextOperations,
  ...domainOperations,
  ...reviewOperations,
  ...modelOperations,
  ...analyticsOperations,
  ...knowledgeOperations,
  ...llmOperations,
  ...openApiOperations,
};

export type RestOperations = typeof restOperations;
export type RestOperationId = keyof RestOperations;
