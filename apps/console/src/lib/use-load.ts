import { useCallback, useEffect, useState, type DependencyList } from 'react';

export interface Loaded<Data> {
  data: Data | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Local edits after a successful mutation, without a round trip. */
  setData(update: (data: Data | undefined) => Data | undefined): void;
}

/** Runs `load` when `deps` change (and on `reload()`), ignoring answers that arrive after a newer request. */
export function useLoad<Data>(load: () => Promise<Data>, deps: DependencyList): Loaded<Data> {
  const [data, setDataState] = useState<Data>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    load().then(
      (result) => {
        if (!current) return;
        setDataState(result);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // The caller's deps decide when to reload, as with useEffect.
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const setData = useCallback((update: (data: Data | undefined) => Data | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}
