/**
 * The catalog's HTTP API as the web UI uses it (src/modules/catalog/routes*.ts and schemas.ts are the contract).
 * Types mirror the server's response schemas; only what the screens read is typed strictly.
 */
import { api, type Page } from '../../api.ts';

export type ImplementationStatus = 'draft' | 'in_review' | 'published' | 'retired';
export const IMPLEMENTATION_STATUSES: readonly ImplementationStatus[] = ['draft', 'in_review', 'published', 'retired'];
export type TransitionAction = 'submit' | 'return' | 'publish' | 'revise' | 'discard' | 'retire';
export type VersionStatus = 'published' | 'superseded' | 'retired';

export const ITEM_TYPE_CODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20] as const;
export const SERVICE_OBJECTS = ['natural_person', 'legal_person', 'other_organization'] as const;
export const CHANNELS = ['window', 'online', 'mobile', 'self_service', 'mail'] as const;
export const MATERIAL_FORMS = ['original', 'copy', 'electronic'] as const;
export const MATERIAL_SOURCES = ['applicant', 'certificate', 'shared_data', 'government'] as const;
export const RESULT_KINDS = ['certificate', 'decision', 'none'] as const;
export const VALIDITY_KINDS = ['none', 'long_term', 'period'] as const;
export const VALIDITY_UNITS = ['year', 'month', 'day'] as const;
export const HANDLE_ANYWHERE = ['province_wide', 'cross_province'] as const;
export const HANDLING_KINDS = ['immediate', 'promised'] as const;
export const STAFF_ROLES = ['window_clerk', 'reviewer', 'approver', 'department_lead', 'inspector', 'hotline_operator', 'supervisor', 'discipline_inspector', 'admin'] as const;
export const CRITERIA = ['legal_basis', 'acceptance_conditions', 'materials', 'time_limits', 'fees', 'process', 'channels', 'contacts', 'result', 'form'] as const;

export interface Citation {
  title: string;
  article: string | null;
  excerpt: string | null;
}

export interface ItemSummary {
  id: string;
  basicCode: string;
  businessItem: string;
  name: string;
  itemType: number;
  itemTypeName: string;
  legalBasis: Citation[];
  reformMode: string | null;
  illustrative: boolean;
}

export interface Department {
  code: string;
  name: string;
  uscc: string;
}

export interface Material {
  key: string;
  name: string;
  requirement: 'required' | 'conditional';
  condition: string | null;
  forms: Array<(typeof MATERIAL_FORMS)[number]>;
  paperCopies: number;
  blankForm: string | null;
  sample: string | null;
  source: { kind: (typeof MATERIAL_SOURCES)[number]; certificateType: string | null; dataSource: string | null } | null;
}

export interface ProcessStep {
  key: string;
  name: string;
  role: string;
  days: number;
  parallelGroup: string | null;
}

export interface Elements {
  entrustedBody: { name: string; uscc: string } | null;
  acceptanceConditions: string[];
  materials: Material[];
  statutoryDays: number | null;
  promisedDays: number;
  handlingKind: (typeof HANDLING_KINDS)[number];
  fees: { charged: boolean; basis: string | null; items: Array<{ name: string; amountFen: number; basis: string | null }>; reductions: string[] };
  serviceObjects: Array<(typeof SERVICE_OBJECTS)[number]>;
  channels: Array<(typeof CHANNELS)[number]>;
  onlineDepth: { fullyOnline: boolean; inPersonVisits: number };
  places: Array<{ name: string; address: string; hours: string }>;
  contacts: { consultation: string[]; complaint: string[] };
  result: { kind: (typeof RESULT_KINDS)[number]; name: string | null; certificateType: string | null; sample: string | null };
  resultValidity: { kind: (typeof VALIDITY_KINDS)[number]; value: number | null; unit: (typeof VALIDITY_UNITS)[number] | null };
  quantityLimit: { limited: boolean; description: string | null };
  handleAnywhere: Array<(typeof HANDLE_ANYWHERE)[number]>;
  intermediaryServices: Array<{ name: string; required: boolean; basis: string | null }>;
  process: ProcessStep[];
  form: unknown;
}

export interface VersionRef {
  implementationId: string;
  version: number;
}

export interface Implementation {
  id: string;
  code: string;
  item: ItemSummary;
  region: string;
  regionName: string;
  department: Department;
  status: ImplementationStatus;
  version: number;
  publishedVersion: number | null;
  effectiveFrom: string;
  derivedFrom: VersionRef | null;
  elements: Elements;
  submittedBy: string | null;
  submittedAt: string | null;
  retiredAt: string | null;
  illustrative: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ImplementationVersion {
  implementationId: string;
  version: number;
  status: VersionStatus;
  code: string;
  item: ItemSummary;
  region: string;
  regionName: string;
  department: Department;
  effectiveFrom: string;
  derivedFrom: VersionRef | null;
  elements: Elements;
  digest: string;
  submittedBy: string | null;
  publishedBy: string | null;
  publishedAt: string;
  illustrative: boolean;
}

export interface DiffSide {
  implementationId: string;
  version: number | null;
  code: string;
  region: string;
}

export interface DiffChange {
  element: string;
  key: string | null;
  change: 'changed' | 'added' | 'removed';
  a: unknown;
  b: unknown;
}

export interface Diff {
  a: DiffSide;
  b: DiffSide;
  changes: DiffChange[];
}

export interface Rubric {
  implementationId: string;
  version: number | null;
  score: number;
  criteria: Array<{ criterion: (typeof CRITERIA)[number]; weight: number; lost: number }>;
  findings: Array<{ criterion: (typeof CRITERIA)[number]; severity: 'missing' | 'vague' | 'inconsistent'; points: number; element: string; zh: string; en: string }>;
  illustrative: boolean;
}

export interface CatalogAction {
  id: string;
  at: string;
  actorId: string;
  actorRole: string;
  action: string;
  reason: string | null;
  ruleVersion: string | null;
}

export interface DriftRow {
  implementationId: string;
  code: string;
  region: string;
  department: Department;
  version: number;
  publishedAt: string;
  source: { implementationId: string; version: number; code: string; region: string; latestVersion: number; latestPublishedAt: string };
  changedElements: string[];
  illustrative: boolean;
}

export interface GapRow {
  itemId: string;
  basicCode: string;
  name: string;
  itemType: number;
  departmentKind: string;
  region: string;
  level: 'province' | 'city' | 'county';
  unpublished: number;
  illustrative: boolean;
}

export interface ImpossibleRow {
  implementationId: string;
  version: number;
  code: string;
  region: string;
  department: Department;
  itemName: string;
  findings: Array<{ code: string; element: string; zh: string; en: string }>;
  illustrative: boolean;
}

const enc = encodeURIComponent;

function qs(params: Record<string, string | number | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface ImplementationQuery {
  status?: ImplementationStatus | null;
  region?: string | null;
  itemId?: string | null;
  departmentCode?: string | null;
  cursor?: string | null;
  limit?: number;
}

export const CatalogApi = {
  implementations: (q: ImplementationQuery, signal?: AbortSignal) =>
    api<Page<Implementation>>('GET', `/api/v1/catalog/implementations${qs({ limit: q.limit ?? 20, status: q.status, region: q.region, itemId: q.itemId, departmentCode: q.departmentCode, cursor: q.cursor })}`, undefined, { signal }),
  implementation: (id: string, signal?: AbortSignal) => api<Implementation>('GET', `/api/v1/catalog/implementations/${enc(id)}`, undefined, { signal }),
  versions: (id: string, signal?: AbortSignal) => api<Page<ImplementationVersion>>('GET', `/api/v1/catalog/implementations/${enc(id)}/versions?limit=50`, undefined, { signal }),
  actions: (id: string, signal?: AbortSignal) => api<Page<CatalogAction>>('GET', `/api/v1/catalog/implementations/${enc(id)}/actions`, undefined, { signal }),
  rubric: (id: string, version: number | null, signal?: AbortSignal) =>
    api<Rubric>('GET', `/api/v1/catalog/implementations/${enc(id)}/rubric${qs({ version })}`, undefined, { signal }),
  diff: (a: string, b: string, signal?: AbortSignal) => api<Diff>('GET', `/api/v1/catalog/diff${qs({ a, b })}`, undefined, { signal }),
  transition: (id: string, action: TransitionAction, version: number, reason: string) =>
    api<Implementation>('POST', `/api/v1/catalog/implementations/${enc(id)}/${action}`, { version, reason }),
  patch: (id: string, body: { version: number; reason?: string; effectiveFrom?: string; elements?: Partial<Elements> }) =>
    api<Implementation>('PATCH', `/api/v1/catalog/implementations/${enc(id)}`, body),
  drift: (region: string | null, cursor: string | null, signal?: AbortSignal) =>
    api<Page<DriftRow>>('GET', `/api/v1/catalog/reports/drift${qs({ region, cursor, limit: 50 })}`, undefined, { signal }),
  gaps: (region: string, cursor: string | null, signal?: AbortSignal) =>
    api<Page<GapRow>>('GET', `/api/v1/catalog/reports/gaps${qs({ region, cursor, limit: 50 })}`, undefined, { signal }),
  impossible: (region: string | null, cursor: string | null, signal?: AbortSignal) =>
    api<Page<ImpossibleRow>>('GET', `/api/v1/catalog/reports/impossible${qs({ region, cursor, limit: 50 })}`, undefined, { signal }),
};

/** Which catalog permissions a set of roles carries (docs/catalog.md § API); the server enforces, this only hides buttons. */
export function catalogPermissions(roles: readonly string[]): { read: boolean; edit: boolean; publish: boolean } {
  const has = (...r: string[]) => r.some((x) => roles.includes(x));
  return {
    read: has(...STAFF_ROLES),
    edit: has('reviewer', 'department_lead', 'admin'),
    publish: has('department_lead', 'admin'),
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
