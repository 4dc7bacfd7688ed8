import type { SentimentSnapshot } from '@parley/protocol';
import { percent } from '../lib/format.ts';

/** Colour for a glance, the label in words for everyone else. */
export function SentimentBadge({ sentiment }: { sentiment: SentimentSnapshot | null }) {
  if (!sentiment) return <span className="sentiment sentiment-unknown">sentiment unknown</span>;
  return (
    <span
      className={`sentiment sentiment-${sentimentTone(sentiment.label)}`}
      title={`Sentiment ${sentiment.label}, ${percent(sentiment.score)}`}
    >
      <span aria-hidden="true" className="sentiment-dot" />
      {sentiment.label}
    </span>
  );
}

export function sentimentTone(label: string): 'negative' | 'positive' | 'neutral' {
  if (/neg|angry|frustrat/i.test(label)) return 'negative';
  if (/pos|happy|satisf/i.test(label)) return 'positive';
  return 'neutral';
}
