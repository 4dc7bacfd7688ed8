import type { KnowledgeDocumentInfo } from '@parley/protocol';
import { useId, useState, type DragEvent } from 'react';
import { errorMessage } from '../api/api-error.ts';
import { addKnowledgeDocument } from '../api/knowledge.ts';
import { DocumentStatus } from './DocumentStatus.tsx';
import { ACCEPTED_FILES, uploadBody } from './upload-body.ts';

/** One file's upload, from the moment it is picked. */
type UploadResult =
  | { key: string; name: string; state: 'sending' }
  | { key: string; name: string; state: 'stored'; document: KnowledgeDocumentInfo }
  | { key: string; name: string; state: 'refused'; error: string };

/**
 * Adds files to the knowledge base: picked or dropped, several at once, each sent on its own (the server indexes
 * a document before it answers) and each with its own result, so one bad file does not hide the others.
 */
export function UploadPanel({ botId, onStored }: { botId: string; onStored(document: KnowledgeDocumentInfo): void }) {
  const [results, setResults] = useState<UploadResult[]>([]);
  const [dragging, setDragging] = useState(false);
  const hintId = useId();

  const update = (key: string, next: UploadResult) =>
    setResults((current) => current.map((result) => (result.key === key ? next : result)));

  const upload = async (files: File[]) => {
    const batch = files.map((file) => ({ file, key: crypto.randomUUID() }));
    setResults((current) => [...batch.map(({ file, key }) => ({ key, name: file.name, state: 'sending' as const })), ...current]);
    for (const { file, key } of batch) {
      try {
        const { document } = await addKnowledgeDocument(botId, await uploadBody(file));
        update(key, { key, name: file.name, state: 'stored', document });
        onStored(document);
      } catch (failure) {
        update(key, { key, name: file.name, state: 'refused', error: errorMessage(failure) });
      }
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length) void upload(files);
  };

  return (
    <section className="knowledge-upload" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload documents</h2>
      <div
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label>
          Choose files
          <input
            type="file"
            multiple
            accept={ACCEPTED_FILES}
            aria-describedby={hintId}
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              if (files.length) void upload(files);
            }}
          />
        </label>
        <p id={hintId} className="muted hint">
          Or drop them here. Markdown, text, HTML or PDF (a PDF needs a text layer: scanned pages have no text to search).
        </p>
      </div>
      {results.length > 0 && (
        <ul className="upload-results" aria-label="Uploads">
          {results.map((result) => (
            <li key={result.key}>
              <strong>{result.name}</strong>{' '}
              {result.state === 'sending' ? (
                <span role="status">Uploading and indexing…</span>
              ) : result.state === 'stored' ? (
                <>
                  <DocumentStatus document={result.document} />{' '}
                  {result.document.status === 'indexed' && <span className="muted">{result.document.chunkCount} chunks</span>}
                </>
              ) : (
                <span className="error-text" role="alert">
                  {result.error}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
