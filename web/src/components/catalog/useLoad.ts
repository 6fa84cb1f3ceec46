/** Loads data for a screen: aborts on change or unmount, keeps the last error, and can be reloaded. */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useLoad<T>(fn: ((signal: AbortSignal) => Promise<T>) | null, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(fn !== null);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    const f = fnRef.current;
    if (!f) {
      setData(null);
      setError(null);
      setLoading(false);
      return;
    }
    const c = new AbortController();
    setLoading(true);
    setError(null);
    f(c.signal)
      .then((d) => {
        if (!c.signal.aborted) setData(d);
      })
      .catch((e: unknown) => {
        if (c.signal.aborted || (e as Error)?.name === 'AbortError') return;
        setData(null);
        setError(e);
      })
      .finally(() => {
        if (!c.signal.aborted) setLoading(false);
      });
    return () => c.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
