import { useCallback, useState } from 'react';

export interface RunOptions {
  /** For actions that end by leaving the page or closing the dialog: the button stays disabled until it is gone. */
  keepBusy?: boolean;
}

export interface Action {
  busy: boolean;
  /** The last run's failure, shown next to the control that started it; cleared when the next run starts. */
  error: unknown;
  /** Runs `action` unless it throws, tracking busy and error; resolves to whether it succeeded. */
  run(action: () => Promise<void> | void, options?: RunOptions): Promise<boolean>;
}

/** The state of a button or form that calls the server: disabled while busy, the failure shown until the next try. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = useCallback(async (action: () => Promise<void> | void, { keepBusy = false }: RunOptions = {}) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (!keepBusy) setBusy(false);
      return true;
    } catch (failure) {
      setError(failure);
      setBusy(false);
      return false;
    }
  }, []);

  return { busy, error, run };
}
