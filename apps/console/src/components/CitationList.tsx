import type { Citation } from '@parley/protocol';
import { citationHref } from '../lib/citation-link.ts';

/** The sources of a knowledge answer, under it: links where the source has a web address, plain titles otherwise. */
export function CitationList({ citations }: { citations: readonly Citation[] }) {
  if (citations.length === 0) return null;
  return (
    <ol className="citations" aria-label="Sources">
      {citations.map((citation) => {
        const href = citationHref(citation.url);
        return (
          <li key={citation.number} value={citation.number}>
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer">
                {citation.title}
              </a>
            ) : (
              <span>{citation.title}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
