import type { AnswerDraftEvent, CustomerConversationEvent, CustomerViewMessage } from '@parley/protocol';
import { AnswerDrafts } from '@parley/client';
import { citationList } from './citation-list.ts';
import { el } from './dom.ts';
import type { OutgoingMessage } from './outbox.ts';
import type { WidgetStrings } from './strings.ts';

export interface MessageListActions {
  retry(clientMessageId: string): void;
  quickReply(messageId: string, label: string, value: string): void;
}

/** A streamed answer on screen: its bubble, and the text node its deltas are appended to. */
interface DraftBubble {
  node: HTMLElement;
  text: Text;
}

/**
 * The conversation as shown: logged events in seq order (a replay can deliver older events after newer live ones),
 * then the visitor's posts that have no seq yet and bot answers still being streamed (drafts), in the order they
 * came. Every text goes in through `el`, as text nodes.
 */
export class MessageList {
  readonly element: HTMLElement;
  /** Screen readers hear new messages from the other side through this polite live region. */
  readonly announcer: HTMLElement;
  readonly #strings: WidgetStrings;
  readonly #actions: MessageListActions;
  /** The visitor's own messages by clientMessageId, so an ack or the server's echo updates the bubble in place. */
  readonly #own = new Map<string, HTMLElement>();
  #drafts = new AnswerDrafts();
  readonly #draftBubbles = new Map<string, DraftBubble>();
  #draftTimer: ReturnType<typeof setTimeout> | undefined;
  /** The highest logged seq shown: a draft is ended only by a bot message logged after it began. */
  #lastSeq = 0;

  constructor(strings: WidgetStrings, actions: MessageListActions) {
    this.#strings = strings;
    this.#actions = actions;
    this.element = el('div', { class: 'log' });
    this.announcer = el('div', { class: 'sr', 'aria-live': 'polite', 'aria-atomic': 'false' });
    this.clear();
  }

  clear(): void {
    this.#own.clear();
    // Drafts belong to the conversation shown; a reset (another conversation) drops them all.
    this.#drafts = new AnswerDrafts();
    this.#draftBubbles.clear();
    clearTimeout(this.#draftTimer);
    this.#lastSeq = 0;
    this.element.replaceChildren(el('p', { class: 'greeting', 'data-seq': '0' }, this.#strings.greeting));
  }

  /** Shows a logged event; returns true when it is a message from the bot or an operator. */
  showEvent(event: CustomerConversationEvent, live: boolean): boolean {
    this.#lastSeq = Math.max(this.#lastSeq, event.seq);
    if (event.type === 'status') {
      const text =
        event.status === 'assigned' && event.operatorName ? this.#strings.joined(event.operatorName) : this.#strings.status[event.status];
      this.#place(el('p', { class: 'status' }, text), event.seq);
      if (live) this.#announce(text);
      return false;
    }
    const message = event.message;
    const mine = message.clientMessageId ? this.#own.get(message.clientMessageId) : undefined;
    if (mine) {
      this.#setState(mine, 'sent');
      this.#place(mine, event.seq);
      return false;
    }
    const node = this.#bubble(message);
    if (message.author === 'customer' && message.clientMessageId) this.#own.set(message.clientMessageId, node);
    this.#endDrafts(event, node);
    this.#place(node, event.seq);
    if (message.author === 'customer') return false;
    if (live) this.#announce(`${this.#who(message)}: ${message.text}`);
    return true;
  }

  /**
   * A piece of a bot answer being streamed: its bubble grows in place. Returns true when the delta started a new
   * bubble. The log is not a live region, so no delta is announced: the final message is, once, by `showEvent`.
   */
  showDraft(event: AnswerDraftEvent): boolean {
    const draft = this.#drafts.delta(event, { lastSeq: this.#lastSeq, now: Date.now() });
    if (!draft) return false;
    this.#watchDrafts();
    const shown = this.#draftBubbles.get(draft.draftId);
    if (shown) {
      shown.text.appendData(event.delta);
      this.scrollToEnd();
      return false;
    }
    const text = document.createTextNode(draft.text);
    const node = el(
      'div',
      { class: 'msg bot draft', 'aria-busy': 'true' },
      el('span', { class: 'who' }, this.#strings.bot),
      el('div', { class: 'bubble' }, text),
    );
    this.#draftBubbles.set(draft.draftId, { node, text });
    // Last: it answers the newest post, which the server acks (gives a seq) only once the answer is logged.
    this.element.append(node);
    this.scrollToEnd();
    return true;
  }

  /** A post of this page: new (sending), failed, or acked with its seq (sent). */
  showOutgoing(message: OutgoingMessage, seq?: number): void {
    let node = this.#own.get(message.clientMessageId);
    if (!node) {
      node = this.#bubble({ author: 'customer', text: message.text });
      this.#own.set(message.clientMessageId, node);
      this.element.append(node);
      this.scrollToEnd();
    }
    if (seq !== undefined) {
      this.#setState(node, 'sent');
      this.#place(node, seq);
    } else if (!node.dataset.seq) {
      this.#setState(node, message.state === 'failed' ? 'failed' : 'sending', message.clientMessageId);
    }
  }

  /**
   * A logged message ends drafts: its own (same draftId) is replaced by `node` where it stands, in the same task,
   * so no frame shows both or neither; other drafts begun before it will never be finished and go.
   */
  #endDrafts(event: CustomerConversationEvent, node: HTMLElement): void {
    const ended = this.#drafts.logged(event);
    for (const draft of ended) {
      const shown = this.#draftBubbles.get(draft.draftId);
      this.#draftBubbles.delete(draft.draftId);
      if (draft.state === 'final') shown?.node.replaceWith(node);
      else shown?.node.remove();
    }
    if (ended.length) this.#watchDrafts();
  }

  /** One timer for the draft that goes stale first: the server lost it without logging its message. */
  #watchDrafts(): void {
    clearTimeout(this.#draftTimer);
    const at = this.#drafts.nextExpiry();
    if (at === undefined) return;
    this.#draftTimer = setTimeout(
      () => {
        for (const draft of this.#drafts.expire(Date.now())) {
          this.#draftBubbles.get(draft.draftId)?.node.remove();
          this.#draftBubbles.delete(draft.draftId);
        }
        this.#watchDrafts();
      },
      Math.max(0, at - Date.now()),
    );
  }

  #who(message: Pick<CustomerViewMessage, 'author'> & { operatorName?: string }): string {
    if (message.author === 'customer') return this.#strings.you;
    if (message.author === 'bot') return this.#strings.bot;
    return message.operatorName || this.#strings.team;
  }

  #bubble(message: CustomerViewMessage | { author: 'customer'; text: string }): HTMLElement {
    const node = el('div', { class: `msg ${message.author}` });
    node.append(
      el('span', { class: message.author === 'customer' ? 'sr' : 'who' }, this.#who(message)),
      el('div', { class: 'bubble' }, message.text),
    );
    const sources = message.author === 'bot' ? citationList(message.citations, this.#strings) : undefined;
    if (sources) node.append(sources);
    if (message.author === 'bot' && message.quickReplies?.length) {
      const row = el('div', { class: 'replies' });
      for (const reply of message.quickReplies) {
        const button = el('button', { type: 'button' }, reply.label);
        button.addEventListener('click', () => {
          for (const b of row.querySelectorAll('button')) b.disabled = true;
          this.#actions.quickReply(message.id, reply.label, reply.value);
        });
        row.append(button);
      }
      node.append(row);
    }
    return node;
  }

  #setState(node: HTMLElement, state: 'sending' | 'sent' | 'failed', clientMessageId?: string): void {
    node.classList.remove('sending', 'failed');
    if (state !== 'sent') node.classList.add(state);
    const label = el('span', {}, this.#strings[state === 'failed' ? 'failed' : state]);
    const line = el('div', { class: 'state' }, label);
    if (state === 'failed' && clientMessageId) {
      const retry = el('button', { type: 'button', class: 'retry' }, this.#strings.retry);
      retry.addEventListener('click', () => this.#actions.retry(clientMessageId));
      line.append(retry);
    }
    node.querySelector('.state')?.remove();
    node.append(line);
  }

  /** Puts `node` before the first logged node with a higher seq, or before the posts still waiting for one. */
  #place(node: HTMLElement, seq: number): void {
    node.dataset.seq = String(seq);
    const next = [...this.element.children].find((child) => {
      if (child === node) return false;
      const other = (child as HTMLElement).dataset.seq;
      return other === undefined || Number(other) > seq;
    });
    this.element.insertBefore(node, next ?? null);
    this.scrollToEnd();
  }

  /**
   * Shows the newest message. Scrolling does nothing while the panel is hidden (nothing has a height), so the
   * view calls this again when the panel opens.
   */
  scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  #announce(text: string): void {
    this.announcer.textContent = text;
  }
}
