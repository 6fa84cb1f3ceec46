/**
 * The catalog's HTTP API as its screens use it: typed calls through the generated client (api/schema.d.ts, from
 * the server's route schemas — src/modules/catalog/**\/routes.ts is the contract). Response types are named here
 * from the generated ones, never copied.
 */
import { call, client, idempotencyKey, type BodyOf, type ResponseOf, type paths } from '../../api/client.ts';

type Q<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer X } } } ? NonNullable<X> : never;
/** A query as screens hold it: null (or '') for "not set"; `opt()` drops those before sending. */
type Loose<T> = { [K in keyof T]?: T[K] | null };

// ── implementations ──
export type Implementation = ResponseOf<'/api/v1/catalog/implementations/{id}', 'get'>;
export type ImplementationStatus = Implementation['status'];
export type Elements = Implementation['elements'];
export type Material = Elements['materials'][number];
export type ProcessStep = Elements['process'][number];
export type Department = Implementation['department'];
export type ImplementationVersion = ResponseOf<'/api/v1/catalog/implementations/{id}/versions', 'get'>['items'][number];
export type VersionStatus = ImplementationVersion['status'];
export type CatalogAction = ResponseOf<'/api/v1/catalog/implementations/{id}/actions', 'get'>['items'][number];
export type Rubric = ResponseOf<'/api/v1/catalog/implementations/{id}/rubric', 'get'>;
export type RubricCheck = ResponseOf<'/api/v1/catalog/implementations/{id}/rubric/check', 'get'>;
export type Diff = ResponseOf<'/api/v1/catalog/diff', 'get'>;
export type DiffChange = Diff['changes'][number];
export type DriftRow = ResponseOf<'/api/v1/catalog/reports/drift', 'get'>['items'][number];
export type GapRow = ResponseOf<'/api/v1/catalog/reports/gaps', 'get'>['items'][number];
export type ImpossibleRow = ResponseOf<'/api/v1/catalog/reports/impossible', 'get'>['items'][number];
export type TransitionAction = 'submit' | 'return' | 'publish' | 'revise' | 'discard' | 'retire';
export type ImplementationPatch = BodyOf<'/api/v1/catalog/implementations/{id}', 'patch'>;
export type ImplementationQuery = Loose<Q<'/api/v1/catalog/implementations'>>;

export const IMPLEMENTATION_STATUSES: readonly ImplementationStatus[] = ['draft', 'in_review', 'published', 'retired'];
export const ITEM_TYPE_CODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20] as const;
export const SERVICE_OBJECTS = [
  'natural_person',
  'legal_person',
  'other_organization',
] as const satisfies readonly Elements['serviceObjects'][number][];
export const CHANNELS = [
  'window',
  'online',
  'mobile',
  'self_service',
  'mail',
] as const satisfies readonly Elements['channels'][number][];
export const MATERIAL_FORMS = [
  'original',
  'copy',
  'electronic',
] as const satisfies readonly Material['forms'][number][];
export const MATERIAL_SOURCES = ['applicant', 'certificate', 'shared_data', 'government'] as const;
export const RESULT_KINDS = [
  'certificate',
  'decision',
  'none',
] as const satisfies readonly Elements['result']['kind'][];
export const VALIDITY_KINDS = [
  'none',
  'long_term',
  'period',
] as const satisfies readonly Elements['resultValidity']['kind'][];
export const VALIDITY_UNITS = ['year', 'month', 'day'] as const;
export const HANDLE_ANYWHERE = [
  'province_wide',
  'cross_province',
] as const satisfies readonly Elements['handleAnywhere'][number][];
export const HANDLING_KINDS = ['immediate', 'promised'] as const satisfies readonly Elements['handlingKind'][];
/** The roles a process step may name (display only; who may do what comes from the session's permissions). */
export const STAFF_ROLES = [
  'window_clerk',
  'reviewer',
  'approver',
  'department_lead',
  'inspector',
  'hotline_operator',
  'supervisor',
  'discipline_inspector',
  'admin',
] as const satisfies readonly ProcessStep['role'][];
export const CRITERIA = [
  'legal_basis',
  'acceptance_conditions',
  'materials',
  'time_limits',
  'fees',
  'process',
  'channels',
  'contacts',
  'result',
  'form',
] as const;

const byId = (id: string) => ({ path: { id } });

export const CatalogApi = {
  /** The certificate types (public, from the certificates module): to name a material's certificate type in words. */
  certificateTypes: (signal?: AbortSignal) => call(client.GET('/api/v1/certificates/types', { signal })),
  implementations: (q: ImplementationQuery, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/implementations', {
        params: { query: { limit: 20, ...(opt(q) as Q<'/api/v1/catalog/implementations'>) } },
        signal,
      }),
    ),
  implementation: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/implementations/{id}', { params: byId(id), signal })),
  versions: (id: string, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/implementations/{id}/versions', {
        params: { ...byId(id), query: { limit: 50 } },
        signal,
      }),
    ),
  actions: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/implementations/{id}/actions', { params: byId(id), signal })),
  rubric: (id: string, version: number | null, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/implementations/{id}/rubric', {
        params: { ...byId(id), query: version === null ? {} : { version } },
        signal,
      }),
    ),
  rubricCheck: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/implementations/{id}/rubric/check', { params: byId(id), signal })),
  diff: (a: string, b: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/diff', { params: { query: { a, b } }, signal })),
  transition: (id: string, action: TransitionAction, version: number, reason: string) =>
    call(
      client.POST(`/api/v1/catalog/implementations/{id}/${action}`, { params: byId(id), body: { version, reason } }),
    ),
  patch: (id: string, body: ImplementationPatch) =>
    call(client.PATCH('/api/v1/catalog/implementations/{id}', { params: byId(id), body })),
  drift: (region: string | null, cursor: string | null, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/reports/drift', {
        params: { query: { ...opt({ region, cursor }), limit: 50 } },
        signal,
      }),
    ),
  gaps: (region: string, cursor: string | null, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/reports/gaps', {
        params: { query: { region, ...opt({ cursor }), limit: 50 } },
        signal,
      }),
    ),
  impossible: (region: string | null, cursor: string | null, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/reports/impossible', {
        params: { query: { ...opt({ region, cursor }), limit: 50 } },
        signal,
      }),
    ),
};

/** Drops null, undefined and empty-string values, so they are not sent as query parameters. */
function opt<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: NonNullable<T[K]> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined && v !== '') out[k] = v;
  return out as { [K in keyof T]?: NonNullable<T[K]> };
}

/** Which catalog permissions the caller holds (from the session); the server enforces, this only hides buttons. */
export function catalogPermissions(permissions: readonly string[]): {
  read: boolean;
  edit: boolean;
  publish: boolean;
  centers: boolean;
} {
  return {
    read: permissions.includes('catalog:read'),
    edit: permissions.includes('catalog:edit'),
    publish: permissions.includes('catalog:publish'),
    centers: permissions.includes('catalog:centers'),
  };
}

/** The moves a status allows, with the permission each needs (TRANSITIONS and TRANSITION_PERMISSION on the server). */
export const MOVES: Record<ImplementationStatus, Array<{ action: TransitionAction; needs: 'edit' | 'publish' }>> = {
  draft: [
    { action: 'submit', needs: 'edit' },
    { action: 'discard', needs: 'edit' },
    { action: 'retire', needs: 'publish' },
  ],
  in_review: [
    { action: 'publish', needs: 'publish' },
    { action: 'return', needs: 'publish' },
  ],
  published: [
    { action: 'revise', needs: 'edit' },
    { action: 'retire', needs: 'publish' },
  ],
  retired: [],
};

// ── items, centers, delegations, bundles ──
export type CatalogItem = ResponseOf<'/api/v1/catalog/items', 'get'>['items'][number];
export type Center = ResponseOf<'/api/v1/catalog/centers/{id}', 'get'>;
export type CenterWindow = Center['halls'][number]['windows'][number];
export type NegativeEntry = ResponseOf<'/api/v1/catalog/centers/{id}/negative-list', 'get'>['items'][number];
export type UnavailableRow = ResponseOf<'/api/v1/catalog/reports/unavailable', 'get'>['items'][number];
export type Delegation = ResponseOf<'/api/v1/catalog/delegations/{id}', 'get'>;
/** (Taken from the call: openapi-fetch drops the always-null metrics columns from its data type.) */
export type DelegationReportRow = Awaited<ReturnType<typeof MoreApi.delegationReport>>['items'][number];
export type Bundle = ResponseOf<'/api/v1/catalog/bundles/{id}', 'get'>;
export type BundleMember = Bundle['members'][number];
export type BundleField = Bundle['form']['fields'][number];
export type BundleConflict = Bundle['conflicts'][number];
export type BundleMaterial = Bundle['materials'][number];
export type MemberInput = BodyOf<'/api/v1/catalog/bundles', 'post'>['members'][number];

export const MoreApi = {
  items: (q: string | null, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/items', {
        params: { query: { ...opt({ q }), status: 'active', limit: 200 } },
        signal,
      }),
    ),

  centers: (region: string | null, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/centers', { params: { query: { ...opt({ region }), limit: 100 } }, signal })),
  center: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/centers/{id}', { params: byId(id), signal })),
  negativeList: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/centers/{id}/negative-list', { params: byId(id), signal })),
  addEntry: (id: string, body: BodyOf<'/api/v1/catalog/centers/{id}/negative-list', 'post'>) =>
    call(
      client.POST('/api/v1/catalog/centers/{id}/negative-list', {
        params: { ...byId(id), header: idempotencyKey() },
        body,
      }),
    ),
  removeEntry: (id: string, entryId: string, version: number, reason: string) =>
    call(
      client.POST('/api/v1/catalog/centers/{id}/negative-list/{entryId}/remove', {
        params: { path: { id, entryId } },
        body: { version, reason },
      }),
    ),
  unavailable: (region: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/reports/unavailable', { params: { query: { region, limit: 100 } }, signal })),

  delegations: (q: { region?: string | null; status?: string | null }, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/delegations', {
        params: { query: { ...(opt(q) as Q<'/api/v1/catalog/delegations'>), limit: 100 } },
        signal,
      }),
    ),
  createDelegation: (body: BodyOf<'/api/v1/catalog/delegations', 'post'>) =>
    call(client.POST('/api/v1/catalog/delegations', { params: { header: idempotencyKey() }, body })),
  rollbackDelegation: (id: string, version: number, reason: string) =>
    call(client.POST('/api/v1/catalog/delegations/{id}/rollback', { params: byId(id), body: { version, reason } })),
  delegationReport: (region: string | null, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/reports/delegations', {
        params: { query: { ...opt({ region }), limit: 100 } },
        signal,
      }),
    ),

  bundles: (q: { region?: string | null; status?: string | null }, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/bundles', {
        params: { query: { ...(opt(q) as Q<'/api/v1/catalog/bundles'>), limit: 100 } },
        signal,
      }),
    ),
  bundle: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/bundles/{id}', { params: byId(id), signal })),
  createBundle: (body: BodyOf<'/api/v1/catalog/bundles', 'post'>) =>
    call(client.POST('/api/v1/catalog/bundles', { params: { header: idempotencyKey() }, body })),
  patchBundle: (id: string, body: BodyOf<'/api/v1/catalog/bundles/{id}', 'patch'>) =>
    call(client.PATCH('/api/v1/catalog/bundles/{id}', { params: byId(id), body })),
  moveBundle: (id: string, action: TransitionAction, version: number, reason: string) =>
    call(client.POST(`/api/v1/catalog/bundles/{id}/${action}`, { params: byId(id), body: { version, reason } })),
};

// ── public search and browse ──
export type SearchHit = ResponseOf<'/api/v1/catalog/search', 'get'>['items'][number];
export type SearchParams = Loose<Q<'/api/v1/catalog/search'>>;
export type DepartmentCount = ResponseOf<'/api/v1/catalog/browse/departments', 'get'>['items'][number];
export type ItemTypeCount = ResponseOf<'/api/v1/catalog/browse/item-types', 'get'>['items'][number];
export type LifeEventCount = ResponseOf<'/api/v1/catalog/browse/life-events', 'get'>['items'][number];

export const SearchApi = {
  search: (p: SearchParams, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/search', {
        params: { query: { ...(opt({ ...p, q: p.q?.trim() }) as Q<'/api/v1/catalog/search'>), limit: p.limit ?? 20 } },
        signal,
      }),
    ),
  departments: (region: string | null, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/browse/departments', { params: { query: opt({ region }) }, signal })),
  lifeEvents: (region: string | null, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/browse/life-events', { params: { query: opt({ region }) }, signal })),
  itemTypes: (region: string | null, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/browse/item-types', { params: { query: opt({ region }) }, signal })),
};

// ── the guide (办事指南) ──
export type Guide = ResponseOf<'/api/v1/catalog/implementations/{id}/guide', 'get'>;
export type GuideSection = Guide['sections'][number];
export type GuideBlock = GuideSection['blocks'][number];
export type Bilingual = GuideSection['heading'];

export interface GuideQuery {
  version?: number | null;
  preview?: boolean;
}

function guideQuery(q: GuideQuery): { preview?: true; version?: number } {
  if (q.preview) return { preview: true };
  return q.version ? { version: q.version } : {};
}

function queryString(q: GuideQuery): string {
  const s = new URLSearchParams(Object.entries(guideQuery(q)).map(([k, v]) => [k, String(v)])).toString();
  return s ? `?${s}` : '';
}

/** The guide's PDF (a plain link: it is public). */
export const guidePdfUrl = (id: string, q: GuideQuery = {}) =>
  `/api/v1/catalog/implementations/${encodeURIComponent(id)}/guide.pdf${queryString(q)}`;

export const GuideApi = {
  guide: (id: string, q: GuideQuery, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/implementations/{id}/guide', {
        params: { ...byId(id), query: guideQuery(q) as Q<'/api/v1/catalog/implementations/{id}/guide'> },
        signal,
      }),
    ),
};

export const bi = (b: Bilingual, lang: string) => (lang === 'zh-CN' ? b.zh : b.en);
