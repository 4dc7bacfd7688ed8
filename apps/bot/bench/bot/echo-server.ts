/**
 * The limit: a bare Socket.IO server that speaks just enough of the /customer protocol for the benchmark's
 * clients (session, conversation:join, message:send) and answers every message at once, with no database, no
 * model, no validation. It sends what Parley sends per turn (the customer's message echoed, a bot reply, the
 * ack: three packets of about the same size), so Parley's msg/s over this server's, with the same clients on
 * the same machine in the same run, says how much of the ceiling the bot's own work leaves.
 *
 * Run as a child process (`node --import tsx bench/bot/echo-server.ts`); prints `echo listening on PORT`.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

interface SendPayload {
  conversationId: string;
  clientMessageId: string;
  text: string;
}
type Ack = (result: unknown) => void;

const http = createServer((_req, res) => res.writeHead(404).end());
const io = new Server(http, { transports: ['websocket'], serveClient: false });

io.of('/customer').on('connection', (socket) => {
  const conversationId = randomUUID();
  let seq = 0;
  setImmediate(() => socket.emit('session', { visitorToken: randomUUID() }));
  void socket.join(conversationId);
  socket.on('conversation:join', (_payload: unknown, ack: Ack) => {
    ack({ ok: true, conversationId, status: 'bot', events: [], hasMore: false });
  });
  socket.on('message:send', (payload: SendPayload, ack: Ack) => {
    const at = new Date().toISOString();
    const customer = { id: randomUUID(), seq: ++seq };
    const bot = { id: randomUUID(), seq: ++seq };
    const room = io.of('/customer').to(conversationId);
    room.emit('conversation:event', {
      conversationId,
      seq: customer.seq,
      at,
      type: 'message',
      message: { id: customer.id, author: 'customer', text: payload.text, clientMessageId: payload.clientMessageId },
    });
    room.emit('conversation:event', {
      conversationId,
      seq: bot.seq,
      at,
      type: 'message',
      message: { id: bot.id, author: 'bot', text: `You said: ${payload.text.slice(0, 80)}`, quickReplies: [] },
    });
    ack({ ok: true, id: customer.id, seq: customer.seq, duplicate: false });
  });
});

http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  console.log(`echo listening on ${typeof address === 'object' && address ? address.port : address}`);
});
process.on('SIGTERM', () => {
  void io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
