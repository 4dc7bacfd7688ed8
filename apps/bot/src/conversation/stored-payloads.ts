import type {
  Citation,
  ClassificationSnapshot,
  ConversationStatus,
  CorrectionKind,
  HandoffReason,
  QuickReply,
  QuickReplyAnswer,
} from '@parley/protocol';

/**
 * What `messages.payload` holds, by kind and sender. Written only by this server, so it is read back with a
 * cast, not re-validated; a field added later must be optional here.
 */
export interface CustomerMessagePayload {
  quickReply?: QuickReplyAnswer;
  /** The full snapshot the operator console shows; the columns intent, confidence, … repeat it for queries. */
  classification?: ClassificationSnapshot;
}

export interface BotMessagePayload {
  quickReplies?: QuickReply[];
  /** The sources of a knowledge answer. */
  citations?: Citation[];
  /** The answer:draft id its text was streamed under. */
  draftId?: string;
}

export interface StatusPayload {
  status: ConversationStatus;
  /** The operator now answering, when status is 'assigned'. */
  assigneeId: string | null;
  reason?: HandoffReason;
}

export interface CorrectionPayload {
  messageId: string;
  kind: CorrectionKind;
  label: string;
  /** What the message was labelled before; null when it had no label. */
  from: string | null;
}
