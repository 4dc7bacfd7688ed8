import { Link } from 'react-router-dom';
import type { ReviewItem } from '@parley/protocol';
import { sentimentTone } from '../components/SentimentBadge.tsx';
import type { CorrectionTarget } from '../correction/correction-target.ts';
import { dateTime, humanize, percent } from '../lib/format.ts';

interface Props {
  item: ReviewItem;
  onCorrect(target: CorrectionTarget): void;
}

export function ReviewItemRow({ item, onCorrect }: Props) {
  const { conversationId, messageId, text, intent, sentiment, reasons, createdAt, modelVersion } = item;
  const target = (kind: 'intent' | 'sentiment'): CorrectionTarget => ({
    conversationId,
    messageId,
    text,
    kind,
    currentLabel: (kind === 'intent' ? intent?.label : sentiment?.label) ?? null,
    candidates: intent?.top,
  });

  return (
    <li className="review-item">
      <blockquote className="quoted-message">{text}</blockquote>
      <p className="reasons">
        {reasons.map((reason) => (
          <span key={reason} className={`reason reason-${reason}`}>
            {humanize(reason)}
          </span>
        ))}
      </p>
      <p className="chips">
        <button type="button" className="chip chip-intent" onClick={() => onCorrect(target('intent'))}>
          Intent: {intent ? `${intent.label} ${percent(intent.confidence)}` : 'none'}
          {intent?.outOfScope && ' (out of scope)'}
        </button>
        <button
          type="button"
          className={`chip chip-sentiment sentiment-${sentimentTone(sentiment?.label ?? '')}`}
          onClick={() => onCorrect(target('sentiment'))}
        >
          Sentiment: {sentiment ? `${sentiment.label} ${percent(sentiment.score)}` : 'none'}
        </button>
      </p>
      <p className="muted">
        {dateTime(createdAt)}
        {modelVersion && ` · model ${modelVersion}`} · <Link to={`/inbox/${conversationId}`}>Open conversation</Link>
      </p>
    </li>
  );
}
