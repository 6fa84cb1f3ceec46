/** The certificates module's calls as its pages use them (src/modules/certificates/routes.ts is the contract). */
import { authHeaders, call, client, errorOf, type ResponseOf } from '../../api/client.ts';

export type Certificate = ResponseOf<'/api/v1/certificates/mine', 'get'>[number];
export type Verification = ResponseOf<'/api/v1/certificates/verify', 'post'>;
export type CertificateAction = 'revoke' | 'suspend' | 'reinstate';

export const CertificatesApi = {
  issued: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/certificates/certificates', { params: { query: { limit: 100 } }, signal })),
  mine: (signal?: AbortSignal) => call(client.GET('/api/v1/certificates/mine', { signal })),
  credential: (id: string) =>
    call(client.GET('/api/v1/certificates/mine/{id}/credential', { params: { path: { id } } })),
  /** A certificate's PDF, the holder's (`mine`) or the department's (the download needs the bearer token). */
  pdf: async (id: string, as: 'mine' | 'certificates'): Promise<Blob> => {
    const res = await fetch(`/api/v1/certificates/${as}/${encodeURIComponent(id)}/pdf`, {
      headers: { ...authHeaders(), accept: 'application/pdf' },
    });
    if (!res.ok) throw errorOf(res, await res.json().catch(() => null), true);
    return res.blob();
  },
  verify: (credential: string) => call(client.POST('/api/v1/certificates/verify', { body: { credential } })),
  move: (id: string, action: CertificateAction, version: number, reason: string) =>
    call(
      client.POST(
        `/api/v1/certificates/certificates/{id}/${action}` as '/api/v1/certificates/certificates/{id}/revoke',
        {
          params: { path: { id } },
          body: { version, reason },
        },
      ),
    ),
};
