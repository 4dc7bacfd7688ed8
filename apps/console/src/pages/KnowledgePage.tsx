import { useEffect, useRef } from 'react';
import { fetchKnowledgeDocuments, fetchKnowledgeSources } from '../api/knowledge.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { AddSourceForm } from '../knowledge/AddSourceForm.tsx';
import { AskPanel } from '../knowledge/AskPanel.tsx';
import { DocumentList } from '../knowledge/DocumentList.tsx';
import { SourceList } from '../knowledge/SourceList.tsx';
import { UploadPanel } from '../knowledge/UploadPanel.tsx';
import { useLoad } from '../lib/use-load.ts';
import { usePollWhile } from '../lib/use-poll-while.ts';
import { useBots } from '../session/bot-context.ts';
import { useIsAdmin } from '../session/session-context.ts';

/** The documents the bot answers from: uploads, crawled sites, and a box to ask what it would answer. */
export function KnowledgePage() {
  const { bot } = useBots();
  if (!bot) return <EmptyState>This workspace has no bot yet.</EmptyState>;
  return <BotKnowledge key={bot.id} botId={bot.id} />;
}

function BotKnowledge({ botId }: { botId: string }) {
  const isAdmin = useIsAdmin();
  const documents = useLoad(() => fetchKnowledgeDocuments(botId), [botId]);
  const sources = useLoad(() => fetchKnowledgeSources(botId), [botId]);

  // Crawls run in the background: follow them (and the documents they add) until they settle.
  const crawling = sources.data?.sources.some(({ status }) => status === 'queued' || status === 'crawling') ?? false;
  const indexing = documents.data?.documents.some(({ status }) => status === 'queued') ?? false;
  usePollWhile(crawling || indexing, () => {
    documents.reload();
    if (crawling) sources.reload();
  });

  // The last poll of a crawl may precede the documents its final pages added.
  const wasCrawling = useRef(false);
  const reloadDocuments = documents.reload;
  useEffect(() => {
    if (wasCrawling.current && !crawling) reloadDocuments();
    wasCrawling.current = crawling;
  }, [crawling, reloadDocuments]);

  const documentList = documents.data?.documents ?? [];
  const sourceList = sources.data?.sources ?? [];
  return (
    <div className="knowledge-page">
      <h1>Knowledge</h1>
      <p className="muted">
        The bot answers customers’ questions from these documents and cites them. Ask below to see what it would answer.
      </p>
      {isAdmin ? (
        <div className="knowledge-add">
          <UploadPanel botId={botId} onStored={documents.reload} />
          <AddSourceForm
            botId={botId}
            onAdded={(source) => {
              sources.setData((data) => data && { sources: [source, ...data.sources.filter(({ id }) => id !== source.id)] });
              sources.reload();
            }}
          />
        </div>
      ) : (
        <p className="muted">Only admins can add or delete documents.</p>
      )}

      <section aria-labelledby="documents-title">
        <h2 id="documents-title">Documents</h2>
        <ErrorMessage error={documents.error} onRetry={documents.reload} />
        {documents.loading && !documents.data ? (
          <Loading what="documents" />
        ) : documents.data && documentList.length === 0 ? (
          <EmptyState>
            No documents yet.{' '}
            {isAdmin
              ? 'Upload your help articles or FAQ (Markdown, text, HTML or PDF), or add your help site from its URL: the bot then answers from them and cites them.'
              : 'An admin can upload help articles or add a help site; the bot then answers from them.'}
          </EmptyState>
        ) : (
          documents.data && (
            <DocumentList
              botId={botId}
              documents={documentList}
              editable={isAdmin}
              onDeleted={(documentId) => {
                documents.setData((data) => data && { documents: data.documents.filter(({ id }) => id !== documentId) });
                documents.reload();
              }}
            />
          )
        )}
      </section>

      <section aria-labelledby="sources-title">
        <h2 id="sources-title">Crawl sources</h2>
        <ErrorMessage error={sources.error} onRetry={sources.reload} />
        {sources.loading && !sources.data ? (
          <Loading what="crawl sources" />
        ) : sources.data && sourceList.length === 0 ? (
          <EmptyState>
            No sites are crawled.{' '}
            {isAdmin ? 'Add a page, a sitemap or a whole help site with “Add from URL”; it can re-sync on a schedule.' : ''}
          </EmptyState>
        ) : (
          sources.data && (
            <SourceList
              botId={botId}
              sources={sourceList}
              editable={isAdmin}
              onChanged={(source) => {
                sources.setData((data) => data && { sources: data.sources.map((s) => (s.id === source.id ? source : s)) });
                sources.reload();
              }}
              onDeleted={(sourceId) => {
                sources.setData((data) => data && { sources: data.sources.filter(({ id }) => id !== sourceId) });
                sources.reload();
                documents.reload();
              }}
            />
          )
        )}
      </section>

      <AskPanel botId={botId} />
    </div>
  );
}
