/** Loads data for a screen through TanStack Query: cached by `key`, aborted when no longer needed, reloadable. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * `key` names the data (first element: what is loaded, then everything it depends on); `fn` null means "nothing to
 * load yet". While a new key loads, the previous data stays on screen.
 *
 * @example const impl = useLoad(['catalog.implementation', id], (signal) => CatalogApi.implementation(id, signal));
 */
export function useLoad<T>(key: readonly unknown[], fn: ((signal: AbortSignal) => Promise<T>) | null): Loaded<T> {
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fn!(signal),
    enabled: fn !== null,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  return {
    data: fn === null ? null : (q.data ?? null),
    error: fn === null ? null : q.error,
    loading: fn !== null && q.isFetching,
    reload: () => void q.refetch(),
  };
}
