/** Messages one try may carry: the server's limit for an operator's preview. */
export const MAX_TRY_IT_MESSAGES = 20;

/** The messages typed into the Try-it box: one per non-blank line, trimmed; lines past the limit are counted, not sent. */
export function tryItMessages(text: string): { messages: string[]; dropped: number } {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return { messages: lines.slice(0, MAX_TRY_IT_MESSAGES), dropped: Math.max(0, lines.length - MAX_TRY_IT_MESSAGES) };
}

/** Whether two versions would treat a message differently: another decision, or another intent answered. */
export const decidesDifferently = (a: { decision: string; intent: string | null }, b: { decision: string; intent: string | null }) =>
  a.decision !== b.decision || a.intent !== b.intent;
