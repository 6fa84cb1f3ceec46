/**
 * Service centers and negative lists (centers/routes.ts), delegations (delegation/routes.ts), bundles
 * (bundles/routes.ts) and the basic catalog's items, as the screens use them. Types mirror the server schemas.
 */
import { ApiError, api, getToken, type Page } from '../../api.ts';
import type { Department, ImplementationStatus, Material } from './catalog-api.ts';

const enc = encodeURIComponent;
function qs(p: Record<string, string | number | null | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== null && v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
const key = () => ({ 'idempotency-key': crypto.randomUUID() });

/** POST with an Idempotency-Key (creating routes accept one). */
async function create<T>(path: string, body: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json', ...key() };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR' });
  }
  const data = (await res.json().catch(() => null)) as { error?: { code?: string; field?: string | null; message?: { zh: string; en: string }; requestId?: string } } | null;
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError({ status: res.status, code: e?.code ?? `HTTP_${res.status}`, field: e?.field ?? null, message: e?.message ?? null, requestId: e?.requestId ?? null });
  }
  return data as T;
}

export interface CatalogItem {
  id: string;
  basicCode: string;
  businessItem: string;
  name: string;
  itemType: number;
  region: string;
  status: 'active' | 'retired';
  illustrative: boolean;
}

// ── centers ──
export interface CenterWindow {
  id: string;
  hallId: string;
  number: string;
  name: string;
  type: string;
  typeName: string;
  departments: Array<{ code: string; name: string }>;
  status: 'open' | 'closed';
}
export interface Center {
  id: string;
  region: string;
  regionName: string;
  name: string;
  address: string;
  hours: string;
  phone: string | null;
  status: 'open' | 'closed';
  version: number;
  halls: Array<{ id: string; name: string; floor: string | null; windows: CenterWindow[] }>;
}
export interface NegativeEntry {
  id: string;
  centerId: string;
  target: 'implementation' | 'item';
  implementationId: string | null;
  implementationCode: string | null;
  itemId: string;
  itemName: string;
  reason: string;
  approvedBy: string;
  approvedOn: string;
  status: 'active' | 'removed';
  removalReason: string | null;
  createdAt: string;
  removedAt: string | null;
}
export interface UnavailableRow {
  implementationId: string;
  version: number;
  code: string;
  itemId: string;
  itemName: string;
  region: string;
  regionName: string;
  department: Department;
  fullyOnline: boolean;
  centers: Array<{ id: string; name: string }>;
  excludedAt: Array<{ centerId: string; centerName: string; entryId: string; reason: string }>;
  illustrative: boolean;
  cause: 'no_center' | 'excluded';
}

// ── delegations ──
export interface Delegation {
  id: string;
  itemId: string;
  itemName: string;
  fromRegion: string;
  fromRegionName: string;
  fromLevel: 'province' | 'city';
  toRegions: Array<{ region: string; name: string; department: { code: string; name: string } }>;
  receivingKind: string;
  effectiveFrom: string;
  reason: string;
  document: string | null;
  status: string;
  inForce: boolean;
  rollbackReason: string | null;
  rolledBackAt: string | null;
  version: number;
  createdAt: string;
}
export interface DelegationReportRow {
  county: string;
  countyName: string;
  department: { code: string; name: string };
  delegationId: string;
  itemId: string;
  itemName: string;
  fromRegion: string;
  fromRegionName: string;
  effectiveFrom: string;
  inForce: boolean;
  volume: null;
  onTimeRate: null;
  metricsStatus: string;
  metricsNote: { zh: string; en: string };
}

// ── bundles ──
export interface BundleMember {
  key: string;
  implementationId: string;
  version: number;
  code: string;
  itemId: string;
  itemName: string;
  region: string;
  department: Department;
  dependsOn: string[];
  parallelGroup: string | null;
  stage: number;
  promisedDays: number;
  fullyOnline: boolean;
  illustrative: boolean;
}
export interface BundleField {
  semanticKey: string;
  property: string;
  title: string;
  type: string;
  required: boolean;
  askedBy: string[];
}
export interface BundleConflict {
  semanticKey: string;
  kind: string;
  members: Array<{ member: string; property: string; value: unknown }>;
  zh: string;
  en: string;
}
export interface BundleMaterial {
  key: string;
  name: string;
  requirement: 'required' | 'conditional';
  conditions: string[];
  forms: string[];
  paperCopies: number;
  blankForm: string | null;
  sample: string | null;
  source: Material['source'];
  neededBy: Array<{ member: string; materialKey: string; requirement: string; condition: string | null }>;
}
export interface Bundle {
  id: string;
  code: string;
  name: string;
  lifeEvent: string;
  region: string;
  regionName: string;
  description: string | null;
  members: BundleMember[];
  form: { schema: unknown; fields: BundleField[] };
  materials: BundleMaterial[];
  summary: { memberCount: number; stages: number; promisedDays: number; fullyOnline: boolean };
  illustrative: boolean;
  status: ImplementationStatus;
  version: number;
  publishedVersion: number | null;
  conflicts: BundleConflict[];
  submittedBy: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface MemberInput {
  key: string;
  implementationId: string;
  version: number;
  dependsOn?: string[];
  parallelGroup?: string | null;
}

export const MoreApi = {
  items: (q: string | null, signal?: AbortSignal) => api<Page<CatalogItem>>('GET', `/api/v1/catalog/items${qs({ q, status: 'active', limit: 200 })}`, undefined, { signal }),

  centers: (region: string | null, signal?: AbortSignal) => api<Page<Center>>('GET', `/api/v1/catalog/centers${qs({ region, limit: 100 })}`, undefined, { signal }),
  center: (id: string, signal?: AbortSignal) => api<Center>('GET', `/api/v1/catalog/centers/${enc(id)}`, undefined, { signal }),
  negativeList: (id: string, signal?: AbortSignal) => api<{ items: NegativeEntry[] }>('GET', `/api/v1/catalog/centers/${enc(id)}/negative-list`, undefined, { signal }),
  addEntry: (id: string, body: { version: number; implementationId?: string | null; itemId?: string | null; reason: string; approvedBy: string; approvedOn: string }) =>
    create<{ centerVersion: number; entry: NegativeEntry }>(`/api/v1/catalog/centers/${enc(id)}/negative-list`, body),
  removeEntry: (id: string, entryId: string, version: number, reason: string) =>
    api<{ centerVersion: number; entry: NegativeEntry }>('POST', `/api/v1/catalog/centers/${enc(id)}/negative-list/${enc(entryId)}/remove`, { version, reason }),
  unavailable: (region: string, signal?: AbortSignal) => api<Page<UnavailableRow>>('GET', `/api/v1/catalog/reports/unavailable${qs({ region, limit: 100 })}`, undefined, { signal }),

  delegations: (q: { region?: string | null; status?: string | null }, signal?: AbortSignal) =>
    api<Page<Delegation>>('GET', `/api/v1/catalog/delegations${qs({ region: q.region, status: q.status, limit: 100 })}`, undefined, { signal }),
  createDelegation: (body: { itemId: string; fromRegion: string; toRegions: string[]; receivingKind?: string; effectiveFrom: string; reason: string; document?: string | null }) =>
    create<Delegation>('/api/v1/catalog/delegations', body),
  rollbackDelegation: (id: string, version: number, reason: string) => api<Delegation>('POST', `/api/v1/catalog/delegations/${enc(id)}/rollback`, { version, reason }),
  delegationReport: (region: string | null, signal?: AbortSignal) => api<Page<DelegationReportRow>>('GET', `/api/v1/catalog/reports/delegations${qs({ region, limit: 100 })}`, undefined, { signal }),

  bundles: (q: { region?: string | null; status?: string | null }, signal?: AbortSignal) => api<Page<Bundle>>('GET', `/api/v1/catalog/bundles${qs({ region: q.region, status: q.status, limit: 100 })}`, undefined, { signal }),
  bundle: (id: string, signal?: AbortSignal) => api<Bundle>('GET', `/api/v1/catalog/bundles/${enc(id)}`, undefined, { signal }),
  createBundle: (body: { code: string; name: string; lifeEvent: string; region: string; description?: string | null; members: MemberInput[] }) => create<Bundle>('/api/v1/catalog/bundles', body),
  patchBundle: (id: string, body: { version: number; reason?: string; name?: string; lifeEvent?: string; description?: string | null; members?: MemberInput[] }) =>
    api<Bundle>('PATCH', `/api/v1/catalog/bundles/${enc(id)}`, body),
  moveBundle: (id: string, action: string, version: number, reason: string) => api<Bundle>('POST', `/api/v1/catalog/bundles/${enc(id)}/${action}`, { version, reason }),
};

/** Whether the roles may manage centers and negative lists (catalog:centers). */
export const canManageCenters = (roles: readonly string[]) => roles.includes('department_lead') || roles.includes('admin');
