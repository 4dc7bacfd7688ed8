import type { AnswerDraftEvent, OperatorConversationEvent } from '@parley/protocol';

/** How many ended draft ids are remembered, so a delta that comes after its message starts no ghost draft. */
const REMEMBERED_ENDED = 50;

/** Bot answers being written in one conversation, oldest first, and the ids of those that have ended. */
export interface AnswerDrafts {
  open: readonly { draftId: string; text: string; afterSeq: number }[];
  ended: readonly string[];
}

export const NO_DRAFTS: AnswerDrafts = { open: [], ended: [] };

/** A delta; `lastSeq` is the newest logged event the console holds, which only a later bot message can follow. */
export function appendDraft(
  drafts: AnswerDrafts,
  { draftId, delta }: Pick<AnswerDraftEvent, 'draftId' | 'delta'>,
  lastSeq: number,
): AnswerDrafts {
  if (drafts.ended.includes(draftId)) return drafts;
  const index = drafts.open.findIndex((draft) => draft.draftId === draftId);
  if (index === -1) return { ...drafts, open: [...drafts.open, { draftId, text: delta, afterSeq: lastSeq }] };
  return { ...drafts, open: drafts.open.map((draft, i) => (i === index ? { ...draft, text: draft.text + delta } : draft)) };
}

/**
 * After a logged event: a bot message replaces its own draft, and ends every draft begun before it, whose message
 * will never come (the model failed and the bot answered otherwise). A replayed older message ends nothing.
 */
export function settleDrafts(drafts: AnswerDrafts, event: OperatorConversationEvent): AnswerDrafts {
  if (event.type !== 'message' || event.message.author !== 'bot') return drafts;
  const own = event.message.draftId;
  const ending = drafts.open.filter((draft) => draft.draftId === own || event.seq > draft.afterSeq).map(({ draftId }) => draftId);
  if (own && !ending.includes(own)) ending.push(own);
  if (ending.length === 0) return drafts;
  return {
    open: drafts.open.filter((draft) => !ending.includes(draft.draftId)),
    ended: [...drafts.ended.filter((id) => !ending.includes(id)), ...ending].slice(-REMEMBERED_ENDED),
  };
}
