import { MAX_CRAWL_PAGES, type KnowledgeCrawlSource, type KnowledgeCrawlSourceBody } from '@parley/protocol';
import { useState, type FormEvent } from 'react';
import { addKnowledgeSource } from '../api/knowledge.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';

type CrawlKind = NonNullable<KnowledgeCrawlSourceBody['kind']>;

const KINDS: { kind: CrawlKind; label: string }[] = [
  { kind: 'page', label: 'This page only' },
  { kind: 'sitemap', label: 'The pages a sitemap lists' },
  { kind: 'site', label: 'The site: follow links on the same origin' },
];

const SCHEDULES: { hours: number | null; label: string }[] = [
  { hours: null, label: 'Only when I ask' },
  { hours: 24, label: 'Daily' },
  { hours: 24 * 7, label: 'Weekly' },
  { hours: 24 * 30, label: 'Every 30 days' },
];

/** Crawls a page, a sitemap or a site into the knowledge base, respecting robots.txt, and keeps it in sync. */
export function AddSourceForm({ botId, onAdded }: { botId: string; onAdded(source: KnowledgeCrawlSource): void }) {
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState<CrawlKind>('page');
  const [maxPages, setMaxPages] = useState(50);
  const [resyncEveryHours, setResyncEveryHours] = useState<number | null>(null);
  const { busy, error, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const { source } = await addKnowledgeSource(botId, {
        url: url.trim(),
        kind,
        maxPages: kind === 'page' ? 1 : maxPages,
        resyncEveryHours,
      });
      setUrl('');
      onAdded(source);
    });
  };

  return (
    <form className="stack add-source" onSubmit={submit} aria-labelledby="add-source-title">
      <h2 id="add-source-title">Add from URL</h2>
      <label>
        URL
        <input type="url" required value={url} placeholder="https://help.example.com/" onChange={(e) => setUrl(e.target.value)} />
      </label>
      <label>
        What to fetch
        <select value={kind} onChange={(e) => setKind(e.target.value as CrawlKind)}>
          {KINDS.map((option) => (
            <option key={option.kind} value={option.kind}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      {kind !== 'page' && (
        <label>
          Page limit
          <input
            type="number"
            min={1}
            max={MAX_CRAWL_PAGES}
            required
            value={maxPages}
            onChange={(e) => setMaxPages(Math.round(Number(e.target.value)))}
          />
        </label>
      )}
      <label>
        Re-sync
        <select value={resyncEveryHours ?? ''} onChange={(e) => setResyncEveryHours(e.target.value ? Number(e.target.value) : null)}>
          {SCHEDULES.map((option) => (
            <option key={option.label} value={option.hours ?? ''}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy || !url.trim()}>
          {busy ? 'Adding…' : 'Add source'}
        </button>
      </div>
    </form>
  );
}
