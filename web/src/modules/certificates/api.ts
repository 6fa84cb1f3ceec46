/** The certificates module's calls as its pages use them (src/modules/certificates/routes.ts is the contract). */
import { authHeaders, call, client, errorOf, idempotencyKey, type BodyOf, type ResponseOf } from '../../api/client.ts';

export type Certificate = ResponseOf<'/api/v1/certificates/mine', 'get'>[number];
export type Verification = ResponseOf<'/api/v1/certificates/verify', 'post'>;
export type CertificateAction = 'revoke' | 'suspend' | 'reinstate';
export type Grant = ResponseOf<'/api/v1/certificates/mine/grants', 'get'>[number];
export type GrantUse = ResponseOf<'/api/v1/certificates/mine/uses', 'get'>[number];
export type GrantedUse = ResponseOf<'/api/v1/certificates/granted/{id}', 'get'>;
export type CertificateType = ResponseOf<'/api/v1/certificates/types', 'get'>[number];
export type IssuerKey = ResponseOf<'/api/v1/certificates/keys', 'get'>[number];
export type TrustList = ResponseOf<'/api/v1/certificates/trust-list', 'get'>;
export type ImportedIssuer = ResponseOf<'/api/v1/certificates/trust-list/imported', 'get'>[number];
export type ExpiryNotice = ResponseOf<'/api/v1/certificates/mine/notices', 'get'>[number];
export type CertificateTypeInput = BodyOf<'/api/v1/certificates/types', 'post'>;
export type GrantInput = { department?: string; caseId?: string; purpose: string; validUntil: string };

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
  types: (signal?: AbortSignal) => call(client.GET('/api/v1/certificates/types', { signal })),
  /** Defines a certificate type (the administrator's 定义证照类型 form). */
  defineType: (body: CertificateTypeInput) => call(client.POST('/api/v1/certificates/types', { body })),
  undefinedCodes: (signal?: AbortSignal) => call(client.GET('/api/v1/certificates/types/undefined-codes', { signal })),
  /** Departments to manage issuer keys for, by name, with their key counts. */
  issuers: (signal?: AbortSignal) => call(client.GET('/api/v1/certificates/issuers', { signal })),
  keys: (department: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/certificates/keys', { params: { query: { department } }, signal })),
  rotateKey: (department: string, alg: IssuerKey['alg']) =>
    call(client.POST('/api/v1/certificates/keys', { body: { department, alg } })),
  trustList: () => call(client.GET('/api/v1/certificates/trust-list', {})),
  importedIssuers: (signal?: AbortSignal) => call(client.GET('/api/v1/certificates/trust-list/imported', { signal })),
  /** Imports another province's trust list as read from its file (the server validates it). */
  importTrustList: (list: unknown) =>
    call(client.POST('/api/v1/certificates/trust-list/import', { body: list as TrustList })),
  /** The holder's expiry notices (certificates expiring soon) with the renewal case started for each. */
  notices: (signal?: AbortSignal) => call(client.GET('/api/v1/certificates/mine/notices', { signal })),
  /** Starts (or answers the open) renewal case of one of the holder's certificates, prefilled. */
  renew: (id: string, key = idempotencyKey()) =>
    call(client.POST('/api/v1/certificates/mine/{id}/renewal', { params: { path: { id } }, body: {}, headers: key })),
  grants: (signal?: AbortSignal) => call(client.GET('/api/v1/certificates/mine/grants', { signal })),
  uses: (signal?: AbortSignal) => call(client.GET('/api/v1/certificates/mine/uses', { signal })),
  grant: (id: string, body: GrantInput) =>
    call(client.POST('/api/v1/certificates/mine/{id}/grants', { params: { path: { id } }, body })),
  revokeGrant: (id: string, version: number) =>
    call(client.POST('/api/v1/certificates/grants/{id}/revoke', { params: { path: { id } }, body: { version } })),
  granted: (signal?: AbortSignal) => call(client.GET('/api/v1/certificates/granted', { signal })),
  useGranted: (id: string) => call(client.GET('/api/v1/certificates/granted/{id}', { params: { path: { id } } })),
  /** Departments to grant to: those with services in the catalog (public). */
  departments: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/browse/departments', { params: { query: {} }, signal })),
  /** The holder's own cases, to grant the department handling one of them. */
  myCases: (signal?: AbortSignal) => call(client.GET('/api/v1/cases', { params: { query: { limit: 50 } }, signal })),
  verify: (credential: string) => call(client.POST('/api/v1/certificates/verify', { body: { credential } })),
  /** Verifies a certificate PDF: the server reads its QR code (no account needed). */
  verifyPdf: async (file: Blob): Promise<Verification> => {
    const res = await fetch('/api/v1/certificates/verify/pdf', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/pdf' },
      body: file,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw errorOf(res, body, false);
    return body as Verification;
  },
  /** Verifies a certificate of this platform by its credential id (the QR code's #id= fallback). */
  verifyById: (id: string) => call(client.GET('/api/v1/certificates/verify/{id}', { params: { path: { id } } })),
  /** Change (变更) or renew (延续): the next version, superseding this one. */
  reissue: (
    id: string,
    kind: 'change' | 'renew',
    body: { version: number; reason: string; face?: Record<string, unknown> },
  ) =>
    call(
      client.POST(`/api/v1/certificates/certificates/{id}/${kind}` as '/api/v1/certificates/certificates/{id}/change', {
        params: { path: { id } },
        body,
      }),
    ),
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
