import { useRef, type KeyboardEvent } from 'react';
import { INBOX_FILTERS, type InboxFilterId } from './inbox-filters.ts';

interface Props {
  filter: InboxFilterId;
  onChange(filter: InboxFilterId): void;
  panelId: string;
}

/** WAI-ARIA tabs: one tab stop, arrow keys move between the filters. */
export function InboxTabs({ filter, onChange, panelId }: Props) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + INBOX_FILTERS.length) % INBOX_FILTERS.length;
    onChange(INBOX_FILTERS[next]!.id);
    tabs.current[next]?.focus();
  };

  return (
    <div role="tablist" aria-label="Conversations" className="tabs">
      {INBOX_FILTERS.map(({ id, label }, index) => (
        <button
          key={id}
          ref={(element) => {
            tabs.current[index] = element;
          }}
          type="button"
          role="tab"
          id={`inbox-tab-${id}`}
          aria-selected={filter === id}
          aria-controls={panelId}
          tabIndex={filter === id ? 0 : -1}
          onClick={() => onChange(id)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
