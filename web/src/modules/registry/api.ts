/** The registry's calls as its pages use them (src/modules/registry/routes.ts is the contract). */
import { call, client, type ResponseOf } from '../../api/client.ts';

export type Enterprise = ResponseOf<'/api/v1/registry/enterprises', 'get'>['items'][number];

export const RegistryApi = {
  enterprises: (q: string, cursor: string | null, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/registry/enterprises', {
        params: { query: { limit: 20, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) } },
        signal,
      }),
    ),
};
