import { scriptSafeJson } from './script-safe-json.ts';

/**
 * The demo chat page: one self-contained HTML document (no build step, no CDN) that talks to the `/customer`
 * namespace exactly as the widget will. Everything a server or customer wrote is rendered with textContent.
 * `nonce` must be fresh per response and match the page's Content-Security-Policy.
 */
export function demoPageHtml(input: { publicKey: string; nonce: string }): string {
  const nonce = input.nonce.replace(/[^A-Za-z0-9+/=]/g, '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley demo</title>
<style nonce="${nonce}">
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,sans-serif;background:#eef1f5;color:#1c2430;display:flex;justify-content:center}
main{width:100%;max-width:560px;height:100vh;display:flex;flex-direction:column;background:#fff;box-shadow:0 0 12px #0002}
header{padding:12px 16px;background:#2b4c7e;color:#fff;display:flex;justify-content:space-between;align-items:baseline}
header h1{font-size:17px;margin:0}
#state{font-size:12px;opacity:.85}
#log{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:8px}
.msg{max-width:80%;padding:8px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}
.customer{align-self:flex-end;background:#2b4c7e;color:#fff}
.bot,.operator{align-self:flex-start;background:#e6eaf0}
.operator{background:#fdf1d6}
.pending{opacity:.6}
.who{display:block;font-size:11px;opacity:.7}
.status{align-self:center;font-size:12px;color:#5b6675}
.replies{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.replies button{border:1px solid #2b4c7e;background:#fff;color:#2b4c7e;border-radius:14px;padding:4px 10px;cursor:pointer;font:inherit;font-size:13px}
.replies button:disabled{opacity:.5;cursor:default}
#typing{min-height:18px;padding:0 16px;font-size:12px;color:#5b6675}
form{display:flex;gap:8px;padding:12px;border-top:1px solid #dde2e8}
input{flex:1;padding:9px 12px;border:1px solid #c5ccd6;border-radius:18px;font:inherit}
form button{padding:9px 16px;border:0;border-radius:18px;background:#2b4c7e;color:#fff;font:inherit;cursor:pointer}
</style>
</head>
<body>
<main>
<header><h1>Parley demo</h1><span id="state">connecting…</span></header>
<div id="log" aria-live="polite"></div>
<div id="typing"></div>
<form id="send"><input id="text" autocomplete="off" maxlength="4000" placeholder="Ask about an order, a refund, your account…" aria-label="Message"><button>Send</button></form>
</main>
<script nonce="${nonce}" src="/socket.io/socket.io.min.js"></script>
<script nonce="${nonce}">
(function () {
  'use strict';
  var BOT_KEY = ${scriptSafeJson(input.publicKey)};
  var TOKEN = 'parley.demo.visitorToken.' + BOT_KEY;
  var CONVERSATION = 'parley.demo.conversationId.' + BOT_KEY;
  var STATUS_TEXT = { bot: 'You are chatting with the bot.', waiting: 'Waiting for a member of our team…', assigned: 'You are chatting with our team.', closed: 'This conversation is closed.' };
  var log = document.getElementById('log');
  var state = document.getElementById('state');
  var typing = document.getElementById('typing');
  var input = document.getElementById('text');
  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { if (v) localStorage.setItem(k, v); else localStorage.removeItem(k); } catch (e) {} }
  };
  var conversationId = store.get(CONVERSATION) || undefined;
  var lastSeq = 0;
  var seen = new Set();
  var pending = new Map();
  // Events that arrive between joining and the join's ack, before this page knows its conversation id.
  var early = [];

  function uuid() {
    if (window.crypto.randomUUID) return window.crypto.randomUUID();
    // randomUUID needs a secure context; plain http on a LAN address has only getRandomValues.
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function scrolled(node) { log.appendChild(node); log.scrollTop = log.scrollHeight; return node; }
  function line(cls, text) { var d = document.createElement('div'); d.className = cls; d.textContent = text; return scrolled(d); }
  function bubble(author, text, who) {
    var d = document.createElement('div');
    d.className = 'msg ' + author;
    if (who) { var w = document.createElement('span'); w.className = 'who'; w.textContent = who; d.appendChild(w); }
    d.appendChild(document.createTextNode(text));
    return scrolled(d);
  }
  function quickReplies(box, message) {
    var row = document.createElement('div');
    row.className = 'replies';
    message.quickReplies.forEach(function (reply) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = reply.label;
      b.addEventListener('click', function () {
        if (!conversationId) return;
        row.querySelectorAll('button').forEach(function (x) { x.disabled = true; });
        socket.emit('quick-reply:send', { conversationId: conversationId, clientMessageId: uuid(), messageId: message.id, value: reply.value }, function (ack) {
          if (!ack || !ack.ok) { row.querySelectorAll('button').forEach(function (x) { x.disabled = false; }); failed(ack); }
        });
      });
      row.appendChild(b);
    });
    box.appendChild(row);
  }
  function render(event) {
    if (seen.has(event.seq)) return;
    seen.add(event.seq);
    if (event.seq > lastSeq) lastSeq = event.seq;
    if (event.type === 'status') { line('status', STATUS_TEXT[event.status] || event.status); state.textContent = event.status; return; }
    if (event.type !== 'message') return;
    var m = event.message;
    var mine = m.clientMessageId && pending.get(m.clientMessageId);
    if (mine) { mine.classList.remove('pending'); pending.delete(m.clientMessageId); return; }
    var box = bubble(m.author, m.text, m.author === 'operator' ? m.operatorName : m.author === 'bot' ? 'Bot' : '');
    if (m.author === 'bot' && m.quickReplies && m.quickReplies.length) quickReplies(box, m);
  }
  function failed(ack) { line('status', 'Not sent: ' + (ack && ack.error ? ack.error.message : 'no answer from the server')); }

  var auth = { botKey: BOT_KEY };
  if (store.get(TOKEN)) auth.visitorToken = store.get(TOKEN);
  var socket = io('/customer', { auth: auth });

  function join() {
    var payload = conversationId ? { conversationId: conversationId, lastSeq: lastSeq } : { lastSeq: lastSeq };
    socket.emit('conversation:join', payload, function (ack) {
      if (!ack || !ack.ok) {
        // The stored conversation may belong to a visitor or database that no longer exists: start afresh.
        if (conversationId && ack && ack.error && (ack.error.code === 'not_found' || ack.error.code === 'unauthorized')) {
          conversationId = undefined; store.set(CONVERSATION, null); lastSeq = 0; seen.clear(); return join();
        }
        return failed(ack);
      }
      conversationId = ack.conversationId;
      store.set(CONVERSATION, conversationId);
      state.textContent = ack.status;
      ack.events.forEach(render);
      early.splice(0).forEach(function (e) { if (e.conversationId === conversationId) render(e); });
      if (ack.hasMore) join();
    });
  }

  socket.on('session', function (event) {
    store.set(TOKEN, event.visitorToken);
    socket.auth.visitorToken = event.visitorToken;
  });
  socket.on('connect', join);
  socket.on('disconnect', function () { state.textContent = 'reconnecting…'; });
  socket.on('connect_error', function () { state.textContent = 'cannot connect, retrying…'; });
  socket.on('conversation:event', function (event) {
    if (!conversationId) early.push(event);
    else if (event.conversationId === conversationId) render(event);
  });
  socket.on('typing', function (event) { typing.textContent = event.isTyping ? (event.operatorName || 'The bot') + ' is typing…' : ''; });
  socket.on('error', function (event) { line('status', 'Error: ' + (event && event.message)); });

  document.getElementById('send').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || !conversationId) return;
    var clientMessageId = uuid();
    pending.set(clientMessageId, bubble('customer pending', text, ''));
    input.value = '';
    socket.emit('message:send', { conversationId: conversationId, clientMessageId: clientMessageId, text: text }, function (ack) {
      var mine = pending.get(clientMessageId);
      if (ack && ack.ok) {
        seen.add(ack.seq);
        if (mine) { mine.classList.remove('pending'); pending.delete(clientMessageId); }
      } else {
        if (mine) mine.remove();
        pending.delete(clientMessageId);
        failed(ack);
      }
    });
  });
})();
</script>
</body>
</html>
`;
}
