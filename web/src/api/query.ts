/** The TanStack Query client: one per page load. A 4xx is an answer, not a hiccup, so only other failures retry. */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, e) => count < 2 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});
