import { useEffect, useRef } from 'react';

/** Calls `poll` every `intervalMs` for as long as `active` holds: for work the server finishes in the background. */
export function usePollWhile(active: boolean, poll: () => void, intervalMs = 2_000): void {
  const latest = useRef(poll);
  useEffect(() => {
    latest.current = poll;
  });
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
}
