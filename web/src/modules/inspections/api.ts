/** The inspections module's calls as its pages use them (src/modules/inspections/routes.ts is the contract). */
import { call, client, type ResponseOf } from '../../api/client.ts';

export type RecordInspections = ResponseOf<'/api/v1/inspections/records', 'get'>['items'][number];

export const InspectionsApi = {
  records: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/records', { params: { query: { limit: 50 } }, signal })),
};
