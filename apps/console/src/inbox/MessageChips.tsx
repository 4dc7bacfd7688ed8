import type { ClassificationSnapshot } from '@parley/protocol';
import { sentimentTone } from '../components/SentimentBadge.tsx';
import { percent } from '../lib/format.ts';
import type { CorrectedLabels } from './transcript-events.ts';

interface Props {
  classification: ClassificationSnapshot | null;
  corrected: CorrectedLabels | undefined;
  /** Whether this message's model differs from the previous message's; otherwise the version is only a tooltip. */
  modelChanged: boolean;
  onCorrect(kind: 'intent' | 'sentiment'): void;
}

/** What the classifier said about a customer message; each chip opens the correction dialog. */
export function MessageChips({ classification, corrected, modelChanged, onCorrect }: Props) {
  if (!classification) return <p className="chips muted">Not classified</p>;
  const { intent, sentiment, modelVersion } = classification;
  return (
    <p className="chips" title={`Classified by model ${modelVersion}`}>
      {intent && (
        <button
          type="button"
          className={intent.outOfScope ? 'chip chip-intent out-of-scope' : 'chip chip-intent'}
          onClick={() => onCorrect('intent')}
        >
          Intent: {intent.label} {percent(intent.confidence)}
          {intent.outOfScope && ' (out of scope)'}
        </button>
      )}
      {sentiment && (
        <button
          type="button"
          className={`chip chip-sentiment sentiment-${sentimentTone(sentiment.label)}`}
          onClick={() => onCorrect('sentiment')}
        >
          Sentiment: {sentiment.label} {percent(sentiment.score)}
        </button>
      )}
      {corrected?.intent && (
        <span className="corrected">
          {corrected.intent === intent?.label ? `Intent confirmed as ${corrected.intent}` : `Intent corrected to ${corrected.intent}`}
        </span>
      )}
      {corrected?.sentiment && (
        <span className="corrected">
          {corrected.sentiment === sentiment?.label
            ? `Sentiment confirmed as ${corrected.sentiment}`
            : `Sentiment corrected to ${corrected.sentiment}`}
        </span>
      )}
      {modelChanged && <span className="muted model-version">model {modelVersion}</span>}
    </p>
  );
}
