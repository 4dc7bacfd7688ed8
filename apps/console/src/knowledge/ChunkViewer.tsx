import type { KnowledgeDocumentInfo } from '@parley/protocol';
import { fetchKnowledgeChunks } from '../api/knowledge.ts';
import { Dialog } from '../components/Dialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { useLoad } from '../lib/use-load.ts';

/** The pieces a document was split into: exactly what retrieval searches and what answers quote. */
export function ChunkViewer({ botId, document, onClose }: { botId: string; document: KnowledgeDocumentInfo; onClose(): void }) {
  const chunks = useLoad(() => fetchKnowledgeChunks(botId, document.id), [botId, document.id]);
  return (
    <Dialog title={`Chunks of “${document.title}”`} onClose={onClose}>
      <ErrorMessage error={chunks.error} onRetry={chunks.reload} />
      {chunks.loading && !chunks.data ? (
        <Loading what="chunks" />
      ) : chunks.data && chunks.data.chunks.length === 0 ? (
        <EmptyState>
          {document.status === 'indexed' ? 'This document has no text to search.' : 'No chunks: the document is not indexed.'}
        </EmptyState>
      ) : (
        <ol className="chunk-list" aria-label="Chunks">
          {chunks.data?.chunks.map((chunk) => (
            <li key={chunk.id} className="chunk">
              <p className="event-meta muted">
                Chunk {chunk.ordinal + 1} · {chunk.language === 'zh' ? 'Chinese' : 'English'} · {chunk.text.length} characters
              </p>
              <p className="chunk-text">{chunk.text}</p>
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}
