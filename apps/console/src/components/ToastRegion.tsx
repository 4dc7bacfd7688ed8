import { useToasts } from './toast-context.ts';

/** Always in the page, so screen readers announce what is added to it. */
export function ToastRegion() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`}>
          <span>{toast.text}</span>
          <button type="button" onClick={() => dismiss(toast.id)} aria-label={`Dismiss: ${toast.text}`}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
