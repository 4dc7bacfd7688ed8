import type { CustomerConversationEvent } from '@parley/protocol';
import type { OutgoingMessage } from './outbox.ts';

/** What survives a reload, per bot key. */
export interface SavedChat {
  visitorToken?: string;
  conversationId?: string;
  /** The seq the next join resumes from; `events` holds at least everything up to it that was kept. */
  confirmedSeq: number;
  events: CustomerConversationEvent[];
  outbox: Array<Omit<OutgoingMessage, 'state'>>;
  open: boolean;
}

/** Older events beyond this are dropped from storage (not from the server): localStorage holds ~5 MB per origin. */
const MAX_SAVED_EVENTS = 200;
const EMPTY: SavedChat = { confirmedSeq: 0, events: [], outbox: [], open: false };

const storageKey = (botKey: string) => `parley.widget.v1.${botKey}`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isSeq = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

// localStorage is shared with the host page's own scripts, so what comes back is checked before it is used.
function isEvent(value: unknown): value is CustomerConversationEvent {
  if (!isRecord(value) || !isSeq(value.seq) || !isString(value.conversationId)) return false;
  if (value.type === 'status') return isString(value.status);
  const message = value.message;
  return (
    value.type === 'message' &&
    isRecord(message) &&
    isString(message.id) &&
    typeof message.text === 'string' &&
    ['customer', 'bot', 'operator'].includes(message.author as string) &&
    (message.quickReplies === undefined ||
      (Array.isArray(message.quickReplies) && message.quickReplies.every((r) => isRecord(r) && isString(r.label) && isString(r.value)))) &&
    (message.citations === undefined ||
      (Array.isArray(message.citations) &&
        message.citations.every(
          (c) => isRecord(c) && isSeq(c.number) && isString(c.title) && (c.url === undefined || typeof c.url === 'string'),
        )))
  );
}

function isSavedPost(value: unknown): value is SavedChat['outbox'][number] {
  if (!isRecord(value) || !isString(value.clientMessageId) || !isString(value.text)) return false;
  const quick = value.quickReply;
  return quick === undefined || (isRecord(quick) && isString(quick.messageId) && isString(quick.value));
}

export function loadChat(botKey: string): SavedChat {
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(storageKey(botKey)) ?? 'null');
  } catch {
    return { ...EMPTY };
  }
  if (!isRecord(raw)) return { ...EMPTY };
  const events = Array.isArray(raw.events) ? raw.events.filter(isEvent) : [];
  const complete = Array.isArray(raw.events) && events.length === raw.events.length;
  return {
    ...(isString(raw.visitorToken) ? { visitorToken: raw.visitorToken } : {}),
    ...(isString(raw.conversationId) ? { conversationId: raw.conversationId } : {}),
    // A damaged event list cannot back the saved seq: replay the whole conversation instead.
    confirmedSeq: complete && isSeq(raw.confirmedSeq) ? raw.confirmedSeq : 0,
    events: complete ? events : [],
    outbox: Array.isArray(raw.outbox) ? raw.outbox.filter(isSavedPost) : [],
    open: raw.open === true,
  };
}

/** Best effort: private modes and full storage throw, and then the widget still works for this page view. */
export function saveChat(botKey: string, chat: SavedChat): void {
  const events = chat.events.slice(-MAX_SAVED_EVENTS);
  const attempts: SavedChat[] = [
    { ...chat, events },
    // Too big for what is left of the quota: keep identity and unsent posts, and replay history from the start.
    { ...chat, events: [], confirmedSeq: 0 },
  ];
  for (const attempt of attempts) {
    try {
      localStorage.setItem(storageKey(botKey), JSON.stringify(attempt));
      return;
    } catch {
      // try the smaller record
    }
  }
}
