import type { ConversationSummary } from '@parley/protocol';

/** Most recently updated first, as the server pages them. */
export function upsertConversation(list: ConversationSummary[], conversation: ConversationSummary): ConversationSummary[] {
  const rest = list.filter(({ conversationId }) => conversationId !== conversation.conversationId);
  return [conversation, ...rest].sort((a, b) => b.updatedAt - a.updatedAt);
}

export const removeConversation = (list: ConversationSummary[], conversationId: string) =>
  list.filter((conversation) => conversation.conversationId !== conversationId);

export const totalUnread = (list: ConversationSummary[]) => list.reduce((sum, { unread }) => sum + unread, 0);
