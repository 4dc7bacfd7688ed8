import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one server, served at /metrics. A registry per server keeps tests independent. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    messages: new Counter({
      name: 'parley_messages_total',
      help: 'Messages stored, by sender',
      labelNames: ['sender'] as const,
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'parley_bot_decisions_total',
      help: 'Bot turns by decision kind (answer, knowledge, clarify, fallback, handoff, muted, waiting)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    classifySeconds: new Histogram({
      name: 'parley_classify_seconds',
      help: 'Classification latency per message, batching wait included',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    turnSeconds: new Histogram({
      name: 'parley_turn_seconds',
      help: 'From a customer message arriving to the bot reply being sent',
      buckets: [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    knowledgeSeconds: new Histogram({
      name: 'parley_knowledge_answer_seconds',
      help: 'Knowledge base lookups of bot turns: retrieval, and the language model when the bot has one',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
      registers: [registry],
    }),
    sockets: new Gauge({
      name: 'parley_sockets',
      help: 'Open Socket.IO connections, by namespace',
      labelNames: ['namespace'] as const,
      registers: [registry],
    }),
    channelEvents: new Counter({
      name: 'parley_channel_events_total',
      help: 'Inbound channel events, by channel kind and outcome (processed, retrying, failed, duplicate, rejected)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    channelDeliveries: new Counter({
      name: 'parley_channel_deliveries_total',
      help: 'Replies delivered to channels, by channel kind and outcome (sent, failed, retrying)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'parley_rejected_total',
      help: 'Client events and requests refused, by error code',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
