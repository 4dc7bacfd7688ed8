/**
 * The embeddable widget: `<script src="https://BOT_SERVER/widget.js" data-bot="BOT_PUBLIC_KEY"></script>`.
 * Bundled into one IIFE by widget-bundle.ts; it leaves nothing on the page but its host element and `window.Parley`.
 */
import { ChatClient } from './chat-client.ts';
import { readScriptSettings, type WidgetSettings } from './script-settings.ts';
import { WidgetView } from './widget-view.ts';

interface ParleyApi {
  open(): void;
  close(): void;
}

declare global {
  interface Window {
    Parley?: ParleyApi;
  }
}

function start(settings: WidgetSettings): void {
  if (window.Parley) return;
  const view = new WidgetView(settings, {
    send: (text) => client.send(text),
    typing: (isTyping) => client.typing(isTyping),
    handoff: () => client.requestHandoff(),
    retry: (clientMessageId) => client.retry(clientMessageId),
    quickReply: (messageId, label, value) => client.sendQuickReply(messageId, label, value),
    openChanged: (open) => {
      client.setOpen(open);
      // A first-time visitor costs the server a visitor record only once they open the chat.
      if (open) client.start();
    },
  });
  // The view's callbacks run only after the visitor acts, by which time `client` exists.
  const client = new ChatClient({
    botKey: settings.botKey,
    serverOrigin: settings.serverOrigin,
    listener: {
      event: (event, live) => {
        if (view.messages.showEvent(event, live) && live) view.incoming();
      },
      outgoing: (message, seq) => view.messages.showOutgoing(message, seq),
      connection: (state) => view.setConnection(state),
      status: (status) => view.setStatus(status),
      typing: (event) => view.showTyping(event),
      draft: (event) => {
        if (view.messages.showDraft(event)) view.hideTyping();
      },
      reset: () => view.messages.clear(),
    },
  });
  view.mount();
  window.Parley = { open: () => view.open(), close: () => view.close() };
  if (client.returning) client.start();
  if (settings.startOpen || client.savedOpen) view.open();
}

// document.currentScript is only set while this script first runs, so the settings are read now; the body may
// not exist yet when the tag sits in <head>. A second copy of the script would draw a second launcher.
const settings = readScriptSettings();
if (settings && !window.Parley) {
  if (document.body) start(settings);
  else document.addEventListener('DOMContentLoaded', () => start(settings), { once: true });
}
