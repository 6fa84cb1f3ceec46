/** The certificates module's calls as its pages use them (src/modules/certificates/routes.ts is the contract). */
import { call, client, type ResponseOf } from '../../api/client.ts';

export type RecordCertificates = ResponseOf<'/api/v1/certificates/records', 'get'>['items'][number];

export const CertificatesApi = {
  records: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/certificates/records', { params: { query: { limit: 50 } }, signal })),
};
