/** The hotline module's calls as its pages use them (src/modules/hotline/routes.ts is the contract). */
import { call, client, type ResponseOf } from '../../api/client.ts';

export type RecordHotline = ResponseOf<'/api/v1/hotline/records', 'get'>['items'][number];

export const HotlineApi = {
  records: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/hotline/records', { params: { query: { limit: 50 } }, signal })),
};
