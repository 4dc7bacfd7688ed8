import type { CustomerConversationEvent } from '@parley/protocol';

/**
 * The conversation log as this page holds it, with the protocol's resume bookkeeping. `confirmedSeq` only moves
 * when a join is acked. While replay pages remain (`hasMore`), only the page's own events confirm: the next page
 * is asked for from there, and live events may have overtaken the rest of the replay. When the last page is
 * acked, every event up to the highest seq of its replay, and of the live events that came while the join (all
 * its pages) was in flight, is in hand. Live events on their own confirm nothing (the replay may still hold
 * older ones, and seq gaps are legal), so the next join asks again from the last confirmed seq and duplicates
 * are dropped by seq.
 */
export class EventLog {
  readonly #bySeq = new Map<number, CustomerConversationEvent>();
  #confirmedSeq: number;
  /** Seqs of live events received since the pending join (its first page) was sent; undefined while none is pending. */
  #liveDuringJoin: number[] | undefined;

  constructor(events: readonly CustomerConversationEvent[] = [], confirmedSeq = 0) {
    for (const event of events) this.#bySeq.set(event.seq, event);
    this.#confirmedSeq = confirmedSeq;
  }

  get confirmedSeq(): number {
    return this.#confirmedSeq;
  }

  /** The events in seq order. */
  events(): CustomerConversationEvent[] {
    return [...this.#bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Records an event; false when its seq was already known, so the caller shows it only once. */
  add(event: CustomerConversationEvent, live: boolean): boolean {
    if (live) this.#liveDuringJoin?.push(event.seq);
    if (this.#bySeq.has(event.seq)) return false;
    this.#bySeq.set(event.seq, event);
    return true;
  }

  /** A join (or the next page of one) is about to be sent; returns the seq to send as its `lastSeq`. */
  beginJoin(): number {
    this.#liveDuringJoin ??= [];
    return this.#confirmedSeq;
  }

  /** The join was acked and its replay `add`ed; `hasMore`: more pages remain, and the join is still pending. */
  finishJoin(replayed: readonly CustomerConversationEvent[], hasMore: boolean): void {
    this.#confirmedSeq = Math.max(this.#confirmedSeq, ...replayed.map((e) => e.seq));
    if (hasMore) return;
    this.#confirmedSeq = Math.max(this.#confirmedSeq, ...(this.#liveDuringJoin ?? []));
    this.#liveDuringJoin = undefined;
  }

  /** The join failed or the connection dropped: live events seen meanwhile must not confirm anything later. */
  abandonJoin(): void {
    this.#liveDuringJoin = undefined;
  }

  clear(): void {
    this.#bySeq.clear();
    this.#confirmedSeq = 0;
    this.#liveDuringJoin = undefined;
  }
}
