import type { KnowledgeDocumentInfo } from '@parley/protocol';
import { useState } from 'react';
import { deleteKnowledgeDocument } from '../api/knowledge.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { citationHref } from '../lib/citation-link.ts';
import { dateTime } from '../lib/format.ts';
import { ChunkViewer } from './ChunkViewer.tsx';
import { DocumentStatus } from './DocumentStatus.tsx';

const SOURCE_TEXT: Record<KnowledgeDocumentInfo['source'], string> = { upload: 'Upload', url: 'Web crawl', api: 'API' };

interface Props {
  botId: string;
  documents: KnowledgeDocumentInfo[];
  editable: boolean;
  onDeleted(documentId: string): void;
}

export function DocumentList({ botId, documents, editable, onDeleted }: Props) {
  const [viewing, setViewing] = useState<KnowledgeDocumentInfo | null>(null);
  const [deleting, setDeleting] = useState<KnowledgeDocumentInfo | null>(null);

  return (
    <div className="table-scroll">
      <table className="data-table knowledge-documents">
        <caption className="visually-hidden">Documents</caption>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">Status</th>
            <th scope="col">Chunks</th>
            <th scope="col">Source</th>
            <th scope="col">Updated</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {documents.map((document) => {
            const href = citationHref(document.url);
            return (
              <tr key={document.id}>
                <th scope="row">
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {document.title}
                    </a>
                  ) : (
                    document.title
                  )}
                </th>
                <td>
                  <DocumentStatus document={document} />
                </td>
                <td>{document.chunkCount}</td>
                <td>{SOURCE_TEXT[document.source]}</td>
                <td>
                  <time dateTime={document.updatedAt}>{dateTime(document.updatedAt)}</time>
                </td>
                <td>
                  <div className="button-row">
                    <button type="button" onClick={() => setViewing(document)} aria-label={`Chunks of ${document.title}`}>
                      Chunks
                    </button>
                    {editable && (
                      <button
                        type="button"
                        className="danger"
                        onClick={() => setDeleting(document)}
                        aria-label={`Delete ${document.title}`}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {viewing && <ChunkViewer botId={botId} document={viewing} onClose={() => setViewing(null)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete this document?"
          confirmLabel="Delete document"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await deleteKnowledgeDocument(botId, deleting.id);
            onDeleted(deleting.id);
          }}
        >
          <p>
            “{deleting.title}” and its {deleting.chunkCount} chunks are removed, and the bot stops answering from it at once.
            {deleting.crawlSourceId && ' Its crawl source fetches it again on its next sync unless you delete the source.'}
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
