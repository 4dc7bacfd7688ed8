import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';
import { emitAck } from '../realtime/operator-socket.ts';
import { useSocket } from '../realtime/socket-context.ts';

interface Props {
  conversationId: string;
  event: 'message:send' | 'note:add';
  label: string;
  submitLabel: string;
  className?: string;
  hint?: string;
  onTyping?(isTyping: boolean): void;
  /** Text put into the box for the operator to edit before sending (a suggested reply); a new object each time. */
  prefill?: { text: string } | null;
  /** More buttons beside the submit button. */
  tools?: ReactNode;
}

/**
 * A reply or an internal note. Enter sends, Shift+Enter adds a line. The clientMessageId stays the same until the
 * text changes or is sent, so retrying after a timeout cannot post twice.
 */
export function TextComposer({ conversationId, event, label, submitLabel, className, hint, onTyping, prefill, tools }: Props) {
  const { socket } = useSocket();
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
  const pending = useRef<{ text: string; clientMessageId: string } | null>(null);
  const hintId = useId();
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!prefill) return;
    setText(prefill.text);
    box.current?.focus();
  }, [prefill]);

  const send = async () => {
    const trimmed = text.trim();
    if (!trimmed || busy) return;
    if (pending.current?.text !== trimmed) pending.current = { text: trimmed, clientMessageId: crypto.randomUUID() };
    const { clientMessageId } = pending.current;
    await run(async () => {
      await emitAck(socket, event, { conversationId, clientMessageId, text: trimmed });
      pending.current = null;
      setText('');
      onTyping?.(false);
    });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <form className={`composer ${className ?? ''}`} onSubmit={onSubmit}>
      <label>
        {label}
        <textarea
          ref={box}
          value={text}
          // A suggested reply runs to several lines: show it whole, up to a point.
          rows={Math.min(8, Math.max(2, text.split('\n').length))}
          maxLength={4000}
          aria-describedby={hint ? hintId : undefined}
          onChange={(e) => {
            setText(e.target.value);
            onTyping?.(e.target.value.length > 0);
          }}
          onBlur={() => onTyping?.(false)}
          onKeyDown={onKeyDown}
        />
      </label>
      {hint && (
        <p id={hintId} className="muted hint">
          {hint}
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy || !text.trim()}>
          {busy ? 'Sending…' : error ? `Retry: ${submitLabel}` : submitLabel}
        </button>
        {tools}
      </div>
    </form>
  );
}
