import type { AnswerDraftEvent, CustomerConversationEvent, CustomerViewMessage } from '@parley/protocol';

type BotMessage = Extract<CustomerViewMessage, { author: 'bot' }>;

/**
 * A bot answer as it is being written. streaming: more deltas may come · final: the logged bot message `message`
 * (same draftId) replaced it · dropped: it will never be finished (another bot message came first, it went
 * without a delta for too long, or the conversation was reset).
 */
export interface AnswerDraft {
  conversationId: string;
  draftId: string;
  /** Everything streamed so far (for `final`, the message's own text may differ: show `message.text`). */
  text: string;
  state: 'streaming' | 'final' | 'dropped';
  /** The logged message that replaced the draft, when `final`. */
  message?: BotMessage;
}

interface OpenDraft {
  conversationId: string;
  draftId: string;
  text: string;
  /** The highest logged seq shown when the draft began: only a bot message after it can end the draft. */
  afterSeq: number;
  lastDeltaAt: number;
}

/** A draft without a delta for this long is given up on: the server lost it without logging a message. */
export const DRAFT_STALE_MS = 30_000;
/** How many finished draft ids are remembered, so a delta that comes late does not start a ghost draft. */
const REMEMBERED_ENDED = 100;

/**
 * The rules of `answer:draft` with no socket or DOM in it, shared by the SDK and the widget: deltas accumulate
 * per draftId; a logged bot message with the same draftId finalises it; any other bot message logged after the
 * draft began drops it (its message will never come), as does `staleMs` without a delta. Drafts are never
 * logged or replayed, so a client that reloads starts with none, and a delta for a draft that has already ended
 * is ignored.
 */
export class AnswerDrafts {
  readonly #staleMs: number;
  readonly #open = new Map<string, OpenDraft>();
  readonly #ended = new Set<string>();

  constructor(options: { staleMs?: number } = {}) {
    this.#staleMs = options.staleMs ?? DRAFT_STALE_MS;
  }

  /**
   * Appends a delta. `lastSeq`: the highest logged seq this client has shown. Returns the draft as it stands, or
   * undefined when the delta is ignored (its draft has ended).
   */
  delta(event: AnswerDraftEvent, context: { lastSeq: number; now: number }): AnswerDraft | undefined {
    if (this.#ended.has(event.draftId)) return undefined;
    let draft = this.#open.get(event.draftId);
    if (!draft) {
      draft = { conversationId: event.conversationId, draftId: event.draftId, text: '', afterSeq: context.lastSeq, lastDeltaAt: 0 };
      this.#open.set(event.draftId, draft);
    }
    draft.text += event.delta;
    draft.lastDeltaAt = context.now;
    return view(draft, 'streaming');
  }

  /** A logged event was shown: the drafts it ends, the one it finalises first. */
  logged(event: CustomerConversationEvent): AnswerDraft[] {
    if (event.type !== 'message' || event.message.author !== 'bot') return [];
    const message = event.message;
    const ended: AnswerDraft[] = [];
    const own = message.draftId ? this.#open.get(message.draftId) : undefined;
    if (own) ended.push(this.#end(own, 'final', message));
    for (const draft of [...this.#open.values()])
      if (draft.conversationId === event.conversationId && event.seq > draft.afterSeq) ended.push(this.#end(draft, 'dropped'));
    if (message.draftId) this.#remember(message.draftId);
    return ended;
  }

  /** Drafts with no delta for `staleMs` by `now`, dropped. */
  expire(now: number): AnswerDraft[] {
    return [...this.#open.values()].filter((draft) => now - draft.lastDeltaAt >= this.#staleMs).map((draft) => this.#end(draft, 'dropped'));
  }

  /** When the oldest open draft goes stale (for a timer), or undefined when none is open. */
  nextExpiry(): number | undefined {
    const times = [...this.#open.values()].map((draft) => draft.lastDeltaAt + this.#staleMs);
    return times.length ? Math.min(...times) : undefined;
  }

  /** The drafts still being written, oldest first. */
  open(): AnswerDraft[] {
    return [...this.#open.values()].map((draft) => view(draft, 'streaming'));
  }

  /** The conversation is gone (or the client closes): every open draft is dropped. */
  clear(): AnswerDraft[] {
    return [...this.#open.values()].map((draft) => this.#end(draft, 'dropped'));
  }

  #end(draft: OpenDraft, state: 'final' | 'dropped', message?: BotMessage): AnswerDraft {
    this.#open.delete(draft.draftId);
    this.#remember(draft.draftId);
    return view(draft, state, message);
  }

  #remember(draftId: string): void {
    this.#ended.delete(draftId);
    this.#ended.add(draftId);
    if (this.#ended.size > REMEMBERED_ENDED) this.#ended.delete(this.#ended.values().next().value!);
  }
}

function view(draft: OpenDraft, state: AnswerDraft['state'], message?: BotMessage): AnswerDraft {
  return { conversationId: draft.conversationId, draftId: draft.draftId, text: draft.text, state, ...(message ? { message } : {}) };
}
