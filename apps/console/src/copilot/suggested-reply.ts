import type { KnowledgeAskResult, OperatorConversationEvent } from '@parley/protocol';
import { citationLines } from '../lib/citation-link.ts';

/** What the customer said last: the question the copilot asks the knowledge base. */
export function latestCustomerText(events: readonly OperatorConversationEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'message' && event.message.author === 'customer' && event.message.text.trim()) return event.message.text;
  }
  return null;
}

/**
 * The reply the knowledge base suggests: its answer, then its sources as "[n] Title — url" lines, since the
 * customer's chat shows text, not links with titles. null when the knowledge base does not answer.
 */
export function suggestedReply(result: Pick<KnowledgeAskResult, 'answer'>): string | null {
  if (!result.answer) return null;
  const sources = citationLines(result.answer.citations);
  return sources.length ? `${result.answer.text}\n\n${sources.join('\n')}` : result.answer.text;
}
