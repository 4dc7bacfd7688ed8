/** A post the visitor made that the server has not acknowledged yet. */
export interface OutgoingMessage {
  clientMessageId: string;
  /** What the visitor sees: the typed text, or the label of the pressed quick-reply button. */
  text: string;
  /** Set for a quick-reply press: the bot message that offered it and the value to send. */
  quickReply?: { messageId: string; value: string };
  /** queued: waits for a joined connection · in-flight: sent, no ack yet · failed: refused or timed out, retry by hand. */
  state: 'queued' | 'in-flight' | 'failed';
}

/** Unacknowledged posts in the order they were made. They keep their clientMessageId across retries and reloads. */
export class Outbox {
  readonly #messages: OutgoingMessage[] = [];

  constructor(saved: ReadonlyArray<Omit<OutgoingMessage, 'state'>> = []) {
    // After a reload nothing is in flight any more; a post that did reach the server is answered as a duplicate.
    for (const message of saved) this.#messages.push({ ...message, state: 'queued' });
  }

  all(): readonly OutgoingMessage[] {
    return this.#messages;
  }

  add(message: Omit<OutgoingMessage, 'state'>): OutgoingMessage {
    const added: OutgoingMessage = { ...message, state: 'queued' };
    this.#messages.push(added);
    return added;
  }

  find(clientMessageId: string): OutgoingMessage | undefined {
    return this.#messages.find((m) => m.clientMessageId === clientMessageId);
  }

  remove(clientMessageId: string): void {
    const index = this.#messages.findIndex((m) => m.clientMessageId === clientMessageId);
    if (index >= 0) this.#messages.splice(index, 1);
  }

  /** Posts whose ack can no longer come (the connection dropped): send them again after the next join. */
  requeueInFlight(): OutgoingMessage[] {
    const requeued = this.#messages.filter((m) => m.state === 'in-flight');
    for (const message of requeued) message.state = 'queued';
    return requeued;
  }
}
