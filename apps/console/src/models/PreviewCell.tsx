import type { PreviewResult } from '@parley/protocol';
import { CitationList } from '../components/CitationList.tsx';
import { humanize, percent } from '../lib/format.ts';

const DECISION_NAMES: Record<PreviewResult['decision'], string> = {
  answer: 'Answer',
  knowledge: 'Knowledge answer',
  clarify: 'Clarify',
  fallback: 'Fallback',
  handoff: 'Handoff',
  smalltalk: 'Small talk',
};

interface Props {
  result: PreviewResult;
  /** Set in the compared version's column when it decides otherwise than the live model. */
  changed?: boolean;
}

/** One version's decision on one message: what it does and why, the model's intent, and what the customer would read. */
export function PreviewCell({ result, changed = false }: Props) {
  const intent = result.classification.intent;
  // A handoff says why it hands over; a fallback what the bot failed at.
  const why = result.reason ?? result.cause;
  return (
    <div className="preview-cell">
      <p>
        <strong className={`decision decision-${result.decision}`}>{DECISION_NAMES[result.decision]}</strong>
        {why && <span className="muted"> ({humanize(why)})</span>}
        {changed && <span className="changed-badge">Changed</span>}
      </p>
      <p className="muted">
        {intent ? `Intent: ${intent.label} ${percent(intent.confidence)}${intent.outOfScope ? ' (out of scope)' : ''}` : 'No intent'}
      </p>
      <blockquote className="preview-reply">{result.reply.text}</blockquote>
      {result.reply.citations && <CitationList citations={result.reply.citations} />}
      {result.reply.quickReplies && (
        <p className="muted">Quick replies: {result.reply.quickReplies.map((reply) => reply.label).join(', ')}</p>
      )}
    </div>
  );
}
