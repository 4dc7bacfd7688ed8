import type { ReactNode } from 'react';
import { useAction } from '../lib/use-action.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { Dialog } from './Dialog.tsx';

interface Props {
  title: string;
  confirmLabel: string;
  onConfirm(): Promise<void>;
  onClose(): void;
  children: ReactNode;
}

/** "Are you sure?" for destructive actions; stays open with the server's message when the action fails. */
export function ConfirmDialog({ title, confirmLabel, onConfirm, onClose, children }: Props) {
  const { busy, error, run } = useAction();

  const confirm = () =>
    run(
      async () => {
        await onConfirm();
        onClose();
      },
      { keepBusy: true },
    );

  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-body">{children}</div>
      <ErrorMessage error={error} />
      <div className="dialog-actions">
        <button type="button" className="danger" onClick={confirm} disabled={busy} autoFocus>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
