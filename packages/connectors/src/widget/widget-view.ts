import type { ConversationStatus, CustomerTypingEvent } from '@parley/protocol';
import type { ConnectionState } from './chat-client.ts';
import { el } from './dom.ts';
import { MessageList, type MessageListActions } from './message-list.ts';
import type { WidgetSettings } from './script-settings.ts';
import { adoptStyles } from './styles.ts';

export interface WidgetActions extends MessageListActions {
  send(text: string): void;
  typing(isTyping: boolean): void;
  handoff(): Promise<boolean>;
  openChanged(open: boolean): void;
}

const CHAT_ICON =
  'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z';
/** An incoming typing indicator whose "stopped" never came (a dropped connection) goes away after this long. */
const TYPING_STALE_MS = 10_000;

function chatIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', CHAT_ICON);
  svg.append(path);
  return svg;
}

/**
 * The launcher button and the chat dialog, inside a shadow root on one host element appended to the page. All
 * state lives in ChatClient; this only draws it and reports what the visitor does.
 */
export class WidgetView {
  readonly messages: MessageList;
  readonly #settings: WidgetSettings;
  readonly #actions: WidgetActions;
  readonly #root = el('div', { class: 'root' });
  readonly #launcher: HTMLButtonElement;
  readonly #badge = el('span', { class: 'badge', 'aria-hidden': 'true' });
  readonly #panel: HTMLElement;
  readonly #banner = el('div', { class: 'banner', role: 'status' });
  readonly #typing = el('div', { class: 'typing', 'aria-hidden': 'true' });
  readonly #handoff: HTMLButtonElement;
  readonly #input: HTMLTextAreaElement;
  #unread = 0;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(settings: WidgetSettings, actions: WidgetActions) {
    this.#settings = settings;
    this.#actions = actions;
    const s = settings.strings;
    this.messages = new MessageList(s, actions);

    this.#launcher = el(
      'button',
      { type: 'button', class: 'launcher', 'aria-haspopup': 'dialog', 'aria-controls': 'parley-panel' },
      chatIcon(),
    );
    this.#launcher.append(this.#badge);
    this.#launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));

    const close = el('button', { type: 'button', class: 'close', 'aria-label': s.closeChat }, '×');
    close.addEventListener('click', () => this.close());
    const titleId = 'parley-title';
    const header = el('div', { class: 'header' }, el('h2', { class: 'title', id: titleId }, settings.title), close);

    this.#handoff = el('button', { type: 'button', class: 'handoff' }, s.talkToPerson);
    this.#handoff.addEventListener('click', () => void this.#requestHandoff());

    this.#input = el('textarea', { class: 'input', rows: '1', maxlength: '4000', 'aria-label': s.inputLabel, placeholder: s.placeholder });
    const form = el('form', { class: 'composer' }, this.#input, el('button', { type: 'submit', class: 'send' }, s.send));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.#input.addEventListener('keydown', (event) => {
      // isComposing: Enter that confirms an IME candidate (Chinese, Japanese input) must not send the message.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#submit();
      }
    });
    this.#input.addEventListener('input', () => actions.typing(this.#input.value.trim() !== ''));

    this.#panel = el(
      'div',
      { class: 'panel', id: 'parley-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': titleId },
      header,
      this.#banner,
      this.messages.element,
      this.#typing,
      el('div', { class: 'actions' }, this.#handoff),
      form,
    );
    this.#panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.close();
      }
    });
    this.#root.append(this.#launcher, this.#panel, this.messages.announcer);
    this.#render();
  }

  /** Adds the host element to the page; the returned element is the only node the widget adds outside its shadow root. */
  mount(): HTMLElement {
    const host = el('div', { 'data-parley-widget': '' });
    const shadow = host.attachShadow({ mode: 'open' });
    adoptStyles(shadow);
    shadow.append(this.#root);
    (document.body ?? document.documentElement).append(host);
    return host;
  }

  get isOpen(): boolean {
    return this.#root.classList.contains('open');
  }

  open(): void {
    if (this.isOpen) return;
    this.#root.classList.add('open');
    this.#unread = 0;
    this.#render();
    // History shown while the panel was hidden (a return visit) did not scroll, and no new event may come to.
    this.messages.scrollToEnd();
    this.#input.focus();
    this.#actions.openChanged(true);
  }

  close(): void {
    if (!this.isOpen) return;
    this.#root.classList.remove('open');
    this.#render();
    this.#launcher.focus();
    this.#actions.openChanged(false);
  }

  /** A message from the bot or an operator arrived live: counted on the launcher while the panel is closed. */
  incoming(): void {
    this.#clearTyping();
    if (this.isOpen) return;
    this.#unread++;
    this.#render();
  }

  setConnection(state: ConnectionState): void {
    const s = this.#settings.strings;
    this.#banner.hidden = state === 'online' || state === 'connecting';
    this.#banner.classList.toggle('error', state === 'unavailable');
    this.#banner.textContent = state === 'unavailable' ? s.unavailable : s.reconnecting;
  }

  setStatus(status: ConversationStatus): void {
    // Once a person is on the way or there, asking again does nothing.
    this.#handoff.hidden = status === 'waiting' || status === 'assigned';
  }

  showTyping(event: CustomerTypingEvent): void {
    clearTimeout(this.#typingTimer);
    if (!event.isTyping) return this.#clearTyping();
    const s = this.#settings.strings;
    this.#typing.textContent = event.author === 'operator' ? s.typing(event.operatorName || s.team) : s.botTyping;
    this.#typingTimer = setTimeout(() => this.#clearTyping(), TYPING_STALE_MS);
  }

  /** The answer the typing line stood for is now being shown as it is written. */
  hideTyping(): void {
    this.#clearTyping();
  }

  #clearTyping(): void {
    clearTimeout(this.#typingTimer);
    this.#typing.textContent = '';
  }

  #submit(): void {
    const text = this.#input.value.trim();
    if (!text) return;
    this.#input.value = '';
    this.#actions.send(text);
  }

  async #requestHandoff(): Promise<void> {
    this.#handoff.disabled = true;
    const ok = await this.#actions.handoff();
    this.#handoff.disabled = false;
    if (!ok) {
      this.#banner.hidden = false;
      this.#banner.textContent = this.#settings.strings.handoffFailed;
    }
  }

  #render(): void {
    const s = this.#settings.strings;
    const open = this.isOpen;
    this.#panel.hidden = !open;
    this.#launcher.setAttribute('aria-expanded', String(open));
    this.#launcher.setAttribute('aria-label', this.#unread ? `${s.openChat} (${s.unread(this.#unread)})` : open ? s.closeChat : s.openChat);
    this.#badge.hidden = this.#unread === 0;
    this.#badge.textContent = String(this.#unread);
  }
}
