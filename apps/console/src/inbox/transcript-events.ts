import type { OperatorConversationEvent } from '@parley/protocol';

/** Adds events to a transcript in seq order; replays and live events overlap after a reconnect, so seq de-duplicates. */
export function mergeEvents(current: OperatorConversationEvent[], incoming: OperatorConversationEvent[]): OperatorConversationEvent[] {
  const bySeq = new Map(current.map((event) => [event.seq, event]));
  let changed = false;
  for (const event of incoming) {
    if (bySeq.has(event.seq)) continue;
    bySeq.set(event.seq, event);
    changed = true;
  }
  if (!changed) return current;
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export interface CorrectedLabels {
  intent?: string;
  sentiment?: string;
}

/** The latest correction of each kind per message, so the chips can show what an operator said instead. */
export function correctionsByMessage(events: OperatorConversationEvent[]): Map<string, CorrectedLabels> {
  const corrections = new Map<string, CorrectedLabels>();
  for (const event of events) {
    if (event.type !== 'correction') continue;
    const labels = corrections.get(event.messageId) ?? {};
    if (event.kind === 'sentiment') labels.sentiment = event.label;
    else labels.intent = event.label;
    corrections.set(event.messageId, labels);
  }
  return corrections;
}

/** What the model said about each customer message (shaped like corrections), to tell a confirmation from a correction. */
export function modelLabelsByMessage(events: OperatorConversationEvent[]): Map<string, CorrectedLabels> {
  const labels = new Map<string, CorrectedLabels>();
  for (const event of events) {
    if (event.type !== 'message' || event.message.author !== 'customer' || !event.message.classification) continue;
    const { intent, sentiment } = event.message.classification;
    labels.set(event.message.id, { ...(intent ? { intent: intent.label } : {}), ...(sentiment ? { sentiment: sentiment.label } : {}) });
  }
  return labels;
}

/** Whether a correction keeps the model's own label: an operator confirming that the model was right. */
export function confirmsModel(
  modelLabels: Map<string, CorrectedLabels>,
  correction: Extract<OperatorConversationEvent, { type: 'correction' }>,
): boolean {
  if (correction.kind === 'new_intent') return false;
  return modelLabels.get(correction.messageId)?.[correction.kind] === correction.label;
}

/**
 * The customer messages whose model differs from the previous classified one's (the first one included): a
 * version on every message is noise, but where a promotion or roll back changed the answers is worth seeing.
 */
export function modelChangesByMessage(events: OperatorConversationEvent[]): Set<string> {
  const changes = new Set<string>();
  let previous: string | undefined;
  for (const event of events) {
    if (event.type !== 'message' || event.message.author !== 'customer' || !event.message.classification) continue;
    const { modelVersion } = event.message.classification;
    if (modelVersion !== previous) changes.add(event.message.id);
    previous = modelVersion;
  }
  return changes;
}
