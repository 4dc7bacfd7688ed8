import type { KnowledgeDocumentInfo } from '@parley/protocol';

const STATUS_TEXT: Record<KnowledgeDocumentInfo['status'], string> = {
  queued: 'Queued',
  indexed: 'Indexed',
  failed: 'Failed',
};

/** Whether the bot can answer from a document yet, and if indexing failed, why. */
export function DocumentStatus({ document }: { document: Pick<KnowledgeDocumentInfo, 'status' | 'error'> }) {
  return (
    <span className="document-status">
      <span className={`status knowledge-${document.status}`}>{STATUS_TEXT[document.status]}</span>
      {document.status === 'failed' && document.error && <span className="failure-reason">{document.error}</span>}
    </span>
  );
}
