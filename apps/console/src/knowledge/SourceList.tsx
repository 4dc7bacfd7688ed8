import type { KnowledgeCrawlSource } from '@parley/protocol';
import { useState } from 'react';
import { deleteKnowledgeSource, syncKnowledgeSource } from '../api/knowledge.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { citationHref } from '../lib/citation-link.ts';
import { dateTime } from '../lib/format.ts';
import { useAction } from '../lib/use-action.ts';

const STATUS_TEXT: Record<KnowledgeCrawlSource['status'], string> = {
  queued: 'Queued',
  crawling: 'Crawling…',
  synced: 'Synced',
  failed: 'Failed',
};

const KIND_TEXT: Record<KnowledgeCrawlSource['kind'], string> = { page: 'Page', sitemap: 'Sitemap', site: 'Site' };

interface Props {
  botId: string;
  sources: KnowledgeCrawlSource[];
  editable: boolean;
  onChanged(source: KnowledgeCrawlSource): void;
  onDeleted(sourceId: string): void;
}

export function SourceList({ botId, sources, editable, onChanged, onDeleted }: Props) {
  const [deleting, setDeleting] = useState<KnowledgeCrawlSource | null>(null);
  return (
    <div className="table-scroll">
      <table className="data-table knowledge-sources">
        <caption className="visually-hidden">Crawl sources</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Status</th>
            <th scope="col">Pages</th>
            <th scope="col">Last sync</th>
            <th scope="col">Next sync</th>
            {editable && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <SourceRow
              key={source.id}
              botId={botId}
              source={source}
              editable={editable}
              onChanged={onChanged}
              onDelete={() => setDeleting(source)}
            />
          ))}
        </tbody>
      </table>
      {deleting && (
        <ConfirmDialog
          title="Delete this source?"
          confirmLabel="Delete source and its documents"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await deleteKnowledgeSource(botId, deleting.id);
            onDeleted(deleting.id);
          }}
        >
          <p>
            {deleting.url} is no longer crawled, and the {deleting.pagesFound} documents it fetched are deleted: the bot stops answering
            from them at once.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

interface RowProps {
  botId: string;
  source: KnowledgeCrawlSource;
  editable: boolean;
  onChanged(source: KnowledgeCrawlSource): void;
  onDelete(): void;
}

function SourceRow({ botId, source, editable, onChanged, onDelete }: RowProps) {
  const sync = useAction();
  const href = citationHref(source.url);
  const running = source.status === 'queued' || source.status === 'crawling';
  return (
    <tr>
      <th scope="row">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {source.url}
          </a>
        ) : (
          source.url
        )}{' '}
        <span className="muted">
          ({KIND_TEXT[source.kind]}
          {source.kind !== 'page' && `, up to ${source.maxPages} pages`})
        </span>
      </th>
      <td>
        <span className={`status crawl-${source.status}`}>{STATUS_TEXT[source.status]}</span>
        {source.error && <span className="failure-reason">{source.error}</span>}
      </td>
      <td>
        {source.pagesFound}
        {source.pagesSkipped > 0 && <span className="muted"> ({source.pagesSkipped} skipped)</span>}
      </td>
      <td>{source.lastSyncedAt ? <time dateTime={source.lastSyncedAt}>{dateTime(source.lastSyncedAt)}</time> : 'Never'}</td>
      <td>
        {source.nextSyncAt ? (
          <time dateTime={source.nextSyncAt}>{dateTime(source.nextSyncAt)}</time>
        ) : source.resyncEveryHours === null ? (
          'On demand'
        ) : (
          '—'
        )}
      </td>
      {editable && (
        <td>
          <div className="button-row">
            <button
              type="button"
              disabled={sync.busy || running}
              onClick={() => void sync.run(async () => onChanged((await syncKnowledgeSource(botId, source.id)).source))}
              aria-label={`Re-sync ${source.url} now`}
            >
              {sync.busy ? 'Queuing…' : 'Re-sync now'}
            </button>
            <button type="button" className="danger" onClick={onDelete} aria-label={`Delete ${source.url}`}>
              Delete
            </button>
          </div>
          <ErrorMessage error={sync.error} />
        </td>
      )}
    </tr>
  );
}
