import type { CustomerConversationEvent } from '@parley/protocol';

/**
 * The protocol's resume bookkeeping for one conversation, with no socket in it, so it can be tested alone.
 *
 * - `confirmedSeq` is what the next `conversation:join` sends as `lastSeq`: every event up to it is in hand.
 * - Live events that come while a join is in flight are held back: the join's replay may still hold older
 *   ones. When the last page (`hasMore: false`) arrives, the replay and the held events are released together
 *   in seq order, and only then do the held events confirm anything. While pages remain, only the page's own
 *   events confirm, so paging never skips past events that live ones overtook.
 * - Each seq is released once, in ascending order (seq gaps are legal: customers never see notes).
 */
export class CustomerEventLog {
  #conversationId: string | undefined;
  #confirmedSeq = 0;
  #releasedSeq = 0;
  /** Live events held back while a join is in flight (or before the first join told us the conversation). */
  #held: CustomerConversationEvent[] = [];
  #joining = false;

  get conversationId(): string | undefined {
    return this.#conversationId;
  }

  get confirmedSeq(): number {
    return this.#confirmedSeq;
  }

  /** The highest seq released to the caller. */
  get lastSeq(): number {
    return this.#releasedSeq;
  }

  /** A join is about to be sent: what it should ask for. */
  beginJoin(): { conversationId?: string; lastSeq: number } {
    this.#joining = true;
    return this.#conversationId ? { conversationId: this.#conversationId, lastSeq: this.#confirmedSeq } : { lastSeq: this.#confirmedSeq };
  }

  /** A live `conversation:event`: the events to deliver now (none while a join is in flight). */
  live(event: CustomerConversationEvent): CustomerConversationEvent[] {
    if (this.#joining || this.#conversationId === undefined) {
      this.#held.push(event);
      return [];
    }
    if (event.conversationId !== this.#conversationId) return [];
    const released = this.#release([event]);
    this.#confirmedSeq = Math.max(this.#confirmedSeq, event.seq);
    return released;
  }

  /**
   * A join was acked with one page of replay. Returns the events to deliver, in seq order, and whether the next
   * page must be asked for (a join is then still in flight).
   */
  joined(page: { conversationId: string; events: readonly CustomerConversationEvent[]; hasMore: boolean }): CustomerConversationEvent[] {
    if (this.#conversationId !== undefined && page.conversationId !== this.#conversationId) this.reset();
    this.#conversationId = page.conversationId;
    const replay = page.events.filter((event) => event.conversationId === page.conversationId);
    this.#confirmedSeq = Math.max(this.#confirmedSeq, ...replay.map((event) => event.seq));
    if (page.hasMore) return this.#release(replay);
    const held = this.#held.filter((event) => event.conversationId === page.conversationId);
    this.#confirmedSeq = Math.max(this.#confirmedSeq, ...held.map((event) => event.seq));
    this.#held = [];
    this.#joining = false;
    return this.#release([...replay, ...held]);
  }

  /** The join failed or the connection dropped: held events confirm nothing; the next join asks again. */
  abandonJoin(): void {
    this.#joining = false;
    this.#held = [];
  }

  /** Forget the conversation (it is gone): the next join starts a new one. */
  reset(): void {
    this.#conversationId = undefined;
    this.#confirmedSeq = 0;
    this.#releasedSeq = 0;
    this.#held = [];
  }

  #release(events: readonly CustomerConversationEvent[]): CustomerConversationEvent[] {
    const out: CustomerConversationEvent[] = [];
    for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
      if (event.seq <= this.#releasedSeq) continue;
      this.#releasedSeq = event.seq;
      out.push(event);
    }
    return out;
  }
}
