import { useState } from 'react';
import { fetchReviewQueue } from '../api/review.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { useToasts } from '../components/toast-context.ts';
import { CorrectionDialog } from '../correction/CorrectionDialog.tsx';
import type { CorrectionTarget } from '../correction/correction-target.ts';
import { useLoad } from '../lib/use-load.ts';
import { ReviewItemRow } from '../review/ReviewItemRow.tsx';
import { useBots } from '../session/bot-context.ts';

/** Customer messages not yet corrected, the ones most worth a look first. */
export function ReviewPage() {
  const { bot } = useBots();
  const { notify } = useToasts();
  const botId = bot?.id ?? null;
  const queue = useLoad(() => (botId ? fetchReviewQueue(botId) : Promise.resolve({ items: [] })), [botId]);
  const [correcting, setCorrecting] = useState<CorrectionTarget | null>(null);
  const items = queue.data?.items ?? [];

  return (
    <section>
      <h1>Review queue</h1>
      <p className="muted">Low-confidence, out-of-scope, handed-off and negative messages. Correcting one teaches the next model.</p>
      <ErrorMessage error={queue.error} onRetry={queue.reload} />
      {queue.loading && !queue.data ? (
        <Loading what="the review queue" />
      ) : queue.data && items.length === 0 ? (
        <EmptyState>Nothing to review. Every recent message has been checked.</EmptyState>
      ) : (
        <ul className="review-list">
          {items.map((item) => (
            <ReviewItemRow key={item.messageId} item={item} onCorrect={setCorrecting} />
          ))}
        </ul>
      )}
      {correcting && (
        <CorrectionDialog
          botId={botId}
          target={correcting}
          onClose={() => setCorrecting(null)}
          onCorrected={(label) => {
            notify(`Correction saved: ${label}`);
            queue.setData((data) => data && { items: data.items.filter(({ messageId }) => messageId !== correcting.messageId) });
          }}
        />
      )}
    </section>
  );
}
